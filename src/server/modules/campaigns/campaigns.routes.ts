import { idParams } from '../../../shared/schemas/common.js';
import {
  campaignCreateBody,
  campaignCreatedSchema,
  campaignListQuery,
  campaignListSchema,
  campaignProgressSchema,
  campaignSchema,
  invitationsCreatedSchema,
} from '../../../shared/schemas/campaigns.js';
import { contextFor } from '../../plugins/auth.js';
import type { RoutesPlugin } from '../routes.js';
import { campaignProgress, createCampaign, getCampaign, inviteAudience, listCampaigns } from './campaigns.service.js';

export const campaignsRoutes: RoutesPlugin = async (app, { db, config }) => {
  const tags = ['campaigns'];
  app.get('/campaigns', { schema: { tags, summary: 'Survey campaigns with a site in the caller’s scope', querystring: campaignListQuery, response: { 200: campaignListSchema } } }, async (request) =>
    listCampaigns(contextFor(request, db, config), request.query),
  );
  app.post(
    '/campaigns',
    {
      schema: {
        tags,
        summary: 'Plan a campaign on a published survey version and invite its audience (the invitation tokens are in the answer, once)',
        body: campaignCreateBody,
        response: { 201: campaignCreatedSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createCampaign(contextFor(request, db, config), request.body)),
  );
  app.get('/campaigns/:id', { schema: { tags, summary: 'One campaign with the caller’s sites of it', params: idParams, response: { 200: campaignSchema } } }, async (request) =>
    getCampaign(contextFor(request, db, config), request.params.id),
  );
  app.get(
    '/campaigns/:id/progress',
    { schema: { tags, summary: 'Per site: target, invited, responses and the response rate (÷ invited, or ÷ target without invitations)', params: idParams, response: { 200: campaignProgressSchema } } },
    async (request) => campaignProgress(contextFor(request, db, config), request.params.id),
  );
  app.post(
    '/campaigns/:id/invitations',
    { schema: { tags, summary: 'Invite customers who joined the audience since (tokens in the answer, once)', params: idParams, response: { 201: invitationsCreatedSchema } } },
    async (request, reply) => reply.status(201).send(await inviteAudience(contextFor(request, db, config), request.params.id)),
  );
};
