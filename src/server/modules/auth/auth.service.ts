import { AppError } from '../../../shared/errors.js';
import { type Locale, type Permission, PERMISSIONS, ROLE_PERMISSIONS } from '../../../shared/roles.js';
import type { Me } from '../../../shared/schemas/auth.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { nowIso, randomSecret, sha256 } from '../../lib/ids.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../lib/password.js';
import type { Actor } from '../access/actor.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import type { ServiceContext } from '../context.js';
import * as repo from './auth.repository.js';

// Sessions are refreshed at most this often, so that reads do not each cost a write.
const SESSION_TOUCH_MS = 5 * 60_000;
const TOKEN_TOUCH_MS = 60_000;

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  expiresAt: string;
  user: { id: string; username: string; name: string; locale: Locale; mustChangePassword: boolean };
}

/**
 * Checks a username and password. Repeated failures lock the account for a while; a locked
 * account is refused even with the right password, and the answer says until when.
 */
export async function login(
  db: Db,
  config: Config,
  input: { username: string; password: string; ip: string | null; userAgent: string | null },
): Promise<LoginResult> {
  const user = await repo.findUserByUsername(db, input.username);
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    throw new AppError('invalid_credentials', 'Wrong username or password');
  }
  const now = new Date();
  const auditActor = { orgId: user.org_id, userId: user.id, name: user.name, ip: input.ip ?? undefined };
  if (user.locked_until && new Date(user.locked_until) > now) {
    throw new AppError('account_locked', 'Too many failed attempts; the account is locked for a while', {
      lockedUntil: user.locked_until,
    });
  }
  const passwordOk = await verifyPassword(user.password_hash, input.password);
  if (!passwordOk) {
    const failures = user.failed_logins + 1;
    const lock = failures >= config.loginMaxFailures;
    const lockedUntil = lock ? new Date(now.getTime() + config.loginLockMinutes * 60_000).toISOString() : null;
    await db.kysely.transaction().execute(async (trx) => {
      await repo.updateLoginState(trx, user.id, { failed_logins: lock ? 0 : failures, locked_until: lockedUntil });
      await insertAuditEvent(trx, auditActor, user.org_id, {
        action: lock ? 'account_locked' : 'login_failed',
        entity: 'user',
        entityId: user.id,
        after: lock ? { lockedUntil } : { failures },
      });
    });
    if (lock) {
      throw new AppError('account_locked', 'Too many failed attempts; the account is locked for a while', { lockedUntil });
    }
    throw new AppError('invalid_credentials', 'Wrong username or password');
  }
  if (!user.active) throw new AppError('account_disabled', 'This account has been disabled');

  const sessionToken = randomSecret();
  const csrfToken = randomSecret();
  const createdAt = now.toISOString();
  const expiresAt = new Date(now.getTime() + config.sessionTtlHours * 3_600_000).toISOString();
  await db.kysely.transaction().execute(async (trx) => {
    await repo.updateLoginState(trx, user.id, { failed_logins: 0, locked_until: null, last_login_at: createdAt });
    // Expired sessions are useless; clearing the user's own at each sign-in keeps the table small.
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).where('expires_at', '<=', createdAt).execute();
    await repo.insertSession(trx, {
      id: sha256(sessionToken),
      org_id: user.org_id,
      user_id: user.id,
      csrf_token: csrfToken,
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
      created_at: createdAt,
      expires_at: expiresAt,
    });
    await insertAuditEvent(trx, auditActor, user.org_id, { action: 'login', entity: 'user', entityId: user.id });
  });
  return {
    sessionToken,
    csrfToken,
    expiresAt,
    user: {
      id: user.id,
      username: user.username,
      name: user.name,
      locale: user.locale as Locale,
      mustChangePassword: Boolean(user.must_change_password),
    },
  };
}

/** Ends the caller's session. */
export async function logout(ctx: ServiceContext): Promise<void> {
  if (!ctx.actor.sessionId) return;
  const sessionId = ctx.actor.sessionId;
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await repo.deleteSession(trx, sessionId);
    await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'logout', entity: 'user', entityId: ctx.actor.userId });
  });
}

/** Changes the caller's own password; other sessions of the user are signed out. */
export async function changePassword(ctx: ServiceContext, input: { currentPassword: string; newPassword: string }): Promise<void> {
  const user = await repo.findUserById(ctx.db.kysely, ctx.actor.orgId, ctx.actor.userId);
  if (!user) throw new AppError('unauthenticated', 'Please sign in');
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new AppError('validation_failed', 'The current password is wrong', [
      { path: 'currentPassword', message: 'wrong_password', code: 'wrong_password' },
    ]);
  }
  if (input.currentPassword === input.newPassword) {
    throw new AppError('validation_failed', 'The new password must differ from the current one', [
      { path: 'newPassword', message: 'same_password', code: 'same_password' },
    ]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  const now = nowIso();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, must_change_password: 0, password_changed_at: now, updated_at: now })
      .where('id', '=', user.id)
      .execute();
    await repo.deleteUserSessions(trx, user.id, ctx.actor.sessionId);
    await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'password_changed', entity: 'user', entityId: user.id });
  });
}

/** The actor behind a session cookie, or null when the cookie is unknown or expired. */
export async function resolveSession(db: Db, config: Config, cookieValue: string, ip: string | null): Promise<Actor | null> {
  const now = new Date();
  const row = await repo.findLiveSession(db, sha256(cookieValue), now.toISOString());
  if (!row) return null;
  if (now.getTime() - new Date(row.last_seen_at).getTime() > SESSION_TOUCH_MS) {
    const expiresAt = new Date(now.getTime() + config.sessionTtlHours * 3_600_000).toISOString();
    await repo.touchSession(db, row.session_id, now.toISOString(), expiresAt);
  }
  return {
    kind: 'session',
    orgId: row.org_id,
    userId: row.user_id,
    username: row.username,
    name: row.name,
    grants: await repo.findGrants(db.kysely, row.org_id, row.user_id),
    csrfToken: row.csrf_token,
    sessionId: row.session_id,
    ip: ip ?? undefined,
  };
}

/**
 * Whether the credential a long-lived request (the live stream) was opened with still holds: the
 * session not signed out or expired, the token not revoked, the user not disabled.
 */
export async function credentialStillValid(db: Db, actor: Actor): Promise<boolean> {
  if (actor.sessionId) return (await repo.findLiveSession(db, actor.sessionId, new Date().toISOString())) !== undefined;
  if (actor.tokenId) return repo.isTokenLive(db, actor.tokenId);
  return false;
}

/** The actor behind a Bearer token, or null when the token is unknown or revoked. */
export async function resolveToken(db: Db, token: string, ip: string | null): Promise<Actor | null> {
  const row = await repo.findLiveToken(db, sha256(token));
  if (!row) return null;
  const now = new Date();
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > TOKEN_TOUCH_MS) {
    await repo.touchToken(db, row.token_id, now.toISOString());
  }
  return {
    kind: 'token',
    orgId: row.org_id,
    userId: row.user_id,
    username: row.username,
    name: row.name,
    grants: await repo.findGrants(db.kysely, row.org_id, row.user_id),
    tokenId: row.token_id,
    ip: ip ?? undefined,
  };
}

/** The caller's profile, organisation, roles (with site names) and effective permissions. */
export async function getMe(ctx: ServiceContext): Promise<Me> {
  const { kysely } = ctx.db;
  const [user, org, roles] = await Promise.all([
    repo.findUserById(kysely, ctx.actor.orgId, ctx.actor.userId),
    kysely.selectFrom('organizations').select(['id', 'slug', 'name', 'timezone']).where('id', '=', ctx.actor.orgId).executeTakeFirstOrThrow(),
    kysely
      .selectFrom('role_grants')
      .leftJoin('sites', 'sites.id', 'role_grants.site_id')
      .select(['role_grants.role', 'role_grants.site_id', 'sites.name as site_name'])
      .where('role_grants.org_id', '=', ctx.actor.orgId)
      .where('role_grants.user_id', '=', ctx.actor.userId)
      .execute(),
  ]);
  if (!user) throw new AppError('unauthenticated', 'Please sign in');
  const permissions = PERMISSIONS.filter((p: Permission) => ctx.actor.grants.some((g) => ROLE_PERMISSIONS[g.role].includes(p)));
  return {
    user: {
      id: user.id,
      username: user.username,
      name: user.name,
      locale: user.locale as Locale,
      mustChangePassword: Boolean(user.must_change_password),
    },
    organization: org,
    roles: roles.map((r) => ({ role: r.role as Me['roles'][number]['role'], siteId: r.site_id, siteName: r.site_name })),
    permissions,
    csrfToken: ctx.actor.csrfToken ?? null,
  };
}

/** Saves the caller's preferred language. */
export async function updateMyLocale(ctx: ServiceContext, locale: Locale): Promise<void> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await repo.findUserById(trx, ctx.actor.orgId, ctx.actor.userId);
    await trx.updateTable('users').set({ locale, updated_at: nowIso() }).where('id', '=', ctx.actor.userId).execute();
    await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, {
      action: 'update',
      entity: 'user',
      entityId: ctx.actor.userId,
      before: { locale: before?.locale },
      after: { locale },
    });
  });
}

