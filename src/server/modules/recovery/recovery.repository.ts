import type { CaseRecoveryRow } from '../../db/types.js';
import { updateIfVersion } from '../../db/versioned.js';
import type { Executor } from '../context.js';

export function findRecovery(db: Executor, orgId: string, caseId: string): Promise<CaseRecoveryRow | undefined> {
  return db.selectFrom('case_recoveries').selectAll().where('org_id', '=', orgId).where('case_id', '=', caseId).executeTakeFirst();
}

export async function insertRecovery(db: Executor, row: CaseRecoveryRow): Promise<void> {
  await db.insertInto('case_recoveries').values(row).execute();
}

/** Updates the row if it is still at `version`; false when someone else changed it first. */
export function updateRecoveryRow(db: Executor, orgId: string, id: string, version: number, changes: Partial<CaseRecoveryRow>): Promise<boolean> {
  return updateIfVersion(db, 'case_recoveries', orgId, id, version, changes);
}

/** The organisation's edited limits (roles without a row keep the default). */
export function findLimitRows(db: Executor, orgId: string) {
  return db.selectFrom('compensation_limits').select(['role', 'limit_fen']).where('org_id', '=', orgId).execute();
}

export async function upsertLimit(db: Executor, orgId: string, role: string, limitFen: number | null, now: string): Promise<void> {
  await db
    .insertInto('compensation_limits')
    .values({ org_id: orgId, role, limit_fen: limitFen, updated_at: now })
    .onConflict((oc) => oc.columns(['org_id', 'role']).doUpdateSet({ limit_fen: limitFen, updated_at: now }))
    .execute();
}

/** The site and every site above it: a grant on any of them covers the site. */
export async function siteWithAncestors(db: Executor, orgId: string, siteId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('sites').select(['id', 'parent_id']).where('org_id', '=', orgId).execute();
  const parent = new Map(rows.map((r) => [r.id, r.parent_id]));
  const out = new Set<string>();
  for (let id: string | null | undefined = siteId; id && !out.has(id); id = parent.get(id)) out.add(id);
  return out;
}
