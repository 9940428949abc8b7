import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { type CaseStatus, nextStatus } from '../../../shared/cases/state-machine.js';
import { AppError, type ErrorDetail } from '../../../shared/errors.js';
import { maskName, maskPhone } from '../../../shared/phone.js';
import { type CustomerTier, type Locale, type Role } from '../../../shared/roles.js';
import { CASE_TYPES, type CaseType } from '../../../shared/schemas/cases.js';
import {
  DEFAULT_REVISIT_POLICIES,
  isSatisfied,
  type Revisit,
  type RevisitAttemptInput,
  type RevisitCalendar,
  type RevisitDetail,
  type RevisitList,
  type RevisitListQuery,
  type RevisitOutcome,
  type RevisitPolicies,
  type RevisitPoliciesInput,
  type RevisitPolicy,
  type RevisitPolicyValues,
  type RevisitStats,
  type RevisitStatsQuery,
  type RevisitStatsRow,
  type revisitAssignBody,
  type revisitCalendarQuery,
  revisitRates,
  SATISFIED_MIN,
} from '../../../shared/schemas/revisits.js';
import type { Db } from '../../db/database.js';
import { isUniqueViolation } from '../../db/dialect.js';
import type { CaseRow } from '../../db/types.js';
import { assertVersion, changedFields } from '../../lib/concurrency.js';
import { newId, nowIso } from '../../lib/ids.js';
import { assertInScope, hasPermission, optionalSiteScope, scopeCovers, siteScope } from '../access/access.policy.js';
import type { Actor, SiteScope } from '../access/actor.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import { afterCaseWrite } from '../cases/case-effects.js';
import * as cases from '../cases/cases.repository.js';
import type { Executor, ServiceContext } from '../context.js';
import { recordSatisfactionScore } from '../ladder/ladder.service.js';
import { siteChain } from '../sla/sla.repository.js';
import { findSiteRow } from '../sites/sites.repository.js';
import { localDate, localMidnight, localMonths } from './local-time.js';
import * as repo from './revisits.repository.js';

/*
 * Post-case revisits (回访) and the work on every revisit, plan revisits included: a resolved case
 * gets a callback per its type's policy (in the resolving transaction), the agent records each
 * attempt, the answer closes or reopens the case, and a job closes resolved cases whose wait has
 * passed. Plan revisits (kind 'plan', written by the plans module) are worked the same way, with
 * no case to close or reopen.
 */

const HOUR = 3_600_000;
const addHours = (at: Date | string, hours: number) => new Date(new Date(at).getTime() + hours * HOUR).toISOString();

// ---------------------------------------------------------------------------------------------
// Policies

/**
 * The revisit policy of a case type on a site: the policy on the site or the nearest site above
 * it, else the organisation's, else the built-in default.
 */
export async function revisitPolicyFor(trx: Executor, orgId: string, type: CaseType, siteId: string): Promise<RevisitPolicyValues> {
  const rows = await repo.findPoliciesForType(trx, orgId, type);
  if (rows.length === 0) return DEFAULT_REVISIT_POLICIES[type];
  const bySite = new Map(rows.map((r) => [r.site_id, r]));
  const chain = rows.some((r) => r.site_id !== null) ? await siteChain(trx, orgId, siteId) : [];
  const row = chain.map((id) => bySite.get(id)).find(Boolean) ?? bySite.get(null);
  return row ? valuesOf(row) : DEFAULT_REVISIT_POLICIES[type];
}

function valuesOf(row: repo.RevisitPolicyRow): RevisitPolicyValues {
  return {
    samplePercent: row.sample_percent,
    delayHours: row.delay_hours,
    dueWithinHours: row.due_within_hours,
    maxAttempts: row.max_attempts,
    retryIntervalHours: row.retry_interval_hours,
    closeAfterHours: row.close_after_hours,
  };
}

function presentPolicy(row: repo.RevisitPolicyWithSite): RevisitPolicy {
  return { id: row.id, caseType: row.case_type as CaseType, siteId: row.site_id, siteName: row.site_name, ...valuesOf(row), version: row.version, updatedAt: row.updated_at };
}

const DEFAULTS = CASE_TYPES.map((caseType) => ({ caseType, ...DEFAULT_REVISIT_POLICIES[caseType] }));

/** The organisation's revisit policies and the site overrides on the caller's sites, with the built-in defaults. */
export async function listRevisitPolicies(ctx: ServiceContext): Promise<RevisitPolicies> {
  const scope = await siteScope(ctx.db, ctx.actor, 'cases.read');
  const rows = await repo.findPolicies(ctx.db.kysely, ctx.actor.orgId);
  return { items: rows.filter((r) => r.site_id === null || scopeCovers(scope, r.site_id)).map(presentPolicy), defaults: DEFAULTS };
}

const stalePolicy = () => new AppError('stale_version', 'The revisit policies were changed by someone else; reload and try again');

const policyColumns = (p: RevisitPolicyValues) => ({
  sample_percent: p.samplePercent,
  delay_hours: p.delayHours,
  due_within_hours: p.dueWithinHours,
  max_attempts: p.maxAttempts,
  retry_interval_hours: p.retryIntervalHours,
  close_after_hours: p.closeAfterHours,
});

/**
 * Sets policies for the organisation (siteId null: organisation-wide managers only) or overrides
 * for one site the caller manages. Each policy that exists carries the version it read.
 */
export async function putRevisitPolicies(ctx: ServiceContext, input: RevisitPoliciesInput): Promise<RevisitPolicies> {
  const scope = await siteScope(ctx.db, ctx.actor, 'revisits.manage');
  const orgId = ctx.actor.orgId;
  if (input.siteId === null) {
    if (!scope.all) throw new AppError('forbidden', 'Only organisation-wide managers may set the organisation’s revisit policies');
  } else {
    const site = await findSiteRow(ctx.db.kysely, orgId, input.siteId);
    if (!site || !scopeCovers(scope, site.id)) {
      throw new AppError('validation_failed', 'The site does not exist', [{ path: 'siteId', message: 'not_found', code: 'not_found' }]);
    }
  }
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      for (const [i, p] of input.policies.entries()) {
        const existing = await repo.findPolicyByKey(trx, orgId, p.caseType, input.siteId);
        const now = nowIso();
        if (!existing) {
          if (p.version !== undefined) throw stalePolicy();
          const row: repo.RevisitPolicyRow = { id: newId(), org_id: orgId, site_id: input.siteId, case_type: p.caseType, ...policyColumns(p), version: 1, created_at: now, updated_at: now };
          await repo.insertPolicy(trx, row);
          await insertAuditEvent(trx, ctx.actor, orgId, { action: 'create', entity: 'revisit_policy', entityId: row.id, after: { caseType: p.caseType, siteId: input.siteId, ...valuesOf(row) } });
          continue;
        }
        assertVersion(existing.version, p.version, `The policy at policies.${i}`);
        const diff = changedFields(valuesOf(existing) as unknown as Record<string, unknown>, { ...p, caseType: undefined, version: undefined });
        if (Object.keys(diff.after).length === 0) continue;
        if (!(await repo.updatePolicyRow(trx, orgId, existing.id, existing.version, { ...policyColumns(p), updated_at: now }))) throw stalePolicy();
        await insertAuditEvent(trx, ctx.actor, orgId, { action: 'update', entity: 'revisit_policy', entityId: existing.id, before: diff.before, after: diff.after });
      }
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw stalePolicy();
    throw error;
  }
  return listRevisitPolicies(ctx);
}

/** Removes a policy: the case type falls back to the next less specific policy. */
export async function deleteRevisitPolicy(ctx: ServiceContext, id: string): Promise<void> {
  const scope = await siteScope(ctx.db, ctx.actor, 'revisits.manage');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await repo.findPolicyById(trx, ctx.actor.orgId, id);
    if (!row || (row.site_id !== null && !scopeCovers(scope, row.site_id))) throw new AppError('not_found', 'Policy not found');
    if (row.site_id === null && !scope.all) throw new AppError('forbidden', 'Only organisation-wide managers may change the organisation’s revisit policies');
    await repo.deletePolicy(trx, ctx.actor.orgId, id);
    await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'delete', entity: 'revisit_policy', entityId: id, before: { caseType: row.case_type, siteId: row.site_id, ...valuesOf(row) } });
  });
}

// ---------------------------------------------------------------------------------------------
// Creation and cancellation, inside the case's transition

/**
 * Whether a case falls in a policy's sample: a number 0–99 from the SHA-256 of the case id, so the
 * same case always gets the same answer (a re-resolved case is sampled again the same way) and
 * the share over many cases is the policy's percentage.
 */
export function inRevisitSample(caseId: string, samplePercent: number): boolean {
  if (samplePercent >= 100) return true;
  if (samplePercent <= 0) return false;
  const n = createHash('sha256').update(caseId).digest().readUInt32BE(0) % 100;
  return n < samplePercent;
}

type CaseBefore = Pick<CaseRow, 'id' | 'org_id' | 'site_id' | 'type' | 'customer_id' | 'assignee_id'>;

/**
 * Called once by the cases module for every applied transition, inside its transaction
 * (`db.kysely` is the transaction): resolving schedules the callback its policy asks for, and
 * reopening, cancelling or merging cancels a callback still open.
 */
export async function revisitsAfterCaseTransition(db: Db, actor: Actor | null, c: CaseBefore, action: string, at = new Date()): Promise<void> {
  if (action === 'resolve') await scheduleCaseRevisit(db, actor, c, at);
  else if (action === 'reopen' || action === 'cancel' || action === 'merge') await cancelCaseRevisits(db, actor, c.org_id, c.id, action);
}

/** Creates the callback of a just-resolved case when its policy samples it and the customer exists; returns its id. */
export async function scheduleCaseRevisit(db: Db, actor: Actor | null, c: CaseBefore, at = new Date()): Promise<string | null> {
  const trx = db.kysely;
  if (!c.customer_id) return null;
  const customer = await trx.selectFrom('customers').select('id').where('org_id', '=', c.org_id).where('id', '=', c.customer_id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!customer) return null;
  const policy = await revisitPolicyFor(trx, c.org_id, c.type as CaseType, c.site_id);
  if (!inRevisitSample(c.id, policy.samplePercent)) return null;
  const now = at.toISOString();
  const dueAt = addHours(at, policy.delayHours);
  const row: repo.RevisitRow = {
    id: newId(),
    org_id: c.org_id,
    site_id: c.site_id,
    customer_id: c.customer_id,
    case_id: c.id,
    plan_id: null,
    plan_period: null,
    kind: 'case',
    channel: 'phone',
    // The one who resolved it calls back; a supervisor may hand the call to someone else.
    owner_id: c.assignee_id,
    status: 'due',
    due_at: dueAt,
    deadline_at: addHours(dueAt, policy.dueWithinHours),
    max_attempts: policy.maxAttempts,
    retry_interval_hours: policy.retryIntervalHours,
    attempt_count: 0,
    next_attempt_at: null,
    last_outcome: null,
    solved: null,
    satisfaction: null,
    comment: null,
    completed_at: null,
    completed_by: null,
    reminded_at: null,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  // An open callback for this case already (a resolve applied twice): the unique index keeps one.
  if (!(await repo.insertRevisit(trx, row))) return null;
  await insertAuditEvent(trx, actor, c.org_id, { action: 'create', entity: 'revisit', entityId: row.id, after: { caseId: c.id, dueAt: row.due_at, deadlineAt: row.deadline_at, ownerId: row.owner_id } });
  return row.id;
}

async function cancelCaseRevisits(db: Db, actor: Actor | null, orgId: string, caseId: string, reason: string): Promise<void> {
  const trx = db.kysely;
  for (const r of await repo.findOpenCaseRevisits(trx, orgId, caseId)) {
    if (!(await repo.updateRevisitRow(trx, orgId, r.id, r.version, { status: 'cancelled', updated_at: nowIso() }))) {
      throw new AppError('stale_version', 'The revisit was changed by someone else; reload and try again');
    }
    await insertAuditEvent(trx, actor, orgId, { action: 'cancel', entity: 'revisit', entityId: r.id, before: { status: 'due' }, after: { status: 'cancelled', reason: `case_${reason}` } });
  }
}

// ---------------------------------------------------------------------------------------------
// Reading

function present(row: repo.RevisitWithNames, piiScope: SiteScope, now: string): Revisit {
  const seesContact = scopeCovers(piiScope, row.site_id);
  return {
    id: row.id,
    kind: row.kind as Revisit['kind'],
    status: row.status as Revisit['status'],
    overdue: row.status === 'due' && row.deadline_at <= now,
    channel: row.channel,
    siteId: row.site_id,
    siteName: row.site_name,
    customer:
      row.customer_id && row.customer_name !== null && row.customer_phone !== null
        ? {
            id: row.customer_id,
            name: seesContact ? row.customer_name : maskName(row.customer_name),
            phone: seesContact ? row.customer_phone : maskPhone(row.customer_phone),
            tier: (row.customer_tier ?? 'ordinary') as CustomerTier,
            masked: !seesContact,
          }
        : null,
    case:
      row.case_id && row.case_number
        ? { id: row.case_id, number: row.case_number, title: row.case_title ?? '', type: row.case_type as CaseType, status: row.case_status as CaseStatus }
        : null,
    planId: row.plan_id,
    planName: row.plan_name,
    planPeriod: row.plan_period,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    dueAt: row.due_at,
    deadlineAt: row.deadline_at,
    maxAttempts: row.max_attempts,
    attemptCount: row.attempt_count,
    nextAttemptAt: row.next_attempt_at,
    lastOutcome: row.last_outcome as RevisitOutcome | null,
    solved: row.solved === null ? null : Boolean(row.solved),
    satisfaction: row.satisfaction,
    comment: row.comment,
    completedAt: row.completed_at,
    version: row.version,
    createdAt: row.created_at,
  };
}

async function checkedFilterSite(ctx: ServiceContext, scope: SiteScope, siteId: string | undefined): Promise<void> {
  // A site outside the caller's reach lists nothing, like any other filter that matches nothing.
  if (siteId && !scopeCovers(scope, siteId)) throw new AppError('validation_failed', 'The site does not exist', [{ path: 'siteId', message: 'not_found', code: 'not_found' }]);
}

/** Revisits on the caller's sites: due, overdue or done, by owner, site, case and due time. */
export async function listRevisits(ctx: ServiceContext, query: RevisitListQuery): Promise<RevisitList> {
  const [scope, piiScope] = await Promise.all([siteScope(ctx.db, ctx.actor, 'cases.read'), optionalSiteScope(ctx.db, ctx.actor, 'customers.pii')]);
  await checkedFilterSite(ctx, scope, query.siteId);
  const now = nowIso();
  const ownerId = query.ownerId === 'me' ? ctx.actor.userId : query.ownerId === 'none' ? null : query.ownerId;
  const { rows, total } = await repo.findRevisits(ctx.db.kysely, ctx.actor.orgId, scope, { ...query, ownerId, now }, query);
  return { items: rows.map((r) => present(r, piiScope, now)), total, page: query.page, pageSize: query.pageSize };
}

async function orgTimezone(db: Executor, orgId: string): Promise<string> {
  const org = await db.selectFrom('organizations').select('timezone').where('id', '=', orgId).executeTakeFirstOrThrow();
  return org.timezone;
}

/** Revisits per local day of their due time in [from, to): open, of which overdue, and finished. */
export async function revisitCalendar(ctx: ServiceContext, query: z.infer<typeof revisitCalendarQuery>): Promise<RevisitCalendar> {
  const scope = await siteScope(ctx.db, ctx.actor, 'cases.read');
  await checkedFilterSite(ctx, scope, query.siteId);
  if (new Date(query.to).getTime() - new Date(query.from).getTime() > 62 * 24 * HOUR || query.to <= query.from) {
    throw new AppError('validation_failed', 'The period must be at most 62 days', [{ path: 'to', message: 'too_big', code: 'invalid_value' }]);
  }
  const now = nowIso();
  const ownerId = query.ownerId === 'me' ? ctx.actor.userId : query.ownerId === 'none' ? null : query.ownerId;
  const [rows, tz] = await Promise.all([repo.findRevisitDueTimes(ctx.db.kysely, ctx.actor.orgId, scope, { ...query, ownerId, now }), orgTimezone(ctx.db.kysely, ctx.actor.orgId)]);
  const days = new Map<string, { date: string; open: number; overdue: number; done: number }>();
  for (const r of rows) {
    const date = localDate(new Date(r.due_at), tz);
    const day = days.get(date) ?? { date, open: 0, overdue: 0, done: 0 };
    if (r.status === 'due') {
      day.open++;
      if (r.deadline_at <= now) day.overdue++;
    } else day.done++;
    days.set(date, day);
  }
  return { days: [...days.values()].sort((a, b) => a.date.localeCompare(b.date)) };
}

/** One revisit with its attempts, its case's summary and its customer. */
export async function getRevisit(ctx: ServiceContext, id: string): Promise<RevisitDetail> {
  const scope = await siteScope(ctx.db, ctx.actor, 'cases.read');
  const row = await repo.findRevisit(ctx.db.kysely, ctx.actor.orgId, id);
  if (!row) throw new AppError('not_found', 'Revisit not found');
  assertInScope(scope, row.site_id, 'Revisit');
  const [piiScope, writeScope, manageScope, attempts, caseRow] = await Promise.all([
    optionalSiteScope(ctx.db, ctx.actor, 'customers.pii'),
    optionalSiteScope(ctx.db, ctx.actor, 'revisits.write'),
    optionalSiteScope(ctx.db, ctx.actor, 'revisits.manage'),
    repo.findAttempts(ctx.db.kysely, ctx.actor.orgId, id),
    row.case_id ? cases.findCase(ctx.db.kysely, ctx.actor.orgId, row.case_id) : undefined,
  ]);
  return {
    ...present(row, piiScope, nowIso()),
    attempts: attempts.map((a) => ({
      id: a.id,
      attemptNo: a.attempt_no,
      outcome: a.outcome as RevisitOutcome,
      solved: a.solved === null ? null : Boolean(a.solved),
      satisfaction: a.satisfaction,
      comment: a.comment,
      recordedBy: a.recorded_by,
      recordedByName: a.recorded_by_name,
      recordedAt: a.recorded_at,
    })),
    caseSummary: caseRow
      ? { description: caseRow.description, resolvedAt: caseRow.resolved_at, assigneeName: caseRow.assignee_name, channel: caseRow.channel, createdAt: caseRow.created_at }
      : null,
    canAttempt: row.status === 'due' && scopeCovers(writeScope, row.site_id),
    canAssign: row.status === 'due' && scopeCovers(manageScope, row.site_id),
  };
}

// ---------------------------------------------------------------------------------------------
// Attempts

/**
 * Moves a case on behalf of a revisit or the close job, through the state machine: a transition
 * event saying why, an audit row and afterCaseWrite, in the caller's transaction. Returns false
 * when the state machine does not allow it from the case's status, or the case changed meanwhile.
 */
async function systemCaseTransition(db: Db, actor: Actor | null, c: CaseRow, action: 'reopen' | 'close', why: { reason: string; body?: string | null; data?: Record<string, unknown> }): Promise<boolean> {
  const trx = db.kysely;
  const from = c.status as CaseStatus;
  const to = nextStatus(from, action, { hasAssignee: c.assignee_id !== null });
  if (to === null) return false;
  const now = nowIso();
  const changes: Partial<CaseRow> = { status: to, updated_at: now };
  if (action === 'close') changes.closed_at = now;
  else {
    changes.reopen_count = c.reopen_count + 1;
    changes.resolved_at = null;
    changes.closed_at = null;
  }
  if (!(await cases.updateCaseRow(trx, c.org_id, c.id, c.version, changes))) return false;
  await cases.insertCaseEvent(trx, c.org_id, c.id, {
    kind: 'transition',
    action,
    fromStatus: from,
    toStatus: to,
    body: why.body ?? null,
    actorId: actor?.userId ?? null,
    actorName: actor?.name ?? null,
    data: { reason: why.reason, ...why.data },
  });
  await insertAuditEvent(trx, actor, c.org_id, { action, entity: 'case', entityId: c.id, before: { status: from }, after: { status: to, reason: why.reason } });
  await afterCaseWrite(db, c.org_id, c.id, { kind: 'transition', action, actor });
  return true;
}

/**
 * Records one call or visit of a revisit. Not reached: after the retry interval the next attempt
 * may be made, until the attempts are used up (failed); refused or a wrong number ends it
 * (failed). Reached: the answer is kept, the score goes to the ladder, and the case reopens when
 * the matter is unsolved or the customer is dissatisfied (3 or less of 5), or closes when solved
 * and satisfied.
 */
export async function recordRevisitAttempt(ctx: ServiceContext, id: string, input: RevisitAttemptInput): Promise<RevisitDetail> {
  const [readScope, writeScope] = await Promise.all([siteScope(ctx.db, ctx.actor, 'cases.read'), siteScope(ctx.db, ctx.actor, 'revisits.write')]);
  const orgId = ctx.actor.orgId;
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const db = { ...ctx.db, kysely: trx };
    const row = await repo.findRevisitRow(trx, orgId, id);
    if (!row || !scopeCovers(readScope, row.site_id)) throw new AppError('not_found', 'Revisit not found');
    assertInScope(writeScope, row.site_id, 'Revisit');
    if (row.version !== input.version) throw new AppError('stale_version', 'The revisit was changed by someone else; reload and try again', { expected: input.version, current: row.version });
    if (row.status !== 'due') throw new AppError('conflict', `The revisit is ${row.status}: it takes no more attempts`, { status: row.status });
    const now = new Date();
    if (row.next_attempt_at && row.next_attempt_at > now.toISOString()) {
      throw new AppError('conflict', 'The customer did not answer the last call; the next attempt is not due yet', { nextAttemptAt: row.next_attempt_at });
    }
    const attemptNo = row.attempt_count + 1;
    const at = now.toISOString();
    await repo.insertAttempt(trx, {
      id: newId(),
      org_id: orgId,
      revisit_id: id,
      attempt_no: attemptNo,
      outcome: input.outcome,
      solved: input.solved === undefined ? null : input.solved ? 1 : 0,
      satisfaction: input.satisfaction ?? null,
      comment: input.comment || null,
      recorded_by: ctx.actor.userId,
      recorded_at: at,
    });
    const changes: Partial<repo.RevisitRow> = { attempt_count: attemptNo, last_outcome: input.outcome, updated_at: at, next_attempt_at: null };
    if (input.outcome === 'reached') {
      Object.assign(changes, { status: 'done', solved: input.solved ? 1 : 0, satisfaction: input.satisfaction, comment: input.comment || null, completed_at: at, completed_by: ctx.actor.userId });
    } else if (input.outcome === 'no_answer' && attemptNo < row.max_attempts) {
      changes.next_attempt_at = addHours(now, row.retry_interval_hours);
    } else {
      Object.assign(changes, { status: 'failed', completed_at: at, completed_by: ctx.actor.userId });
    }
    if (!(await repo.updateRevisitRow(trx, orgId, id, row.version, changes))) throw new AppError('stale_version', 'The revisit was changed by someone else; reload and try again');
    await insertAuditEvent(trx, ctx.actor, orgId, {
      action: 'attempt',
      entity: 'revisit',
      entityId: id,
      before: { status: row.status, attemptCount: row.attempt_count },
      after: { status: changes.status ?? row.status, attemptCount: attemptNo, outcome: input.outcome, solved: input.solved, satisfaction: input.satisfaction },
    });
    if (input.outcome !== 'reached') return;
    // The score feeds the ladder; a low one raises the case's (or, for a plan, the customer's) stage.
    if (row.case_id) await recordSatisfactionScore(db, orgId, { caseId: row.case_id }, input.satisfaction!, 5, 'revisit', at);
    else if (row.customer_id) await recordSatisfactionScore(db, orgId, { customerId: row.customer_id }, input.satisfaction!, 5, 'revisit', at);
    if (!row.case_id) return;
    const c = await trx.selectFrom('cases').selectAll().where('org_id', '=', orgId).where('id', '=', row.case_id).executeTakeFirstOrThrow();
    const happy = input.solved === true && isSatisfied(input.satisfaction);
    const data = { revisitId: id, solved: input.solved, satisfaction: input.satisfaction };
    const moved = happy
      ? c.status === 'resolved'
        ? await systemCaseTransition(db, ctx.actor, c, 'close', { reason: 'revisit_satisfied', data })
        : true
      : c.status === 'resolved' || c.status === 'closed'
        ? await systemCaseTransition(db, ctx.actor, c, 'reopen', { reason: input.solved ? 'revisit_dissatisfied' : 'revisit_unsolved', body: input.comment || null, data })
        : true;
    if (!moved) throw new AppError('stale_version', 'The case was changed by someone else; reload and try again');
  });
  return getRevisit(ctx, id);
}

// ---------------------------------------------------------------------------------------------
// Reassignment

/**
 * Gives up to 200 open revisits to one person, all or none: each must lie on a site the caller
 * manages revisits on, be open, and the new owner must make revisits on its site.
 */
export async function assignRevisits(ctx: ServiceContext, input: z.infer<typeof revisitAssignBody>): Promise<{ items: Revisit[] }> {
  const [scope, piiScope] = await Promise.all([siteScope(ctx.db, ctx.actor, 'revisits.manage'), optionalSiteScope(ctx.db, ctx.actor, 'customers.pii')]);
  const orgId = ctx.actor.orgId;
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const user = await cases.findAssignable(trx, orgId, input.ownerId);
    const candidate: Actor | undefined = user && { kind: 'session', orgId, userId: user.id, username: '', name: user.name, grants: user.grants.map((g) => ({ role: g.role as Role, siteId: g.site_id })) };
    const ownerScope = candidate && hasPermission(candidate, 'revisits.write') ? await siteScope({ ...ctx.db, kysely: trx }, candidate, 'revisits.write') : null;
    const notFound: ErrorDetail[] = [];
    const refused: ErrorDetail[] = [];
    for (const [i, revisitId] of [...new Set(input.ids)].entries()) {
      const row = await repo.findRevisitRow(trx, orgId, revisitId);
      if (!row || !scopeCovers(scope, row.site_id)) {
        notFound.push({ path: `ids.${i}`, message: 'not_found', code: 'not_found' });
        continue;
      }
      if (!ownerScope || !scopeCovers(ownerScope, row.site_id)) {
        refused.push({ path: 'ownerId', message: 'This person cannot make revisits on this site', code: 'not_assignable' });
        continue;
      }
      if (row.status !== 'due') {
        refused.push({ path: `ids.${i}`, message: `The revisit is ${row.status}`, code: 'not_open' });
        continue;
      }
      if (row.owner_id === input.ownerId) continue;
      if (!(await repo.updateRevisitRow(trx, orgId, row.id, row.version, { owner_id: input.ownerId, updated_at: nowIso() }))) {
        throw new AppError('stale_version', 'A revisit was changed by someone else; reload and try again');
      }
      await insertAuditEvent(trx, ctx.actor, orgId, { action: 'assign', entity: 'revisit', entityId: row.id, before: { ownerId: row.owner_id }, after: { ownerId: input.ownerId } });
    }
    // Throwing rolls back the revisits already reassigned in the loop.
    if (notFound.length) throw new AppError('validation_failed', 'Some revisits do not exist', notFound);
    if (refused.some((r) => r.code === 'not_open')) throw new AppError('conflict', 'Only open revisits can be reassigned; nothing was changed', refused);
    if (refused.length) throw new AppError('validation_failed', 'This person cannot make these revisits', [refused[0]]);
  });
  const rows = (await Promise.all([...new Set(input.ids)].map((rid) => repo.findRevisit(ctx.db.kysely, orgId, rid)))).filter((r): r is repo.RevisitWithNames => r !== undefined);
  const now = nowIso();
  return { items: rows.map((r) => present(r, piiScope, now)) };
}

// ---------------------------------------------------------------------------------------------
// The close job

/**
 * Closes resolved cases whose policy's wait after resolution has passed with no dissatisfied
 * revisit (an open revisit may still be made; a dissatisfied answer then reopens the closed case).
 * Each close is claimed by the case's version, so two instances close a case once; the event and
 * audit row say the system did it.
 */
export async function closeWaitedCases(db: Db, now: Date, batch = 200): Promise<{ closed: number }> {
  let closed = 0;
  for (const group of await repo.findResolvedCaseGroups(db.kysely)) {
    const type = group.type as CaseType;
    const policies = await repo.findPoliciesForType(db.kysely, group.org_id, type);
    const shortest = Math.min(DEFAULT_REVISIT_POLICIES[type]?.closeAfterHours ?? 72, ...policies.map((p) => p.close_after_hours));
    const candidates = await repo.findResolvedBefore(db.kysely, group.org_id, type, addHours(now, -shortest), batch);
    const bySite = new Map<string, RevisitPolicyValues>();
    for (const c of candidates) {
      let policy = bySite.get(c.site_id);
      if (!policy) bySite.set(c.site_id, (policy = await revisitPolicyFor(db.kysely, group.org_id, type, c.site_id)));
      if (!c.resolved_at || addHours(c.resolved_at, policy.closeAfterHours) > now.toISOString()) continue;
      if (await repo.hasDissatisfiedRevisitSince(db.kysely, group.org_id, c.id, c.resolved_at, SATISFIED_MIN)) continue;
      const done = await db.kysely.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('cases').selectAll().where('org_id', '=', group.org_id).where('id', '=', c.id).executeTakeFirst();
        // Another instance closed it, or someone moved it, since it was listed.
        if (!row || row.status !== 'resolved' || row.version !== c.version) return false;
        return systemCaseTransition({ ...db, kysely: trx }, null, row, 'close', { reason: 'revisit_wait_passed', data: { closeAfterHours: policy.closeAfterHours } });
      });
      if (done) closed++;
    }
  }
  return { closed };
}

// ---------------------------------------------------------------------------------------------
// Figures

const TYPE_LABELS: Record<Locale, Record<string, string>> = {
  'zh-CN': { message: '留言', inquiry: '咨询', suggestion: '建议', praise: '表扬', repair: '报修', complaint: '投诉', plan: '计划回访', none: '未分配', all: '合计' },
  'zh-TW': { message: '留言', inquiry: '諮詢', suggestion: '建議', praise: '表揚', repair: '報修', complaint: '投訴', plan: '計畫回訪', none: '未分派', all: '合計' },
  'en-US': { message: 'Message', inquiry: 'Inquiry', suggestion: 'Suggestion', praise: 'Praise', repair: 'Repair', complaint: 'Complaint', plan: 'Plan revisit', none: 'Unassigned', all: 'Total' },
};

function defaultPeriod(query: RevisitStatsQuery, tz: string): { from: string; to: string } {
  if (query.from && query.to) return { from: query.from, to: query.to };
  const now = new Date();
  const today = localDate(now, tz).split('-').map(Number);
  const to = query.to ?? localMidnight(today[0], today[1], today[2] + 1, tz).toISOString();
  const from = query.from ?? localMidnight(today[0], today[1] - 2, 1, tz).toISOString();
  return { from, to };
}

/**
 * Revisit figures per site, owner, case type or local month, for revisits falling due in the
 * period (see revisitStatsRowSchema for each figure's definition).
 */
export async function revisitStats(ctx: ServiceContext, query: RevisitStatsQuery, locale: Locale = 'zh-CN'): Promise<RevisitStats> {
  const scope = await siteScope(ctx.db, ctx.actor, 'cases.read');
  await checkedFilterSite(ctx, scope, query.siteId);
  const orgId = ctx.actor.orgId;
  const tz = await orgTimezone(ctx.db.kysely, orgId);
  const { from, to } = defaultPeriod(query, tz);
  if (to <= from) throw new AppError('validation_failed', 'The period ends before it starts', [{ path: 'to', message: 'before_from', code: 'invalid_value' }]);
  const labels = TYPE_LABELS[locale];
  const row = (key: string, label: string, c: { due: number; done: number; reached: number; satisfied: number }): RevisitStatsRow => ({ key, label, due: c.due, done: c.done, reached: c.reached, satisfied: c.satisfied, ...revisitRates(c) });
  let rows: RevisitStatsRow[];
  if (query.groupBy === 'month') {
    rows = [];
    for (const m of localMonths(new Date(from), new Date(to), tz)) {
      const [c] = await repo.countRevisits(ctx.db.kysely, orgId, scope, { from: m.start.toISOString(), to: m.end.toISOString(), siteId: query.siteId, groupBy: null, satisfiedMin: SATISFIED_MIN });
      rows.push(row(m.key, m.key, c ?? { due: 0, done: 0, reached: 0, satisfied: 0 }));
    }
  } else {
    const counts = await repo.countRevisits(ctx.db.kysely, orgId, scope, { from, to, siteId: query.siteId, groupBy: query.groupBy, satisfiedMin: SATISFIED_MIN });
    const ids = counts.map((c) => c.key).filter((k): k is string => k !== null);
    const names = query.groupBy === 'site' ? await repo.findSiteNames(ctx.db.kysely, orgId, ids) : query.groupBy === 'owner' ? await repo.findUserNames(ctx.db.kysely, orgId, ids) : new Map<string, string>();
    rows = counts
      .map((c) => {
        const key = c.key ?? 'none';
        const label = query.groupBy === 'type' ? (labels[key] ?? key) : (names.get(key) ?? labels.none);
        return row(key, label, c);
      })
      .sort((a, b) => b.due - a.due || a.label.localeCompare(b.label));
  }
  const sum = rows.reduce((s, r) => ({ due: s.due + r.due, done: s.done + r.done, reached: s.reached + r.reached, satisfied: s.satisfied + r.satisfied }), { due: 0, done: 0, reached: 0, satisfied: 0 });
  return { from, to, rows, total: row('all', labels.all, sum) };
}

const EXPORT_HEADERS: Record<Locale, Record<string, string>> = {
  'zh-CN': { site: '项目', owner: '回访人', type: '类型', month: '月份', due: '应回访', done: '已结束', reached: '已完成（接通）', satisfied: '满意', satisfactionRate: '回访满意率', completionRate: '回访完成率', reachRate: '接通率', sheet: '回访统计', period: '统计期间' },
  'zh-TW': { site: '專案', owner: '回訪人', type: '類型', month: '月份', due: '應回訪', done: '已結束', reached: '已完成（接通）', satisfied: '滿意', satisfactionRate: '回訪滿意率', completionRate: '回訪完成率', reachRate: '接通率', sheet: '回訪統計', period: '統計期間' },
  'en-US': { site: 'Site', owner: 'Revisit owner', type: 'Type', month: 'Month', due: 'Due', done: 'Finished', reached: 'Completed (reached)', satisfied: 'Satisfied', satisfactionRate: 'Satisfaction rate', completionRate: 'Completion rate', reachRate: 'Reach rate', sheet: 'Revisit figures', period: 'Period' },
};

/** The figures as an Excel workbook, headers in the caller's language; the export is audited. */
export async function exportRevisitStats(ctx: ServiceContext, query: RevisitStatsQuery, locale: Locale): Promise<Buffer> {
  const stats = await revisitStats(ctx, query, locale);
  const h = EXPORT_HEADERS[locale];
  const tz = await orgTimezone(ctx.db.kysely, ctx.actor.orgId);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Fuwu';
  const sheet = workbook.addWorksheet(h.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: h[query.groupBy], key: 'label', width: 22 },
    { header: h.due, key: 'due', width: 10 },
    { header: h.done, key: 'done', width: 10 },
    { header: h.reached, key: 'reached', width: 16 },
    { header: h.satisfied, key: 'satisfied', width: 10 },
    { header: h.completionRate, key: 'completionRate', width: 14, style: { numFmt: '0.0%' } },
    { header: h.reachRate, key: 'reachRate', width: 12, style: { numFmt: '0.0%' } },
    { header: h.satisfactionRate, key: 'satisfactionRate', width: 14, style: { numFmt: '0.0%' } },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const r of [...stats.rows, stats.total]) {
    sheet.addRow({ ...r, completionRate: r.completionRate ?? '', reachRate: r.reachRate ?? '', satisfactionRate: r.satisfactionRate ?? '' });
  }
  sheet.lastRow!.font = { bold: true };
  sheet.addRow([]);
  sheet.addRow([h.period, `${localDate(new Date(stats.from), tz)} – ${localDate(new Date(new Date(stats.to).getTime() - 1), tz)}`]);
  await insertAuditEvent(ctx.db.kysely, ctx.actor, ctx.actor.orgId, { action: 'export', entity: 'revisit_stats', entityId: null, after: { rows: stats.rows.length, groupBy: query.groupBy, from: stats.from, to: stats.to } });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
