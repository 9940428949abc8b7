import type { Kysely, Updateable } from 'kysely';
import type { Database } from './types.js';

/** Tables whose rows carry a `version` for optimistic concurrency. */
export type VersionedTable = 'sites' | 'users' | 'customers' | 'cases' | 'cause_codes' | 'sla_policies' | 'business_calendars' | 'case_recoveries';

/**
 * Applies `changes` to the organisation's row only if it is still at `version`, bumping the
 * version. Returns false when someone else changed (or deleted) the row first: the caller answers
 * 409 stale_version. The one way versioned rows are updated.
 */
export async function updateIfVersion<T extends VersionedTable>(
  db: Kysely<Database>,
  table: T,
  orgId: string,
  id: string,
  version: number,
  changes: Updateable<Database[T]>,
): Promise<boolean> {
  // Kysely cannot type a column reference shared by a union of tables; every table here has these columns.
  const result = await (db as unknown as Kysely<Record<VersionedTable, { org_id: string; id: string; version: number }>>)
    .updateTable(table as VersionedTable)
    .set({ ...(changes as object), version: version + 1 })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
