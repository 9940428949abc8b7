import { idParams } from '../../../shared/schemas/common.js';
import { businessCalendarPutBody, businessCalendarSchema, slaPoliciesPutBody, slaPoliciesSchema } from '../../../shared/schemas/sla.js';
import { contextFor } from '../../plugins/auth.js';
import type { RoutesPlugin } from '../routes.js';
import { deleteSlaPolicy, getBusinessCalendar, listSlaPolicies, putBusinessCalendar, putSlaPolicies } from './sla.service.js';

export const slaRoutes: RoutesPlugin = async (app, { db, config }) => {
  const tags = ['service levels'];
  app.get('/sla-policies', { schema: { tags, summary: 'Service-level targets per case type and priority, with site overrides and the defaults', response: { 200: slaPoliciesSchema } } }, async (request) =>
    listSlaPolicies(contextFor(request, db, config)),
  );
  app.put(
    '/sla-policies',
    { schema: { tags, summary: 'Set targets for the organisation (siteId null) or override them on a site; applies to new cases', body: slaPoliciesPutBody, response: { 200: slaPoliciesSchema } } },
    async (request) => putSlaPolicies(contextFor(request, db, config), request.body),
  );
  app.delete('/sla-policies/:id', { schema: { tags, summary: 'Remove a policy: the next less specific target applies', params: idParams } }, async (request, reply) => {
    await deleteSlaPolicy(contextFor(request, db, config), request.params.id);
    return reply.status(204).send();
  });
  app.get('/business-calendar', { schema: { tags, summary: 'Working hours, holidays and make-up working days (调休)', response: { 200: businessCalendarSchema } } }, async (request) =>
    getBusinessCalendar(contextFor(request, db, config)),
  );
  app.put(
    '/business-calendar',
    { schema: { tags, summary: 'Replace the business calendar (versioned); applies to new cases', body: businessCalendarPutBody, response: { 200: businessCalendarSchema } } },
    async (request) => putBusinessCalendar(contextFor(request, db, config), request.body),
  );
};
