import { AppError } from '../../../shared/errors.js';
import { type Permission, ROLE_PERMISSIONS } from '../../../shared/roles.js';
import type { Db } from '../../db/database.js';
import type { Actor, SiteScope } from './actor.js';

/**
 * Site-scoped authorisation. A grant on a site covers it and every site below it, so a regional
 * manager granted on a region sees all of its estates. Records outside the caller's scope are
 * reported as not found (404), never forbidden, so that their existence is not revealed.
 */

/** Throws 403 unless some grant of the actor carries the permission. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!actor.grants.some((g) => ROLE_PERMISSIONS[g.role].includes(permission))) {
    throw new AppError('forbidden', `Your roles do not allow ${permission}`);
  }
}

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return actor.grants.some((g) => ROLE_PERMISSIONS[g.role].includes(permission));
}

const treeCache = new WeakMap<Actor, Promise<Map<string, string[]>>>();

/** Children of each site in the actor's organisation, loaded once per request. */
function siteChildren(db: Db, actor: Actor): Promise<Map<string, string[]>> {
  let cached = treeCache.get(actor);
  if (!cached) {
    cached = db.kysely
      .selectFrom('sites')
      .select(['id', 'parent_id'])
      .where('org_id', '=', actor.orgId)
      .execute()
      .then((rows) => {
        const children = new Map<string, string[]>();
        for (const row of rows) {
          if (!row.parent_id) continue;
          const list = children.get(row.parent_id) ?? [];
          list.push(row.id);
          children.set(row.parent_id, list);
        }
        return children;
      });
    treeCache.set(actor, cached);
  }
  return cached;
}

/** The sites on which the actor holds the permission. Throws 403 when it holds it nowhere. */
export async function siteScope(db: Db, actor: Actor, permission: Permission): Promise<SiteScope> {
  if (!hasPermission(actor, permission)) throw new AppError('forbidden', `Your roles do not allow ${permission}`);
  return optionalSiteScope(db, actor, permission);
}

/** Like siteScope, but an empty scope (instead of 403) when the actor holds the permission nowhere. */
export async function optionalSiteScope(db: Db, actor: Actor, permission: Permission): Promise<SiteScope> {
  const grants = actor.grants.filter((g) => ROLE_PERMISSIONS[g.role].includes(permission));
  if (grants.length === 0) return { all: false, siteIds: [] };
  if (grants.some((g) => g.siteId === null)) return { all: true };
  const children = await siteChildren(db, actor);
  const ids = new Set<string>();
  const stack = grants.map((g) => g.siteId as string);
  while (stack.length) {
    const id = stack.pop()!;
    if (ids.has(id)) continue;
    ids.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return { all: false, siteIds: [...ids] };
}

export function scopeCovers(scope: SiteScope, siteId: string): boolean {
  return scope.all || scope.siteIds.includes(siteId);
}

/** Throws 404 when the site lies outside the scope: the caller must not learn that it exists. */
export function assertInScope(scope: SiteScope, siteId: string, what = 'Record'): void {
  if (!scopeCovers(scope, siteId)) throw new AppError('not_found', `${what} not found`);
}
