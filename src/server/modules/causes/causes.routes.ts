import { idParams } from '../../../shared/schemas/common.js';
import { caseDetailSchema } from '../../../shared/schemas/cases.js';
import {
  caseCauseBody,
  causeCodeCreateBody,
  causeCodeListSchema,
  causeCodeSchema,
  causeCodeUpdateBody,
  causeSuggestionListSchema,
} from '../../../shared/schemas/causes.js';
import { contextFor } from '../../plugins/auth.js';
import type { RoutesPlugin } from '../routes.js';
import { createCauseCode, listCauseCodes, setCaseCause, suggestCaseCauses, updateCauseCode } from './causes.service.js';

export const causesRoutes: RoutesPlugin = async (app, { db, config }) => {
  const tags = ['causes'];
  app.get('/cause-codes', { schema: { tags, summary: 'The cause taxonomy', response: { 200: causeCodeListSchema } } }, async (request) =>
    listCauseCodes(contextFor(request, db, config)),
  );
  app.post('/cause-codes', { schema: { tags, summary: 'Add a cause', body: causeCodeCreateBody, response: { 201: causeCodeSchema } } }, async (request, reply) =>
    reply.status(201).send(await createCauseCode(contextFor(request, db, config), request.body)),
  );
  app.patch(
    '/cause-codes/:id',
    { schema: { tags, summary: 'Rename, reclassify, re-keyword or retire a cause', params: idParams, body: causeCodeUpdateBody, response: { 200: causeCodeSchema } } },
    async (request) => updateCauseCode(contextFor(request, db, config), request.params.id, request.body),
  );
  app.put(
    '/cases/:id/cause',
    { schema: { tags, summary: 'Code the cause of a case (the model learns from it)', params: idParams, body: caseCauseBody, response: { 200: caseDetailSchema } } },
    async (request) => setCaseCause(contextFor(request, db, config), request.params.id, request.body),
  );
  app.get(
    '/cases/:id/cause-suggestions',
    { schema: { tags, summary: 'Likely causes of a case from its text', params: idParams, response: { 200: causeSuggestionListSchema } } },
    async (request) => suggestCaseCauses(contextFor(request, db, config), request.params.id),
  );
};
