import { z } from 'zod';
import { LOCALES } from '../../../shared/roles.js';
import { idParams } from '../../../shared/schemas/common.js';
import {
  revisitAssignBody,
  revisitAttemptBody,
  revisitCalendarQuery,
  revisitCalendarSchema,
  revisitDetailSchema,
  revisitListQuery,
  revisitListSchema,
  revisitPoliciesPutBody,
  revisitPoliciesSchema,
  revisitSchema,
  revisitStatsQuery,
  revisitStatsSchema,
} from '../../../shared/schemas/revisits.js';
import { contextFor } from '../../plugins/auth.js';
import type { RoutesPlugin } from '../routes.js';
import {
  assignRevisits,
  deleteRevisitPolicy,
  exportRevisitStats,
  getRevisit,
  listRevisitPolicies,
  listRevisits,
  putRevisitPolicies,
  recordRevisitAttempt,
  revisitCalendar,
  revisitStats,
} from './revisits.service.js';

const localeQuery = z.object({ locale: z.enum(LOCALES).default('zh-CN') });

export const revisitsRoutes: RoutesPlugin = async (app, { db, config }) => {
  const tags = ['revisits'];
  app.get('/revisit-policies', { schema: { tags, summary: 'Revisit policies per case type, with site overrides and the defaults', response: { 200: revisitPoliciesSchema } } }, async (request) =>
    listRevisitPolicies(contextFor(request, db, config)),
  );
  app.put(
    '/revisit-policies',
    { schema: { tags, summary: 'Set revisit policies for the organisation (siteId null) or override them on a site', body: revisitPoliciesPutBody, response: { 200: revisitPoliciesSchema } } },
    async (request) => putRevisitPolicies(contextFor(request, db, config), request.body),
  );
  app.delete('/revisit-policies/:id', { schema: { tags, summary: 'Remove a revisit policy: the next less specific one applies', params: idParams } }, async (request, reply) => {
    await deleteRevisitPolicy(contextFor(request, db, config), request.params.id);
    return reply.status(204).send();
  });
  app.get('/revisits', { schema: { tags, summary: 'Revisits on the caller’s sites: due, overdue or done', querystring: revisitListQuery, response: { 200: revisitListSchema } } }, async (request) =>
    listRevisits(contextFor(request, db, config), request.query),
  );
  app.get('/revisits/calendar', { schema: { tags, summary: 'Revisits per local day of their due time', querystring: revisitCalendarQuery, response: { 200: revisitCalendarSchema } } }, async (request) =>
    revisitCalendar(contextFor(request, db, config), request.query),
  );
  app.post('/revisits/assign', { schema: { tags, summary: 'Give open revisits to one person, all or none', body: revisitAssignBody, response: { 200: z.object({ items: z.array(revisitSchema) }) } } }, async (request) =>
    assignRevisits(contextFor(request, db, config), request.body),
  );
  app.get('/revisits/:id', { schema: { tags, summary: 'One revisit with its attempts, case summary and customer', params: idParams, response: { 200: revisitDetailSchema } } }, async (request) =>
    getRevisit(contextFor(request, db, config), request.params.id),
  );
  app.post(
    '/revisits/:id/attempts',
    { schema: { tags, summary: 'Record a call or visit: reached (solved? satisfaction 1–5), no answer, refused, wrong number', params: idParams, body: revisitAttemptBody, response: { 201: revisitDetailSchema } } },
    async (request, reply) => reply.status(201).send(await recordRevisitAttempt(contextFor(request, db, config), request.params.id, request.body)),
  );
  app.get(
    '/revisit-stats',
    { schema: { tags, summary: 'Revisit figures per site, owner, case type or month: completion, reach and satisfaction rates', querystring: revisitStatsQuery.extend(localeQuery.partial().shape), response: { 200: revisitStatsSchema } } },
    async (request) => {
      const { locale, ...query } = request.query;
      return revisitStats(contextFor(request, db, config), query, locale);
    },
  );
  app.get('/revisit-stats/export.xlsx', { schema: { tags, summary: 'The revisit figures as an Excel workbook', querystring: revisitStatsQuery.extend(localeQuery.shape) } }, async (request, reply) => {
    const { locale, ...query } = request.query;
    const file = await exportRevisitStats(contextFor(request, db, config), query, locale);
    const stamp = new Date().toISOString().slice(0, 10);
    const name = locale === 'en-US' ? `revisit-figures-${stamp}.xlsx` : locale === 'zh-TW' ? `回訪統計-${stamp}.xlsx` : `回访统计-${stamp}.xlsx`;
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="revisit-figures-${stamp}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .send(file);
  });
};
