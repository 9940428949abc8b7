import type { CauseCode } from '../../../shared/schemas/causes.js';
import type { CauseCodeRow } from '../../db/types.js';
import { newId, nowIso } from '../../lib/ids.js';
import { DEFAULT_CAUSES } from '../../text/default-causes.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import type { Executor } from '../context.js';
import { updateIfVersion } from '../../db/versioned.js';

export function toCauseCode(row: CauseCodeRow): CauseCode {
  return {
    id: row.id,
    code: row.code,
    name: { 'zh-CN': row.name_zh_cn, 'zh-TW': row.name_zh_tw, 'en-US': row.name_en_us },
    attributionClass: row.attribution_class as CauseCode['attributionClass'],
    keywords: JSON.parse(row.keywords) as string[],
    active: row.active === 1,
    sortOrder: row.sort_order,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Gives an organisation the default cause taxonomy when it has no cause codes yet. Safe to race:
 * a second caller's rows conflict on (org_id, code) and are skipped. Returns how many were added.
 */
export async function ensureDefaultCauses(trx: Executor, orgId: string): Promise<number> {
  const existing = await trx.selectFrom('cause_codes').select('id').where('org_id', '=', orgId).limit(1).executeTakeFirst();
  if (existing) return 0;
  const now = nowIso();
  const inserted = await trx
    .insertInto('cause_codes')
    .values(
      DEFAULT_CAUSES.map((c, i) => ({
        id: newId(),
        org_id: orgId,
        code: c.code,
        name_zh_cn: c.names['zh-CN'],
        name_zh_tw: c.names['zh-TW'],
        name_en_us: c.names['en-US'],
        attribution_class: c.attributionClass,
        keywords: JSON.stringify(c.keywords),
        active: 1,
        sort_order: (i + 1) * 10,
        version: 1,
        created_at: now,
        updated_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(['org_id', 'code']).doNothing())
    .returning('id')
    .execute();
  if (inserted.length > 0) {
    await insertAuditEvent(trx, null, orgId, { action: 'seed', entity: 'cause_code', entityId: null, after: { defaults: inserted.length } });
  }
  return inserted.length;
}

export async function findCauseCodes(db: Executor, orgId: string): Promise<CauseCodeRow[]> {
  return db.selectFrom('cause_codes').selectAll().where('org_id', '=', orgId).orderBy('sort_order').orderBy('code').execute();
}

export async function findCauseCodeById(db: Executor, orgId: string, id: string): Promise<CauseCodeRow | undefined> {
  return db.selectFrom('cause_codes').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export async function findCauseCodeByCode(db: Executor, orgId: string, code: string): Promise<CauseCodeRow | undefined> {
  return db.selectFrom('cause_codes').selectAll().where('org_id', '=', orgId).where('code', '=', code).executeTakeFirst();
}

export async function nextCauseSortOrder(db: Executor, orgId: string): Promise<number> {
  const row = await db
    .selectFrom('cause_codes')
    .select((eb) => eb.fn.max<number | null>('sort_order').as('max'))
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return Number(row?.max ?? 0) + 10;
}

export async function insertCauseCode(db: Executor, row: CauseCodeRow): Promise<void> {
  await db.insertInto('cause_codes').values(row).execute();
}

/** Updates the row if it is still at `version`; false when someone else changed it first. */
export function updateCauseCodeRow(db: Executor, orgId: string, id: string, version: number, changes: Partial<CauseCodeRow>): Promise<boolean> {
  return updateIfVersion(db, 'cause_codes', orgId, id, version, changes);
}

/**
 * The organisation's stored model, locked for this transaction when `lock` is set: a no-op update
 * takes the row lock on PostgreSQL (SQLite serialises writers anyway), so two people coding
 * cases at once do not overwrite each other's learning. Undefined when none is stored yet.
 */
export async function findCauseModel(db: Executor, orgId: string, lock: boolean): Promise<{ model: string; examples: number } | undefined> {
  if (lock) {
    await db
      .updateTable('cause_models')
      .set((eb) => ({ examples: eb.ref('examples') }))
      .where('org_id', '=', orgId)
      .execute();
  }
  return db.selectFrom('cause_models').select(['model', 'examples']).where('org_id', '=', orgId).executeTakeFirst();
}

export async function saveCauseModel(db: Executor, orgId: string, model: string, examples: number): Promise<void> {
  const now = nowIso();
  await db
    .insertInto('cause_models')
    .values({ org_id: orgId, model, examples, trained_at: now })
    .onConflict((oc) => oc.column('org_id').doUpdateSet({ model, examples, trained_at: now }))
    .execute();
}

/** Stores a first model unless another transaction stored one first; true when this one was stored. */
export async function insertCauseModelIfMissing(db: Executor, orgId: string, model: string, examples: number): Promise<boolean> {
  const rows = await db
    .insertInto('cause_models')
    .values({ org_id: orgId, model, examples, trained_at: nowIso() })
    .onConflict((oc) => oc.column('org_id').doNothing())
    .returning('org_id')
    .execute();
  return rows.length === 1;
}

/** The most recently created coded cases of the organisation, to (re)build its model from. */
export async function findCodedCaseTexts(db: Executor, orgId: string, limit: number): Promise<{ title: string; description: string; cause_code: string }[]> {
  const rows = await db
    .selectFrom('cases')
    .select(['title', 'description', 'cause_code'])
    .where('org_id', '=', orgId)
    .where('cause_code', 'is not', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ title: r.title, description: r.description, cause_code: r.cause_code as string }));
}
