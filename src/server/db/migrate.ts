import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as m0001 from './migrations/0001_platform.js';
import * as m0002 from './migrations/0002_customer_list_index.js';
import * as m0003 from './migrations/0003_cases.js';
import * as m0004 from './migrations/0004_case_search.js';
import * as m0005 from './migrations/0005_cause_codes.js';
import * as m0006 from './migrations/0006_portal_attachments.js';
import * as m0007 from './migrations/0007_ladder_recovery.js';
import * as m0008 from './migrations/0008_sla_notifications.js';
import * as m0009 from './migrations/0009_saved_views.js';
import * as m0011 from './migrations/0011_case_sla_targets.js';
import * as m0012 from './migrations/0012_revisits_outbox.js';
import * as m0014 from './migrations/0014_revisit_once_per_resolution.js';
import * as m0015 from './migrations/0015_revisit_overdue_marker.js';
import * as m0016 from './migrations/0016_surveys.js';
import * as m0017 from './migrations/0017_survey_campaigns.js';
import * as m0018 from './migrations/0018_survey_followups.js';

/** Migrations in order. Listed explicitly so that they work the same from tsx, tests and bundles. */
const migrations: Record<string, Migration> = {
  '0001_platform': m0001,
  '0002_customer_list_index': m0002,
  '0003_cases': m0003,
  '0004_case_search': m0004,
  '0005_cause_codes': m0005,
  '0006_portal_attachments': m0006,
  '0007_ladder_recovery': m0007,
  '0008_sla_notifications': m0008,
  '0009_saved_views': m0009,
  '0011_case_sla_targets': m0011,
  '0012_revisits_outbox': m0012,
  '0014_revisit_once_per_resolution': m0014,
  '0015_revisit_overdue_marker': m0015,
  '0016_surveys': m0016,
  '0017_survey_campaigns': m0017,
  '0018_survey_followups': m0018,
};

/** Migration names, oldest first. */
export const MIGRATION_NAMES = Object.keys(migrations).sort();

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema to the latest version; throws (never half-reports) when a migration fails. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'fuwu_migrations', migrationLockTableName: 'fuwu_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(`Migration failed${name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Reverts the latest migration; for the CLI's `migrate --down`. */
export async function migrateDown(db: Kysely<any>): Promise<string | undefined> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'fuwu_migrations', migrationLockTableName: 'fuwu_migrations_lock' });
  const { error, results } = await migrator.migrateDown();
  if (error) throw new Error(`Migration down failed: ${String(error)}`, { cause: error });
  return results?.[0]?.migrationName;
}
