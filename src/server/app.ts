import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../shared/errors.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { casesRoutes } from './modules/cases/cases.routes.js';
import { causesRoutes } from './modules/causes/causes.routes.js';
import { customersRoutes } from './modules/customers/customers.routes.js';
import { organizationsRoutes } from './modules/organizations/organizations.routes.js';
import { recoveryRoutes } from './modules/recovery/recovery.routes.js';
import type { RouteDeps } from './modules/routes.js';
import { sitesRoutes } from './modules/sites/sites.routes.js';
import { tokensRoutes } from './modules/tokens/tokens.routes.js';
import { usersRoutes } from './modules/users/users.routes.js';
import { registerAuth } from './plugins/auth.js';
import { registerErrorHandler } from './plugins/errors.js';
import { registerOpenApi } from './plugins/openapi.js';
import { registerWeb } from './plugins/web.js';

export interface AppOptions {
  config: Config;
  db: Db;
  /** Fastify's logger settings; tests pass false. */
  logger?: boolean | object;
}

/** Builds the HTTP application on an open, migrated database. Never listens: main.ts and tests decide that. */
export async function buildApp({ config, db, logger }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? { level: config.logLevel },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  registerErrorHandler(app);
  // Baseline browser hardening on every response: no MIME sniffing, no framing by other sites.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => new AppError('rate_limited', 'Too many attempts; please wait a minute and try again'),
  });
  // PostgreSQL cannot store the NUL character in text; refuse it at the edge for every route
  // rather than let a query fail with a 500.
  app.addHook('preValidation', async (request) => {
    const hasNul = (value: unknown) => value != null && JSON.stringify(value).includes('\\u0000');
    if (hasNul(request.body) || hasNul(request.query) || hasNul(request.params)) {
      throw new AppError('validation_failed', 'Text must not contain NUL characters', [{ path: '', message: 'nul_character', code: 'nul_character' }]);
    }
  });
  await registerOpenApi(app);
  registerAuth(app, db, config);

  app.get(
    '/api/health',
    { schema: { tags: ['health'], summary: 'Liveness and database', response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']) }) } } },
    async () => {
      await db.kysely.selectFrom('organizations').select('id').limit(1).execute();
      return { status: 'ok' as const, database: db.dialect };
    },
  );

  const deps: RouteDeps = { db, config };
  await app.register(
    async (api) => {
      for (const routes of [authRoutes, organizationsRoutes, sitesRoutes, usersRoutes, customersRoutes, casesRoutes, causesRoutes, recoveryRoutes, tokensRoutes, auditRoutes]) {
        await api.register(routes, deps);
      }
    },
    { prefix: '/api/v1' },
  );

  await registerWeb(app, config.webDir);
  return app;
}
