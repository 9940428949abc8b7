import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { Actor } from '../modules/access/actor.js';
import { resolveSession, resolveToken } from '../modules/auth/auth.service.js';
import type { ServiceContext } from '../modules/context.js';

export const SESSION_COOKIE = 'fuwu_session';
export const CSRF_COOKIE = 'fuwu_csrf';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** A public route (the customer portal): no caller is identified and no CSRF token is asked for. */
    public?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Identifies the caller on every /api request: a Bearer token (integrations) or the session cookie
 * (the browser). Cookie-authenticated writes must echo the session's CSRF token in a header,
 * which a cross-site form cannot do; token-authenticated requests carry no ambient credential
 * and need no CSRF check.
 */
export function registerAuth(app: FastifyInstance, db: Db, config: Config): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    // Public routes ignore credentials entirely, so a staff cookie or token in the same browser
    // neither fails them (CSRF) nor changes what they do.
    if (request.routeOptions.config?.public) return;
    const authorization = request.headers.authorization;
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const actor = match ? await resolveToken(db, match[1], request.ip) : null;
      if (!actor) throw new AppError('unauthenticated', 'The API token is invalid or revoked');
      request.actor = actor;
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const actor = await resolveSession(db, config, cookie, request.ip);
    if (!actor) return;
    request.actor = actor;
    if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== actor.csrfToken) {
      throw new AppError('csrf_failed', 'The request lacks a valid CSRF token; reload the page and try again');
    }
  });
}

/** The signed-in caller, or a 401. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated', 'Please sign in');
  return request.actor;
}

/** Builds the service context for a request; every authenticated route starts here. */
export function contextFor(request: FastifyRequest, db: Db, config: Config): ServiceContext {
  return { db, config, actor: requireActor(request) };
}

export function cookieOptions(request: FastifyRequest, config: Config, httpOnly: boolean, expires?: Date) {
  return {
    path: '/',
    httpOnly,
    sameSite: 'lax' as const,
    secure: config.secureCookies ?? request.protocol === 'https',
    expires,
  };
}

export function clearAuthCookies(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}
