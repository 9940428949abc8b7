import { caseDetailSchema } from '../../../shared/schemas/cases.js';
import { idParams } from '../../../shared/schemas/common.js';
import { compensationLimitListSchema, compensationLimitsBody, recoveryBody, recoveryDecisionBody } from '../../../shared/schemas/recovery.js';
import { contextFor } from '../../plugins/auth.js';
import type { RoutesPlugin } from '../routes.js';
import { decideRecovery, listLimits, putRecovery, saveLimits } from './recovery.service.js';

export const recoveryRoutes: RoutesPlugin = async (app, { db, config }) => {
  const tags = ['recovery'];
  app.put(
    '/cases/:id/recovery',
    { schema: { tags, summary: 'Record the service recovery of a case (above the caller’s limit it waits for approval)', params: idParams, body: recoveryBody, response: { 200: caseDetailSchema } } },
    async (request) => putRecovery(contextFor(request, db, config), request.params.id, request.body),
  );
  app.post(
    '/cases/:id/recovery/approve',
    { schema: { tags, summary: 'Approve compensation waiting for approval', params: idParams, body: recoveryDecisionBody, response: { 200: caseDetailSchema } } },
    async (request) => decideRecovery(contextFor(request, db, config), request.params.id, 'approve', request.body),
  );
  app.post(
    '/cases/:id/recovery/reject',
    { schema: { tags, summary: 'Reject compensation waiting for approval', params: idParams, body: recoveryDecisionBody, response: { 200: caseDetailSchema } } },
    async (request) => decideRecovery(contextFor(request, db, config), request.params.id, 'reject', request.body),
  );
  app.get('/compensation-limits', { schema: { tags, summary: 'Compensation limit of each role', response: { 200: compensationLimitListSchema } } }, async (request) =>
    listLimits(contextFor(request, db, config)),
  );
  app.put(
    '/compensation-limits',
    { schema: { tags, summary: 'Set compensation limits of roles', body: compensationLimitsBody, response: { 200: compensationLimitListSchema } } },
    async (request) => saveLimits(contextFor(request, db, config), request.body),
  );
};
