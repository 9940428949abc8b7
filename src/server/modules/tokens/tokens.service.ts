import type { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import type { ApiToken, tokenCreateBody } from '../../../shared/schemas/auth.js';
import type { Actor } from '../access/actor.js';
import type { Db } from '../../db/database.js';
import { newId, nowIso, randomSecret, sha256 } from '../../lib/ids.js';
import { scopeCovers, siteScope } from '../access/access.policy.js';
import { findGrants } from '../auth/auth.repository.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import type { Executor, ServiceContext } from '../context.js';

export const TOKEN_PREFIX = 'fuwu_';

function listQuery(db: Executor, orgId: string) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id',
      'api_tokens.name',
      'api_tokens.prefix',
      'api_tokens.user_id as userId',
      'users.name as userName',
      'api_tokens.created_by as createdBy',
      'api_tokens.created_at as createdAt',
      'api_tokens.last_used_at as lastUsedAt',
      'api_tokens.revoked_at as revokedAt',
    ])
    .where('api_tokens.org_id', '=', orgId);
}

/** Lists API tokens: all of the organisation's for organisation-wide administrators, otherwise those the caller created. */
export async function listTokens(ctx: ServiceContext): Promise<{ items: ApiToken[] }> {
  const scope = await siteScope(ctx.db, ctx.actor, 'tokens.manage');
  let query = listQuery(ctx.db.kysely, ctx.actor.orgId);
  if (!scope.all) query = query.where('api_tokens.created_by', '=', ctx.actor.userId);
  const rows = await query.orderBy('api_tokens.created_at', 'desc').execute();
  return { items: rows.map(({ createdBy: _createdBy, ...t }) => t) };
}

/**
 * Issues a token that acts with the permissions of a user (the caller by default). The secret is
 * returned once; only its SHA-256 is stored.
 */
export async function createToken(ctx: ServiceContext, input: z.infer<typeof tokenCreateBody>): Promise<ApiToken & { token: string }> {
  const scope = await siteScope(ctx.db, ctx.actor, 'tokens.manage');
  const userId = input.userId ?? ctx.actor.userId;
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const grants = await findGrants(trx, ctx.actor.orgId, userId);
    // A token may not carry more than the caller could grant: the user's roles must all lie within the caller's scope.
    const manageable = scope.all || (grants.length > 0 && grants.every((g) => g.siteId !== null && scopeCovers(scope, g.siteId)));
    if (!manageable) {
      throw new AppError('validation_failed', 'The user does not exist', [{ path: 'userId', message: 'not_found', code: 'not_found' }]);
    }
    return issueToken(trx, ctx.actor, userId, input.name);
  });
}

/** Writes a token for the user (of the issuer's organisation) with its audit event, in the caller's transaction. */
async function issueToken(trx: Executor, issuer: Pick<Actor, 'orgId' | 'userId' | 'name'>, userId: string, name: string): Promise<ApiToken & { token: string }> {
  const user = await trx.selectFrom('users').select(['id', 'name', 'active']).where('org_id', '=', issuer.orgId).where('id', '=', userId).executeTakeFirst();
  if (!user) {
    throw new AppError('validation_failed', 'The user does not exist', [{ path: 'userId', message: 'not_found', code: 'not_found' }]);
  }
  if (!user.active) {
    throw new AppError('validation_failed', 'The user is disabled', [{ path: 'userId', message: 'disabled', code: 'disabled' }]);
  }
  const token = TOKEN_PREFIX + randomSecret();
  const row = {
    id: newId(),
    org_id: issuer.orgId,
    user_id: userId,
    created_by: issuer.userId,
    name,
    prefix: token.slice(0, 12),
    token_hash: sha256(token),
    created_at: nowIso(),
    last_used_at: null,
    revoked_at: null,
  };
  await trx.insertInto('api_tokens').values(row).execute();
  const created: ApiToken = {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    userId,
    userName: user.name,
    createdAt: row.created_at,
    lastUsedAt: null,
    revokedAt: null,
  };
  await insertAuditEvent(trx, issuer, issuer.orgId, { action: 'create', entity: 'api_token', entityId: row.id, after: created });
  return { ...created, token };
}

/** Revokes a token at once; requests bearing it are refused from then on. */
export async function revokeToken(ctx: ServiceContext, id: string): Promise<void> {
  const scope = await siteScope(ctx.db, ctx.actor, 'tokens.manage');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    let query = listQuery(trx, ctx.actor.orgId).where('api_tokens.id', '=', id);
    if (!scope.all) query = query.where('api_tokens.created_by', '=', ctx.actor.userId);
    const token = await query.executeTakeFirst();
    if (!token) throw new AppError('not_found', 'Token not found');
    if (token.revokedAt) return;
    const now = nowIso();
    await trx.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).execute();
    await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'revoke', entity: 'api_token', entityId: id, before: { revokedAt: null }, after: { revokedAt: now } });
  });
}

/**
 * Issues a token for the named user from the command line. Whoever runs the CLI holds the
 * database already, so no role is required: an integration account (an agent's, say) gets its
 * token although it could not manage tokens itself. The audit trail shows the user as issuer.
 */
export async function createTokenForUsername(db: Db, username: string, name: string): Promise<string> {
  const user = await db.kysely.selectFrom('users').select(['id', 'org_id', 'name']).where('username', '=', username.toLowerCase()).executeTakeFirst();
  if (!user) throw new AppError('not_found', `No user named ${username}`);
  const issuer = { orgId: user.org_id, userId: user.id, name: user.name };
  return (await db.kysely.transaction().execute((trx) => issueToken(trx, issuer, user.id, name))).token;
}
