import { idParams, pageOf } from '../../../shared/schemas/common.js';
import { communicationRecordSchema, problemCaseBody, problemParams, recordCreateBody, recordListQuery } from '../../../shared/schemas/records.js';
import { contextFor } from '../../plugins/auth.js';
import type { RoutesPlugin } from '../routes.js';
import { createRecord, getRecord, listRecords, problemToCase } from './records.service.js';

export const recordsRoutes: RoutesPlugin = async (app, { db, config }) => {
  const tags = ['communication records'];
  app.get(
    '/communication-records',
    { schema: { tags, summary: 'List communication records (沟通记录) on the caller’s sites', querystring: recordListQuery, response: { 200: pageOf(communicationRecordSchema) } } },
    async (request) => listRecords(contextFor(request, db, config), request.query),
  );
  app.post(
    '/communication-records',
    { schema: { tags, summary: 'Record a contact with a customer, its topics, opinion and problems', body: recordCreateBody, response: { 201: communicationRecordSchema } } },
    async (request, reply) => reply.status(201).send(await createRecord(contextFor(request, db, config), request.body)),
  );
  app.get('/communication-records/:id', { schema: { tags, summary: 'Get a communication record', params: idParams, response: { 200: communicationRecordSchema } } }, async (request) =>
    getRecord(contextFor(request, db, config), request.params.id),
  );
  app.post(
    '/communication-records/:id/problems/:problemId/case',
    { schema: { tags, summary: 'Turn a problem of a record into a case, linked back to the record', params: problemParams, body: problemCaseBody, response: { 201: communicationRecordSchema } } },
    async (request, reply) => reply.status(201).send(await problemToCase(contextFor(request, db, config), request.params.id, request.params.problemId, request.body)),
  );
};
