import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../shared/errors.js';
import { MAX_FILES_PER_UPLOAD } from '../shared/schemas/attachments.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { attachmentsRoutes } from './modules/attachments/attachments.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { casesRoutes } from './modules/cases/cases.routes.js';
import { campaignsRoutes } from './modules/campaigns/campaigns.routes.js';
import { answerRoutes } from './modules/campaigns/answer.routes.js';
import { causesRoutes } from './modules/causes/causes.routes.js';
import { customersRoutes } from './modules/customers/customers.routes.js';
import { notificationsRoutes } from './modules/notifications/notifications.routes.js';
import { LiveHub } from './modules/live/live.bus.js';
import { liveRoutes } from './modules/live/live.routes.js';
import { organizationsRoutes } from './modules/organizations/organizations.routes.js';
import { outboxRoutes } from './modules/outbox/outbox.routes.js';
import { portalRoutes } from './modules/portal/portal.routes.js';
import { plansRoutes } from './modules/plans/plans.routes.js';
import { recordsRoutes } from './modules/records/records.routes.js';
import { recoveryRoutes } from './modules/recovery/recovery.routes.js';
import { revisitsRoutes } from './modules/revisits/revisits.routes.js';
import type { RouteDeps } from './modules/routes.js';
import { sitesRoutes } from './modules/sites/sites.routes.js';
import { slaRoutes } from './modules/sla/sla.routes.js';
import { surveyFollowUpsRoutes } from './modules/surveys/followups.routes.js';
import { surveysRoutes } from './modules/surveys/surveys.routes.js';
import { tokensRoutes } from './modules/tokens/tokens.routes.js';
import { usersRoutes } from './modules/users/users.routes.js';
import { viewsRoutes } from './modules/views/views.routes.js';
import { registerAuth } from './plugins/auth.js';
import { registerErrorHandler } from './plugins/errors.js';
import { registerOpenApi } from './plugins/openapi.js';
import { registerWeb } from './plugins/web.js';

/** Request lines for the log, with portal tracking tokens (`?token=`) blanked: logs are read by more people than the link was given to. */
function requestForLog(request: FastifyRequest) {
  return { method: request.method, url: request.url.replace(/([?&]token=)[^&#]*/g, '$1[redacted]'), host: request.host, remoteAddress: request.ip };
}

export interface AppOptions {
  config: Config;
  db: Db;
  /** Fastify's logger settings; tests pass false. */
  logger?: boolean | object;
}

/** Builds the HTTP application on an open, migrated database. Never listens: main.ts and tests decide that. */
export async function buildApp({ config, db, logger }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? { level: config.logLevel, serializers: { req: requestForLog } },
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
  // Files are read per route (readUpload) with their own limits; this only sets the defaults.
  await app.register(multipart, { limits: { fileSize: config.attachmentMaxBytes, files: MAX_FILES_PER_UPLOAD } });
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

  // Live updates: the change listener starts with the first stream. Open streams end before the
  // server stops listening (preClose), otherwise close() would wait for them forever; the
  // listener's connection closes with the app.
  const live = new LiveHub(db, config.database, app.log);
  app.addHook('preClose', async () => live.endStreams());
  app.addHook('onClose', async () => live.close());

  const deps: RouteDeps = { db, config };
  await app.register(
    async (api) => {
      for (const routes of [authRoutes, organizationsRoutes, sitesRoutes, usersRoutes, customersRoutes, casesRoutes, causesRoutes, viewsRoutes, slaRoutes, notificationsRoutes, attachmentsRoutes, portalRoutes, recoveryRoutes, revisitsRoutes, plansRoutes, recordsRoutes, outboxRoutes, surveysRoutes, surveyFollowUpsRoutes, campaignsRoutes, answerRoutes, tokensRoutes, auditRoutes]) {
        await api.register(routes, deps);
      }
      await api.register(liveRoutes, { ...deps, live });
    },
    { prefix: '/api/v1' },
  );

  await registerWeb(app, config.webDir);
  return app;
}
