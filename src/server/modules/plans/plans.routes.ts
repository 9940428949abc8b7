import { idParams, pageOf } from '../../../shared/schemas/common.js';
import { planCreateBody, planDeactivateBody, planListQuery, planRevisitSummarySchema, planSchema, planUpdateBody } from '../../../shared/schemas/plans.js';
import { contextFor } from '../../plugins/auth.js';
import type { RoutesPlugin } from '../routes.js';
import { createPlan, deactivatePlan, getPlan, listPlans, planRevisitSummary, updatePlan } from './plans.service.js';

export const plansRoutes: RoutesPlugin = async (app, { db, config }) => {
  const tags = ['revisit plans'];
  app.get('/revisit-plans', { schema: { tags, summary: 'List VIP revisit plans on the caller’s sites', querystring: planListQuery, response: { 200: pageOf(planSchema) } } }, async (request) =>
    listPlans(contextFor(request, db, config), request.query),
  );
  app.get(
    '/revisit-plans/summary',
    { schema: { tags, summary: 'Overdue plan revisits and those open today on the caller’s sites', response: { 200: planRevisitSummarySchema } } },
    async (request) => planRevisitSummary(contextFor(request, db, config)),
  );
  app.post('/revisit-plans', { schema: { tags, summary: 'Create a revisit plan for a customer or a tier', body: planCreateBody, response: { 201: planSchema } } }, async (request, reply) =>
    reply.status(201).send(await createPlan(contextFor(request, db, config), request.body)),
  );
  app.get('/revisit-plans/:id', { schema: { tags, summary: 'Get a revisit plan', params: idParams, response: { 200: planSchema } } }, async (request) =>
    getPlan(contextFor(request, db, config), request.params.id),
  );
  app.patch('/revisit-plans/:id', { schema: { tags, summary: 'Change a revisit plan', params: idParams, body: planUpdateBody, response: { 200: planSchema } } }, async (request) =>
    updatePlan(contextFor(request, db, config), request.params.id, request.body),
  );
  app.post(
    '/revisit-plans/:id/deactivate',
    { schema: { tags, summary: 'Stop a revisit plan (its revisits not yet due are withdrawn)', params: idParams, body: planDeactivateBody, response: { 200: planSchema } } },
    async (request) => deactivatePlan(contextFor(request, db, config), request.params.id, request.body.version),
  );
};
