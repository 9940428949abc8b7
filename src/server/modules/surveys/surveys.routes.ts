import { idParams } from '../../../shared/schemas/common.js';
import {
  surveyCreateBody,
  surveyFromTemplateBody,
  surveyListQuery,
  surveyListSchema,
  surveyPublishBody,
  surveyResponseCreateBody,
  surveyResponseListQuery,
  surveyResponseListSchema,
  surveyResponseSchema,
  surveySchema,
  surveyUpdateBody,
} from '../../../shared/schemas/surveys.js';
import type { SurveyDefinition } from '../../../shared/surveys/definition.js';
import { contextFor } from '../../plugins/auth.js';
import type { RoutesPlugin } from '../routes.js';
import { registerResponseExport } from './responses-export.js';
import { registerResponseImport } from './responses-import.js';
import { createResponse, createSurvey, createSurveyFromTemplate, getSurvey, listResponses, listSurveys, publishSurvey, updateSurvey } from './surveys.service.js';

export const surveysRoutes: RoutesPlugin = async (app, { db, config }) => {
  const tags = ['surveys'];
  app.get('/surveys', { schema: { tags, summary: 'Surveys: one row per survey (its newest version) with all its versions', querystring: surveyListQuery, response: { 200: surveyListSchema } } }, async (request) =>
    listSurveys(contextFor(request, db, config), request.query),
  );
  app.post('/surveys', { schema: { tags, summary: 'Create a survey (its first version, as a draft)', body: surveyCreateBody, response: { 201: surveySchema } } }, async (request, reply) =>
    reply.status(201).send(await createSurvey(contextFor(request, db, config), request.body.definition as SurveyDefinition)),
  );
  app.post(
    '/surveys/from-template',
    { schema: { tags, summary: 'Create a draft survey from a built-in template (servqual, csat, nps, property)', body: surveyFromTemplateBody, response: { 201: surveySchema } } },
    async (request, reply) => reply.status(201).send(await createSurveyFromTemplate(contextFor(request, db, config), request.body.template)),
  );
  app.get('/surveys/:id', { schema: { tags, summary: 'One version of a survey with its definition', params: idParams, response: { 200: surveySchema } } }, async (request) =>
    getSurvey(contextFor(request, db, config), request.params.id),
  );
  app.patch(
    '/surveys/:id',
    {
      schema: {
        tags,
        summary: 'Save a draft; on a published version, start the next version as a draft (the answer is that draft)',
        params: idParams,
        body: surveyUpdateBody,
        response: { 200: surveySchema },
      },
    },
    async (request) => updateSurvey(contextFor(request, db, config), request.params.id, { definition: request.body.definition as SurveyDefinition, version: request.body.version }),
  );
  app.post(
    '/surveys/:id/publish',
    { schema: { tags, summary: 'Publish a draft: it is frozen and takes responses', params: idParams, body: surveyPublishBody, response: { 200: surveySchema } } },
    async (request) => publishSurvey(contextFor(request, db, config), request.params.id, request.body ?? {}),
  );
  app.get(
    '/surveys/:id/responses',
    { schema: { tags, summary: 'Responses to this survey version on the caller’s sites', params: idParams, querystring: surveyResponseListQuery, response: { 200: surveyResponseListSchema } } },
    async (request) => listResponses(contextFor(request, db, config), request.params.id, request.query),
  );
  app.post(
    '/surveys/:id/responses',
    { schema: { tags, summary: 'Record a response (staff entry: phone, paper, visit); invalid answers are 400 at answers.<key>', params: idParams, body: surveyResponseCreateBody, response: { 201: surveyResponseSchema } } },
    async (request, reply) => reply.status(201).send(await createResponse(contextFor(request, db, config), request.params.id, request.body)),
  );
  registerResponseImport(app, db, config);
  registerResponseExport(app, db, config);
};
