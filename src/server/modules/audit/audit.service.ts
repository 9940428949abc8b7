import type { z } from 'zod';
import type { Page } from '../../../shared/schemas/common.js';
import type { AuditEvent, auditQuery } from '../../../shared/schemas/org.js';
import { requirePermission } from '../access/access.policy.js';
import type { ServiceContext } from '../context.js';
import { findAuditEvents } from './audit.repository.js';

/** Lists the organisation's audit events, newest first; administrators only. */
export async function listAuditEvents(ctx: ServiceContext, query: z.infer<typeof auditQuery>): Promise<Page<AuditEvent>> {
  requirePermission(ctx.actor, 'audit.read');
  const { items, total } = await findAuditEvents(ctx.db, ctx.actor.orgId, query);
  return { items, total, page: query.page, pageSize: query.pageSize };
}
