import type { SiteKind } from '../../../shared/roles.js';
import type { Site } from '../../../shared/schemas/org.js';
import type { Db } from '../../db/database.js';
import { containsText } from '../../db/dialect.js';
import type { SiteRow } from '../../db/types.js';
import type { SiteScope } from '../access/actor.js';
import type { Executor } from '../context.js';
import { updateIfVersion } from '../../db/versioned.js';

export function toSite(row: SiteRow): Site {
  return {
    id: row.id,
    name: row.name,
    code: row.code,
    parentId: row.parent_id,
    kind: row.kind as SiteKind,
    address: row.address,
    phone: row.phone,
    active: Boolean(row.active),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface SiteFilter {
  q?: string;
  parentId?: string;
  kind?: SiteKind;
}

function scopedSites(db: Db, orgId: string, scope: SiteScope, filter: SiteFilter) {
  let query = db.kysely.selectFrom('sites').where('org_id', '=', orgId);
  if (!scope.all) query = query.where('id', 'in', scope.siteIds.length ? scope.siteIds : ['']);
  if (filter.parentId) query = query.where('parent_id', '=', filter.parentId);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.q) {
    const q = filter.q;
    query = query.where((eb) => eb.or([containsText(db.dialect, eb.ref('name'), q), containsText(db.dialect, eb.ref('code'), q)]));
  }
  return query;
}

export async function findSites(db: Db, orgId: string, scope: SiteScope, filter: SiteFilter, page: { page: number; pageSize: number }) {
  const query = scopedSites(db, orgId, scope, filter);
  const [{ total }, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    query.selectAll().orderBy('code').limit(page.pageSize).offset((page.page - 1) * page.pageSize).execute(),
  ]);
  return { total: Number(total), items: rows.map(toSite) };
}

export async function findAllSites(db: Db, orgId: string, scope: SiteScope): Promise<Site[]> {
  const rows = await scopedSites(db, orgId, scope, {}).selectAll().orderBy('code').execute();
  return rows.map(toSite);
}

export async function findSiteRow(db: Executor, orgId: string, id: string): Promise<SiteRow | undefined> {
  return db.selectFrom('sites').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export async function insertSite(db: Executor, row: SiteRow): Promise<void> {
  await db.insertInto('sites').values(row).execute();
}

/** Updates the row if it is still at `version`; false when someone else changed it first. */
export function updateSiteRow(db: Executor, orgId: string, id: string, version: number, changes: Partial<SiteRow>): Promise<boolean> {
  return updateIfVersion(db, 'sites', orgId, id, version, changes);
}

/** Ids of the site and all sites below it. */
export async function findSubtreeIds(db: Executor, orgId: string, rootId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('sites').select(['id', 'parent_id']).where('org_id', '=', orgId).execute();
  const children = new Map<string, string[]>();
  for (const r of rows) if (r.parent_id) children.set(r.parent_id, [...(children.get(r.parent_id) ?? []), r.id]);
  const ids = new Set<string>();
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop()!;
    if (ids.has(id)) continue;
    ids.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return ids;
}
