import { idParams } from '../../../shared/schemas/common.js';
import { surveyFollowUpBody, surveyResponseSchema } from '../../../shared/schemas/surveys.js';
import { contextFor } from '../../plugins/auth.js';
import type { RoutesPlugin } from '../routes.js';
import { createFollowUp } from './followups.service.js';
import { getResponse } from './surveys.service.js';

export const surveyFollowUpsRoutes: RoutesPlugin = async (app, { db, config }) => {
  const tags = ['surveys'];
  app.get(
    '/survey-responses/:id',
    { schema: { tags, summary: 'One response with its answers and follow-up cases (their live status)', params: idParams, response: { 200: surveyResponseSchema } } },
    async (request) => getResponse(contextFor(request, db, config), request.params.id),
  );
  app.post(
    '/survey-responses/:id/follow-ups',
    {
      schema: {
        tags,
        summary: 'Turn a low score or a comment of a response (or the whole response) into a case, linked to it; 409 when that answer already has one',
        params: idParams,
        body: surveyFollowUpBody,
        response: { 201: surveyResponseSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createFollowUp(contextFor(request, db, config), request.params.id, request.body ?? {})),
  );
};
