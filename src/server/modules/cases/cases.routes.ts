import { idParams } from '../../../shared/schemas/common.js';
import { bulkAssignBody, bulkAssignResultSchema, caseCreateBody, caseDetailSchema, caseListQuery, caseListSchema, commentBody, transitionBody } from '../../../shared/schemas/cases.js';
import { contextFor } from '../../plugins/auth.js';
import type { RoutesPlugin } from '../routes.js';
import { addComment, bulkAssignCases, createCase, getCase, listCases, transitionCase } from './cases.service.js';

export const casesRoutes: RoutesPlugin = async (app, { db, config }) => {
  const tags = ['cases'];
  app.get('/cases', { schema: { tags, summary: 'List cases', querystring: caseListQuery, response: { 200: caseListSchema } } }, async (request) =>
    listCases(contextFor(request, db, config), request.query),
  );
  app.post('/cases', { schema: { tags, summary: 'Record a contact as a case', body: caseCreateBody, response: { 201: caseDetailSchema } } }, async (request, reply) =>
    reply.status(201).send(await createCase(contextFor(request, db, config), request.body)),
  );
  app.get('/cases/:id', { schema: { tags, summary: 'A case with its history', params: idParams, response: { 200: caseDetailSchema } } }, async (request) =>
    getCase(contextFor(request, db, config), request.params.id),
  );
  app.post(
    '/cases/:id/transitions',
    { schema: { tags, summary: 'Assign, start, wait, resolve, close, reopen, cancel or merge a case', params: idParams, body: transitionBody, response: { 200: caseDetailSchema } } },
    async (request) => transitionCase(contextFor(request, db, config), request.params.id, request.body),
  );
  app.post(
    '/cases/bulk-assign',
    { schema: { tags, summary: 'Assign up to 200 cases to one person, all or none', body: bulkAssignBody, response: { 200: bulkAssignResultSchema } } },
    async (request) => bulkAssignCases(contextFor(request, db, config), request.body),
  );
  app.post(
    '/cases/:id/comments',
    { schema: { tags, summary: 'Reply to the customer or add an internal note', params: idParams, body: commentBody, response: { 201: caseDetailSchema } } },
    async (request, reply) => reply.status(201).send(await addComment(contextFor(request, db, config), request.params.id, request.body)),
  );
};
