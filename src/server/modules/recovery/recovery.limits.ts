import { type Permission, ROLE_PERMISSIONS, type Role } from '../../../shared/roles.js';
import { LIMIT_ROLES } from '../../../shared/schemas/recovery.js';
import type { Actor } from '../access/actor.js';
import type { Executor } from '../context.js';
import { findLimitRows, siteWithAncestors } from './recovery.repository.js';

type LimitRole = (typeof LIMIT_ROLES)[number];

/**
 * Built-in empowerment limits in fen (null = none), used until an administrator edits them: the
 * front line can settle small matters on the spot, larger ones go up the chain that approves them.
 */
export const DEFAULT_LIMITS: Record<LimitRole, number | null> = {
  agent: 20_000,
  supervisor: 100_000,
  specialist: 200_000,
  site_director: 500_000,
  general_manager: null,
  // Inspectors record findings; compensation is for those who handle the case.
  inspector: 0,
};

/** Every role's limit in the organisation: edited ones, else the default. */
export async function organisationLimits(db: Executor, orgId: string): Promise<Map<LimitRole, { limitFen: number | null; isDefault: boolean }>> {
  const edited = new Map((await findLimitRows(db, orgId)).map((r) => [r.role, r.limit_fen === null ? null : Number(r.limit_fen)]));
  return new Map(LIMIT_ROLES.map((role) => [role, edited.has(role) ? { limitFen: edited.get(role)!, isDefault: false } : { limitFen: DEFAULT_LIMITS[role], isDefault: true }]));
}

/**
 * How much the actor may grant on the site on their own: the highest limit among their roles that
 * cover the site (organisation-wide, or granted on the site or a site above it) and carry the
 * permission that the act needs. null = no limit; 0 when no such role covers the site.
 */
export async function actorLimitOnSite(db: Executor, actor: Actor, siteId: string, permission: Permission): Promise<number | null> {
  const covering = await siteWithAncestors(db, actor.orgId, siteId);
  const roles = new Set<Role>(
    actor.grants.filter((g) => (g.siteId === null || covering.has(g.siteId)) && ROLE_PERMISSIONS[g.role].includes(permission)).map((g) => g.role),
  );
  const limits = await organisationLimits(db, actor.orgId);
  let best: number | null = 0;
  for (const role of roles) {
    const limit = limits.get(role as LimitRole);
    if (!limit) continue;
    if (limit.limitFen === null) return null;
    best = Math.max(best, limit.limitFen);
  }
  return best;
}

export const covers = (limitFen: number | null, amountFen: number): boolean => limitFen === null || amountFen <= limitFen;
