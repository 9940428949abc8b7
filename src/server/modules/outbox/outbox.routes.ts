import {
  messageTemplateBody,
  messageTemplateListSchema,
  messageTemplateSchema,
  outboxIdParams,
  outboxListQuery,
  outboxMessageDetailSchema,
  outboxMessageSchema,
  outboxSummarySchema,
  templateKeyParams,
  templatePreviewBody,
  templatePreviewSchema,
} from '../../../shared/schemas/outbox.js';
import { pageOf } from '../../../shared/schemas/common.js';
import { contextFor } from '../../plugins/auth.js';
import type { RoutesPlugin } from '../routes.js';
import {
  cancelOutboxMessage,
  getOutboxMessage,
  listMessageTemplates,
  listOutboxMessages,
  outboxSummary,
  previewMessageTemplate,
  restoreDefaultTemplate,
  retryOutboxMessage,
  saveMessageTemplate,
} from './outbox.service.js';

/** The email/SMS outbox and the message templates (outbox.manage, organisation-wide). */
export const outboxRoutes: RoutesPlugin = async (app, { db, config }) => {
  const tags = ['outbox'];
  app.get('/outbox/messages', { schema: { tags, summary: 'Queued, sent, dead and cancelled emails and SMS, newest first', querystring: outboxListQuery, response: { 200: pageOf(outboxMessageSchema) } } }, async (request) =>
    listOutboxMessages(contextFor(request, db, config), request.query),
  );
  app.get('/outbox/summary', { schema: { tags, summary: 'How many messages are in each status', response: { 200: outboxSummarySchema } } }, async (request) =>
    outboxSummary(contextFor(request, db, config)),
  );
  app.get('/outbox/messages/:id', { schema: { tags, summary: 'One message as rendered, with attempts and last error', params: outboxIdParams, response: { 200: outboxMessageDetailSchema } } }, async (request) =>
    getOutboxMessage(contextFor(request, db, config), request.params.id),
  );
  app.post('/outbox/messages/:id/retry', { schema: { tags, summary: 'Queue a dead message again', params: outboxIdParams, response: { 200: outboxMessageDetailSchema } } }, async (request) =>
    retryOutboxMessage(contextFor(request, db, config), request.params.id),
  );
  app.post('/outbox/messages/:id/cancel', { schema: { tags, summary: 'Withdraw a queued message', params: outboxIdParams, response: { 200: outboxMessageDetailSchema } } }, async (request) =>
    cancelOutboxMessage(contextFor(request, db, config), request.params.id),
  );

  const templateTags = ['message templates'];
  app.get('/message-templates', { schema: { tags: templateTags, summary: 'Every event × channel × language: the wording in force and the built-in one', response: { 200: messageTemplateListSchema } } }, async (request) =>
    listMessageTemplates(contextFor(request, db, config)),
  );
  app.post('/message-templates/preview', { schema: { tags: templateTags, summary: 'Render a template with example data', body: templatePreviewBody, response: { 200: templatePreviewSchema } } }, async (request) =>
    previewMessageTemplate(contextFor(request, db, config), request.body),
  );
  app.put(
    '/message-templates/:event/:channel/:locale',
    { schema: { tags: templateTags, summary: 'Save the organisation’s wording of one template', params: templateKeyParams, body: messageTemplateBody, response: { 200: messageTemplateSchema } } },
    async (request) => saveMessageTemplate(contextFor(request, db, config), request.params, request.body),
  );
  app.delete(
    '/message-templates/:event/:channel/:locale',
    { schema: { tags: templateTags, summary: 'Restore the built-in wording of one template', params: templateKeyParams, response: { 200: messageTemplateSchema } } },
    async (request) => restoreDefaultTemplate(contextFor(request, db, config), request.params),
  );
};
