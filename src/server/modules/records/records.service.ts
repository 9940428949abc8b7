import type { z } from 'zod';
import type { CaseStatus } from '../../../shared/cases/state-machine.js';
import { AppError } from '../../../shared/errors.js';
import { maskName } from '../../../shared/phone.js';
import type { Role } from '../../../shared/roles.js';
import type { Page } from '../../../shared/schemas/common.js';
import type { ContactChannel } from '../../../shared/schemas/plans.js';
import type { CommunicationRecord, problemCaseBody, recordCreateBody, recordListQuery } from '../../../shared/schemas/records.js';
import type { CommunicationProblemRow, CommunicationRecordRow } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { assertInScope, optionalSiteScope, scopeCovers, siteScope } from '../access/access.policy.js';
import type { Actor, SiteScope } from '../access/actor.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import { insertNewCase } from '../cases/cases.service.js';
import type { Executor, ServiceContext } from '../context.js';
import { findOrgTimezone, findUserWithGrants } from '../plans/plans.repository.js';
import * as repo from './records.repository.js';

/** A contact may be recorded a little ahead of the server's clock (a phone's clock), not later. */
const CLOCK_SKEW_MS = 5 * 60_000;

const fieldError = (path: string, message: string) => new AppError('validation_failed', `Invalid ${path}`, [{ path, message, code: message }]);

function present(row: repo.RecordWithNames, problems: repo.ProblemWithCase[], piiScope: SiteScope): CommunicationRecord {
  return {
    id: row.id,
    siteId: row.site_id,
    siteName: row.site_name,
    customerId: row.customer_id,
    customerName: scopeCovers(piiScope, row.site_id) ? row.customer_name : maskName(row.customer_name),
    customerTier: row.customer_tier as CommunicationRecord['customerTier'],
    revisitId: row.revisit_id,
    channel: row.channel as ContactChannel,
    occurredAt: row.occurred_at,
    staffId: row.staff_id,
    staffName: row.staff_name,
    topics: JSON.parse(row.topics) as string[],
    opinion: row.opinion,
    problems: problems.map((p) => ({
      id: p.id,
      position: p.position,
      description: p.description,
      case: p.case_id && p.case_number ? { id: p.case_id, number: p.case_number, status: p.case_status as CaseStatus } : null,
    })),
    createdBy: row.created_by,
    version: row.version,
    createdAt: row.created_at,
  };
}

async function presentMany(ctx: ServiceContext, db: Executor, rows: repo.RecordWithNames[], piiScope: SiteScope): Promise<CommunicationRecord[]> {
  const problems = await repo.findProblems(db, ctx.actor.orgId, rows.map((r) => r.id));
  const byRecord = new Map<string, repo.ProblemWithCase[]>();
  for (const p of problems) byRecord.set(p.record_id, [...(byRecord.get(p.record_id) ?? []), p]);
  return rows.map((r) => present(r, byRecord.get(r.id) ?? [], piiScope));
}

/** Lists communication records on the caller's sites, latest contact first. */
export async function listRecords(ctx: ServiceContext, query: z.infer<typeof recordListQuery>): Promise<Page<CommunicationRecord>> {
  const [scope, piiScope] = await Promise.all([siteScope(ctx.db, ctx.actor, 'cases.read'), optionalSiteScope(ctx.db, ctx.actor, 'customers.pii')]);
  const { rows, total } = await repo.findRecords(ctx.db, ctx.actor.orgId, scope, query, query);
  return { items: await presentMany(ctx, ctx.db.kysely, rows, piiScope), total, page: query.page, pageSize: query.pageSize };
}

/** One record with its problems and the cases they became, or 404 outside the caller's sites. */
export async function getRecord(ctx: ServiceContext, id: string): Promise<CommunicationRecord> {
  const scope = await siteScope(ctx.db, ctx.actor, 'cases.read');
  const row = await repo.findRecord(ctx.db.kysely, ctx.actor.orgId, id);
  if (!row) throw new AppError('not_found', 'Communication record not found');
  assertInScope(scope, row.site_id, 'Communication record');
  const [record] = await presentMany(ctx, ctx.db.kysely, [row], await optionalSiteScope(ctx.db, ctx.actor, 'customers.pii'));
  return record;
}

/** The staff member of a record must be an active colleague who makes revisits on the customer's site. */
async function checkStaff(ctx: ServiceContext, trx: Executor, staffId: string, siteId: string): Promise<void> {
  const user = await findUserWithGrants(trx, ctx.actor.orgId, staffId);
  if (!user) throw fieldError('staffId', 'not_found');
  const candidate: Actor = { kind: 'session', orgId: ctx.actor.orgId, userId: user.id, username: '', name: user.name, grants: user.grants.map((g) => ({ role: g.role as Role, siteId: g.site_id })) };
  const scope = await optionalSiteScope({ ...ctx.db, kysely: trx }, candidate, 'revisits.write');
  if (!scopeCovers(scope, siteId)) throw fieldError('staffId', 'not_assignable');
}

/** Records a contact with a customer (for a revisit or ad hoc): who, when, how, the topics, the customer's opinion and the problems raised. */
export async function createRecord(ctx: ServiceContext, input: z.infer<typeof recordCreateBody>): Promise<CommunicationRecord> {
  const scope = await siteScope(ctx.db, ctx.actor, 'revisits.write');
  const now = new Date();
  if (input.occurredAt && new Date(input.occurredAt).getTime() > now.getTime() + CLOCK_SKEW_MS) throw fieldError('occurredAt', 'in_future');
  const id = await ctx.db.kysely.transaction().execute(async (trx) => {
    const customer = await repo.findLiveCustomer(trx, ctx.actor.orgId, input.customerId);
    if (!customer || !scopeCovers(scope, customer.site_id)) throw fieldError('customerId', 'not_found');
    if (input.revisitId) {
      const revisit = await repo.findRevisitOf(trx, ctx.actor.orgId, input.revisitId);
      if (!revisit || revisit.customer_id !== customer.id) throw fieldError('revisitId', 'not_found');
    }
    const staffId = input.staffId ?? ctx.actor.userId;
    if (staffId !== ctx.actor.userId) await checkStaff(ctx, trx, staffId, customer.site_id);
    const stamp = now.toISOString();
    const row: CommunicationRecordRow = {
      id: newId(),
      org_id: ctx.actor.orgId,
      site_id: customer.site_id,
      customer_id: customer.id,
      revisit_id: input.revisitId ?? null,
      channel: input.channel,
      occurred_at: input.occurredAt ? new Date(input.occurredAt).toISOString() : stamp,
      staff_id: staffId,
      topics: JSON.stringify([...new Set(input.topics)]),
      opinion: input.opinion || null,
      created_by: ctx.actor.userId,
      version: 1,
      created_at: stamp,
      updated_at: stamp,
    };
    const problems: CommunicationProblemRow[] = input.problems.map((p, i) => ({ id: newId(), org_id: ctx.actor.orgId, record_id: row.id, position: i + 1, description: p.description, case_id: null, created_at: stamp }));
    await repo.insertRecord(trx, row, problems);
    await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, {
      action: 'create',
      entity: 'communication_record',
      entityId: row.id,
      after: { customerId: row.customer_id, revisitId: row.revisit_id, channel: row.channel, occurredAt: row.occurred_at, staffId, topics: input.topics, opinion: row.opinion, problems: input.problems.map((p) => p.description) },
    });
    return row.id;
  });
  return getRecord(ctx, id);
}

const CHANNEL_LABELS: Record<ContactChannel, string> = { phone: '电话', visit: '上门拜访', wechat: '微信', sms: '短信', email: '邮件', meeting: '座谈会' };

/**
 * Turns one problem of a record into a case: a visit's problem comes in through channel 'visit',
 * any other contact's through 'revisit'; the description carries the problem and the record's
 * context. The problem keeps the link (409 when it already has a case), so the record follows the
 * case until it is solved.
 */
export async function problemToCase(ctx: ServiceContext, recordId: string, problemId: string, input: z.infer<typeof problemCaseBody>): Promise<CommunicationRecord> {
  const [readScope, writeScope] = await Promise.all([siteScope(ctx.db, ctx.actor, 'cases.read'), siteScope(ctx.db, ctx.actor, 'cases.write')]);
  const { timezone } = await findOrgTimezone(ctx.db.kysely, ctx.actor.orgId);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const record = await repo.findRecord(trx, ctx.actor.orgId, recordId);
    if (!record || !scopeCovers(readScope, record.site_id) || !scopeCovers(writeScope, record.site_id)) throw new AppError('not_found', 'Communication record not found');
    const problem = await repo.findProblem(trx, ctx.actor.orgId, recordId, problemId);
    if (!problem) throw new AppError('not_found', 'Problem not found');
    if (problem.case_id) throw new AppError('conflict', 'This problem is already a case', { caseId: problem.case_id });
    const channel = record.channel as ContactChannel;
    const topics = JSON.parse(record.topics) as string[];
    const when = new Intl.DateTimeFormat('sv-SE', { timeZone: timezone, dateStyle: 'short', timeStyle: 'short' }).format(new Date(record.occurred_at));
    const context = [
      `沟通记录：${when} ${CHANNEL_LABELS[channel]}，${record.staff_name}`,
      topics.length ? `话题：${topics.join('、')}` : null,
      record.opinion ? `客户意见：${record.opinion}` : null,
    ].filter(Boolean);
    const title = input.title ?? (problem.description.length > 60 ? `${problem.description.slice(0, 59)}…` : problem.description);
    const created = await insertNewCase({ ...ctx.db, kysely: trx }, ctx.actor.orgId, ctx.actor, {
      type: input.type,
      channel: channel === 'visit' ? 'visit' : 'revisit',
      priority: input.priority,
      siteId: record.site_id,
      customerId: record.customer_id,
      title,
      description: `${problem.description}\n\n${context.join('\n')}`,
    });
    if (!(await repo.linkProblemCase(trx, ctx.actor.orgId, problem.id, created.id))) throw new AppError('conflict', 'This problem is already a case');
    await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'create', entity: 'case', entityId: created.id, after: { number: created.number, type: created.type, siteId: created.site_id, communicationRecordId: record.id } });
    await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'update', entity: 'communication_problem', entityId: problem.id, before: { caseId: null }, after: { caseId: created.id, caseNumber: created.number } });
  });
  return getRecord(ctx, recordId);
}
