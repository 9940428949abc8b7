import type { RoleGrant, Role } from '../../../shared/roles.js';
import type { Db } from '../../db/database.js';
import type { UserRow } from '../../db/types.js';
import type { Executor } from '../context.js';

export async function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  return db.kysely.selectFrom('users').selectAll().where('username', '=', username.toLowerCase()).executeTakeFirst();
}

export async function findUserById(db: Executor, orgId: string, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export async function findGrants(db: Executor, orgId: string, userId: string): Promise<RoleGrant[]> {
  const rows = await db
    .selectFrom('role_grants')
    .select(['role', 'site_id'])
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .execute();
  return rows.map((r) => ({ role: r.role as Role, siteId: r.site_id }));
}

export async function updateLoginState(
  db: Executor,
  userId: string,
  state: { failed_logins: number; locked_until: string | null; last_login_at?: string },
): Promise<void> {
  await db.updateTable('users').set(state).where('id', '=', userId).execute();
}

export async function insertSession(
  db: Executor,
  row: { id: string; org_id: string; user_id: string; csrf_token: string; ip: string | null; user_agent: string | null; created_at: string; expires_at: string },
): Promise<void> {
  await db.insertInto('sessions').values({ ...row, last_seen_at: row.created_at }).execute();
}

/** The session with its user, if the session exists, has not expired and the user is active. */
export async function findLiveSession(db: Db, sessionId: string, now: string) {
  return db.kysely
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as session_id',
      'sessions.org_id',
      'sessions.user_id',
      'sessions.csrf_token',
      'sessions.last_seen_at',
      'users.username',
      'users.name',
    ])
    .where('sessions.id', '=', sessionId)
    .where('sessions.expires_at', '>', now)
    .where('users.active', '=', 1)
    .executeTakeFirst();
}

export async function touchSession(db: Db, sessionId: string, now: string, expiresAt: string): Promise<void> {
  await db.kysely.updateTable('sessions').set({ last_seen_at: now, expires_at: expiresAt }).where('id', '=', sessionId).execute();
}

export async function deleteSession(db: Executor, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function deleteUserSessions(db: Executor, userId: string, exceptSessionId?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  await q.execute();
}

/** Housekeeping: sessions past their expiry (sign-in also clears the user's own). */
export async function deleteExpiredSessions(db: Executor, now: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** True while an API token is unrevoked and its user active (a live stream re-checks it). */
export async function isTokenLive(db: Db, tokenId: string): Promise<boolean> {
  const row = await db.kysely
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select('api_tokens.id')
    .where('api_tokens.id', '=', tokenId)
    .where('api_tokens.revoked_at', 'is', null)
    .where('users.active', '=', 1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The live API token with its user. */
export async function findLiveToken(db: Db, tokenHash: string) {
  return db.kysely
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id as token_id',
      'api_tokens.org_id',
      'api_tokens.user_id',
      'api_tokens.last_used_at',
      'users.username',
      'users.name',
    ])
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null)
    .where('users.active', '=', 1)
    .executeTakeFirst();
}

export async function touchToken(db: Db, tokenId: string, now: string): Promise<void> {
  await db.kysely.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', tokenId).execute();
}
