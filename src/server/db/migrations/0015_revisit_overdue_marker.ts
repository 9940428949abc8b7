import { type Kysely, sql } from 'kysely';
import { columnTypes } from './column-types.js';

// Frozen: a migration that has shipped is never edited; add a new one instead.

/**
 * When the supervisors were told that a plan revisit is overdue. The overdue job claims each
 * revisit by setting it (`… where overdue_notified_at is null`), so however many app instances run
 * the job, each overdue revisit is announced once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp } = columnTypes(db);
  await db.schema.alterTable('revisits').addColumn('overdue_notified_at', timestamp).execute();
  // The job's question: plan revisits still due, past their deadline, not yet announced.
  await db.schema
    .createIndex('revisits_plan_overdue_idx')
    .on('revisits')
    .column('deadline_at')
    .where(sql.ref('kind'), '=', 'plan')
    .where(sql.ref('status'), '=', 'due')
    .where(sql.ref('overdue_notified_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('revisits_plan_overdue_idx').execute();
  await db.schema.alterTable('revisits').dropColumn('overdue_notified_at').execute();
}
