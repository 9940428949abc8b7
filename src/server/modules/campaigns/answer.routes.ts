import { answerSiteParams, answerTokenParams, publicAnswerBody, publicAnswerCreated, publicSurveySchema } from '../../../shared/schemas/campaigns.js';
import type { RoutesPlugin } from '../routes.js';
import { answerInvitation, answerSiteLink, showInvitation, showSiteLink } from './answer.service.js';

/** The public answer page's API: no sign-in, no CSRF, rate-limited per address like the case portal. */
export const answerRoutes: RoutesPlugin = async (app, { db, config }) => {
  const tags = ['answer'];
  const publicRoute = { public: true, rateLimit: { max: config.portalRateLimitPerMinute, timeWindow: '1 minute' } };
  app.get(
    '/answer/invitations/:token',
    { config: publicRoute, schema: { tags, summary: 'The survey of an invitation (state open, closed or answered); unknown token → 404', params: answerTokenParams, response: { 200: publicSurveySchema } } },
    async (request) => showInvitation(db, request.params.token),
  );
  app.post(
    '/answer/invitations/:token',
    {
      config: publicRoute,
      schema: { tags, summary: 'Answer an invitation, once (a second answer → 409; closed → 409; invalid answers → 400 at answers.<key>)', params: answerTokenParams, body: publicAnswerBody, response: { 201: publicAnswerCreated } },
    },
    async (request, reply) => {
      await answerInvitation(db, request.params.token, request.body, request.ip);
      return reply.status(201).send({ ok: true as const });
    },
  );
  app.get(
    '/answer/:orgSlug/:campaignId/:siteCode',
    { config: publicRoute, schema: { tags, summary: 'The survey of a campaign site’s anonymous link (QR code)', params: answerSiteParams, response: { 200: publicSurveySchema } } },
    async (request) => showSiteLink(db, request.params.orgSlug, request.params.campaignId, request.params.siteCode),
  );
  app.post(
    '/answer/:orgSlug/:campaignId/:siteCode',
    { config: publicRoute, schema: { tags, summary: 'Answer anonymously through a campaign site’s link', params: answerSiteParams, body: publicAnswerBody, response: { 201: publicAnswerCreated } } },
    async (request, reply) => {
      await answerSiteLink(db, request.params.orgSlug, request.params.campaignId, request.params.siteCode, request.body, request.ip);
      return reply.status(201).send({ ok: true as const });
    },
  );
};
