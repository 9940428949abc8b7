import { z } from 'zod';
import { changePasswordBody, loginBody, meResponse, sessionUserSchema, updateMeBody } from '../../../shared/schemas/auth.js';
import { clearAuthCookies, contextFor, cookieOptions, CSRF_COOKIE, SESSION_COOKIE } from '../../plugins/auth.js';
import type { RoutesPlugin } from '../routes.js';
import { changePassword, getMe, login, logout, updateMyLocale } from './auth.service.js';

export const authRoutes: RoutesPlugin = async (app, { db, config }) => {
  app.post(
    '/auth/login',
    {
      schema: { tags: ['auth'], summary: 'Sign in with username and password', body: loginBody, response: { 200: z.object({ user: sessionUserSchema }) } },
      config: { rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const result = await login(db, config, {
        ...request.body,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      const expires = new Date(result.expiresAt);
      reply.setCookie(SESSION_COOKIE, result.sessionToken, cookieOptions(request, config, true, expires));
      reply.setCookie(CSRF_COOKIE, result.csrfToken, cookieOptions(request, config, false, expires));
      return { user: result.user };
    },
  );

  app.post('/auth/logout', { schema: { tags: ['auth'], summary: 'Sign out' } }, async (request, reply) => {
    if (request.actor) await logout(contextFor(request, db, config));
    clearAuthCookies(reply);
    return reply.status(204).send();
  });

  app.post(
    '/auth/password',
    { schema: { tags: ['auth'], summary: 'Change my password', body: changePasswordBody } },
    async (request, reply) => {
      await changePassword(contextFor(request, db, config), request.body);
      return reply.status(204).send();
    },
  );

  app.get('/me', { schema: { tags: ['auth'], summary: 'The signed-in user, organisation and roles', response: { 200: meResponse } } }, async (request) =>
    getMe(contextFor(request, db, config)),
  );

  app.patch('/me', { schema: { tags: ['auth'], summary: 'Save my language', body: updateMeBody } }, async (request, reply) => {
    await updateMyLocale(contextFor(request, db, config), request.body.locale);
    return reply.status(204).send();
  });
};
