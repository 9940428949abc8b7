import type { z } from 'zod';
import { AppError, type ErrorDetail } from '../../../shared/errors.js';
import type { RoleGrant } from '../../../shared/roles.js';
import type { Page } from '../../../shared/schemas/common.js';
import type { User, userCreateBody, userListQuery, userUpdateBody } from '../../../shared/schemas/org.js';
import { isUniqueViolation } from '../../db/dialect.js';
import type { UserRow } from '../../db/types.js';
import { assertVersion, changedFields } from '../../lib/concurrency.js';
import { newId, nowIso } from '../../lib/ids.js';
import { hashPassword } from '../../lib/password.js';
import { scopeCovers, siteScope } from '../access/access.policy.js';
import type { SiteScope } from '../access/actor.js';
import { deleteUserSessions } from '../auth/auth.repository.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import type { Executor, ServiceContext } from '../context.js';
import * as repo from './users.repository.js';
import { updateIfVersion } from '../../db/versioned.js';

type GrantInput = { role: RoleGrant['role']; siteId?: string | null };

/** Grants may only name sites of the organisation that the caller administers; organisation-wide grants need organisation-wide rights. */
async function checkGrants(trx: Executor, orgId: string, scope: SiteScope, grants: GrantInput[]): Promise<RoleGrant[]> {
  const normalized = grants.map((g) => ({ role: g.role, siteId: g.siteId ?? null }));
  const unique = [...new Map(normalized.map((g) => [`${g.role}:${g.siteId}`, g])).values()];
  const existing = await repo.findSiteIdsInOrg(trx, orgId, unique.flatMap((g) => (g.siteId ? [g.siteId] : [])));
  const problems: ErrorDetail[] = [];
  normalized.forEach((g, i) => {
    if (g.siteId === null && !scope.all) {
      problems.push({ path: `roles.${i}.siteId`, message: 'org_wide_not_allowed', code: 'org_wide_not_allowed' });
    } else if (g.siteId !== null && (!existing.has(g.siteId) || !scopeCovers(scope, g.siteId))) {
      problems.push({ path: `roles.${i}.siteId`, message: 'not_found', code: 'not_found' });
    }
  });
  if (problems.length) throw new AppError('validation_failed', 'Some role grants name sites you cannot grant', problems);
  return unique;
}

/** A user is manageable when all of their grants lie within the caller's scope. */
function assertManageable(scope: SiteScope, user: User): void {
  if (scope.all) return;
  const ok = user.roles.length > 0 && user.roles.every((r) => r.siteId !== null && scopeCovers(scope, r.siteId));
  if (!ok) throw new AppError('not_found', 'User not found');
}

function isVisible(scope: SiteScope, user: User): boolean {
  return scope.all || user.roles.some((r) => r.siteId !== null && scopeCovers(scope, r.siteId));
}

async function loadUser(trx: Executor, orgId: string, id: string): Promise<{ row: UserRow; user: User } | undefined> {
  const row = await repo.findUserRow(trx, orgId, id);
  if (!row) return undefined;
  return { row, user: repo.toUser(row, await repo.findGrantsWithSites(trx, orgId, [id])) };
}

const duplicateUsername = () =>
  new AppError('duplicate', 'This username is taken', [{ path: 'username', message: 'duplicate', code: 'duplicate' }]);

/** Lists users holding roles on the caller's sites. */
export async function listUsers(ctx: ServiceContext, query: z.infer<typeof userListQuery>): Promise<Page<User>> {
  const scope = await siteScope(ctx.db, ctx.actor, 'users.read');
  const { items, total } = await repo.findUsers(ctx.db, ctx.actor.orgId, scope, query, query);
  return { items, total, page: query.page, pageSize: query.pageSize };
}

/** One user, or 404 outside the caller's sites. */
export async function getUser(ctx: ServiceContext, id: string): Promise<User> {
  const scope = await siteScope(ctx.db, ctx.actor, 'users.read');
  const found = await loadUser(ctx.db.kysely, ctx.actor.orgId, id);
  if (!found || !isVisible(scope, found.user)) throw new AppError('not_found', 'User not found');
  return found.user;
}

/** Creates a staff account with its role grants. */
export async function createUser(ctx: ServiceContext, input: z.infer<typeof userCreateBody>): Promise<User> {
  const scope = await siteScope(ctx.db, ctx.actor, 'users.write');
  const passwordHash = await hashPassword(input.password);
  try {
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      const grants = await checkGrants(trx, ctx.actor.orgId, scope, input.roles);
      const [id] = await repo.insertUsers(trx, ctx.actor.orgId, [
        {
          username: input.username,
          name: input.name,
          passwordHash,
          // The administrator chose this password; the person should pick their own.
          mustChangePassword: true,
          grants,
          phone: input.phone || null,
          email: input.email ?? null,
          locale: input.locale,
        },
      ]);
      const created = (await loadUser(trx, ctx.actor.orgId, id))!.user;
      await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'create', entity: 'user', entityId: id, after: created });
      return created;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateUsername();
    throw error;
  }
}

/** Edits a user: profile, roles, activation, password reset, unlock. */
export async function updateUser(ctx: ServiceContext, id: string, input: z.infer<typeof userUpdateBody>): Promise<User> {
  const scope = await siteScope(ctx.db, ctx.actor, 'users.write');
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const found = await loadUser(trx, ctx.actor.orgId, id);
    if (!found) throw new AppError('not_found', 'User not found');
    assertManageable(scope, found.user);
    assertVersion(found.row.version, input.version, 'The user');
    const isSelf = id === ctx.actor.userId;
    if (isSelf && input.active === false) {
      throw new AppError('validation_failed', 'You cannot disable your own account', [{ path: 'active', message: 'self', code: 'self' }]);
    }
    const now = nowIso();
    const changes: Partial<UserRow> = { updated_at: now };
    if (input.name !== undefined) changes.name = input.name;
    if (input.phone !== undefined) changes.phone = input.phone || null;
    if (input.email !== undefined) changes.email = input.email;
    if (input.locale !== undefined) changes.locale = input.locale;
    if (input.active !== undefined) changes.active = input.active ? 1 : 0;
    if (passwordHash) {
      changes.password_hash = passwordHash;
      changes.must_change_password = 1;
      changes.password_changed_at = now;
    }
    if (input.unlock) {
      changes.failed_logins = 0;
      changes.locked_until = null;
    }
    const grants = input.roles ? await checkGrants(trx, ctx.actor.orgId, scope, input.roles) : undefined;
    const grantKey = (g: { role: string; siteId: string | null }) => `${g.role}@${g.siteId}`;
    const rolesChanged = grants !== undefined && grants.map(grantKey).sort().join() !== found.user.roles.map(grantKey).sort().join();
    const fieldsChanged = (Object.keys(changes) as (keyof UserRow)[]).some((k) => k !== 'updated_at' && changes[k] !== found.row[k]);
    // Nothing actually changes: no write, no version bump, no audit noise.
    if (!rolesChanged && !fieldsChanged && !passwordHash) return found.user;
    if (!(await updateIfVersion(trx, 'users', ctx.actor.orgId, id, found.row.version, changes))) {
      throw new AppError('stale_version', 'The user was changed by someone else; reload and try again');
    }
    if (grants && rolesChanged) {
      await repo.replaceGrants(trx, ctx.actor.orgId, id, grants.map((g) => ({ ...g, id: newId(), createdAt: now })));
    }
    if (rolesChanged || input.active === false) {
      if ((await repo.countOrgAdmins(trx, ctx.actor.orgId)) === 0) {
        throw new AppError('conflict', 'The organisation must keep at least one active organisation-wide administrator');
      }
    }
    // A disabled account or a reset password ends every open session of that user.
    if (input.active === false || (passwordHash && !isSelf)) await deleteUserSessions(trx, id);
    const updated = (await loadUser(trx, ctx.actor.orgId, id))!.user;
    const diff = changedFields(found.user, updated);
    const after: Record<string, unknown> = { ...diff.after };
    if (passwordHash) after.password = '(reset)';
    delete after.version;
    delete after.updatedAt;
    await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'update', entity: 'user', entityId: id, before: diff.before, after });
    return updated;
  });
}
