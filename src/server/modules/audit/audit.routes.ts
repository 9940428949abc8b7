import { pageOf } from '../../../shared/schemas/common.js';
import { auditEventSchema, auditQuery } from '../../../shared/schemas/org.js';
import { contextFor } from '../../plugins/auth.js';
import type { RoutesPlugin } from '../routes.js';
import { listAuditEvents } from './audit.service.js';

export const auditRoutes: RoutesPlugin = async (app, { db, config }) => {
  app.get(
    '/audit-events',
    { schema: { tags: ['audit'], summary: 'Browse the audit trail', querystring: auditQuery, response: { 200: pageOf(auditEventSchema) } } },
    async (request) => listAuditEvents(contextFor(request, db, config), request.query),
  );
};
