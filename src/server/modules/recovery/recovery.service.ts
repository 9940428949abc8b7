import type { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import type { CaseDetail } from '../../../shared/schemas/cases.js';
import { type CompensationLimit, LIMIT_ROLES, type Recovery, type compensationLimitsBody, type recoveryBody, type recoveryDecisionBody } from '../../../shared/schemas/recovery.js';
import type { CaseRecoveryRow } from '../../db/types.js';
import { assertVersion, changedFields } from '../../lib/concurrency.js';
import { newId, nowIso } from '../../lib/ids.js';
import { assertInScope, requirePermission, siteScope } from '../access/access.policy.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import { afterCaseWrite } from '../cases/case-effects.js';
import { findCase, insertCaseEvent } from '../cases/cases.repository.js';
import { getCase } from '../cases/cases.service.js';
import type { Executor, ServiceContext } from '../context.js';
import { actorLimitOnSite, covers, organisationLimits } from './recovery.limits.js';
import * as repo from './recovery.repository.js';
import { presentRecovery } from './recovery.view.js';

/** Clocks of phones and PCs drift; an explanation "given" a few minutes ahead of the server is not in the future. */
const CLOCK_SKEW_MS = 5 * 60_000;

const fieldError = (path: string, code: string, message: string) => new AppError('validation_failed', message, [{ path, message: code, code }]);

/**
 * When the customer was made whole: the explanation given and, if there is compensation, its
 * authorisation. Null while either is missing (a pending or rejected compensation is no recovery yet).
 */
function recoveryTime(row: Pick<CaseRecoveryRow, 'status' | 'explanation_given_at' | 'compensation_type' | 'decided_at' | 'failure_reported_at'>) {
  if (row.status !== 'approved' || !row.explanation_given_at) return { recovered_at: null, recovery_minutes: null };
  const times = [new Date(row.explanation_given_at).getTime()];
  if (row.compensation_type !== 'none' && row.decided_at) times.push(new Date(row.decided_at).getTime());
  const at = Math.max(...times);
  return { recovered_at: new Date(at).toISOString(), recovery_minutes: Math.max(0, Math.round((at - new Date(row.failure_reported_at).getTime()) / 60_000)) };
}

/** The case, in the caller's scope for `permission`, and open to a recovery. */
async function caseFor(ctx: ServiceContext, trx: Executor, caseId: string, scope: Awaited<ReturnType<typeof siteScope>>) {
  const row = await findCase(trx, ctx.actor.orgId, caseId);
  if (!row) throw new AppError('not_found', 'Case not found');
  assertInScope(scope, row.site_id, 'Case');
  if (row.status === 'merged' || row.status === 'cancelled') {
    throw new AppError('illegal_transition', `A case that is ${row.status} takes no service recovery`, { from: row.status, action: 'recovery' });
  }
  return row;
}

const auditShape = (r: Recovery) => ({
  attributionClass: r.attributionClass,
  failureReportedAt: r.failureReportedAt,
  explanation: r.explanation,
  compensation: r.compensation,
  status: r.status,
  decidedBy: r.decidedBy?.id ?? null,
});

/**
 * Records (or revises) a case's service recovery. Compensation within the caller's limit on the
 * case's site is authorised by the caller at once; above it the recovery waits for someone whose
 * limit covers it. A revision that leaves the compensation as it was keeps its authorisation.
 */
export async function putRecovery(ctx: ServiceContext, caseId: string, input: z.infer<typeof recoveryBody>): Promise<CaseDetail> {
  const scope = await siteScope(ctx.db, ctx.actor, 'cases.write');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const c = await caseFor(ctx, trx, caseId, scope);
    const existing = await repo.findRecovery(trx, ctx.actor.orgId, caseId);
    if (existing) {
      if (input.version === undefined) throw new AppError('stale_version', 'The case already has a service recovery; reload and try again', { current: existing.version });
      assertVersion(existing.version, input.version, 'The service recovery');
    } else if (input.version !== undefined) {
      throw new AppError('stale_version', 'The service recovery was changed by someone else; reload and try again', { expected: input.version, current: null });
    }

    const now = nowIso();
    const latest = Date.now() + CLOCK_SKEW_MS;
    const explanation = input.explanation;
    // Without an explicit report time the case's recording stands for it, unless the customer was
    // already given the explanation on the phone before the agent typed the case in.
    const failureReportedAt = input.failureReportedAt
      ? new Date(input.failureReportedAt).toISOString()
      : explanation && new Date(explanation.givenAt).getTime() < new Date(c.created_at).getTime()
        ? new Date(explanation.givenAt).toISOString()
        : c.created_at;
    if (new Date(failureReportedAt).getTime() > latest) throw fieldError('failureReportedAt', 'in_future', 'The failure cannot be reported in the future');
    if (explanation) {
      const given = new Date(explanation.givenAt).getTime();
      if (given > latest) throw fieldError('explanation.givenAt', 'in_future', 'The explanation cannot be given in the future');
      if (given < new Date(failureReportedAt).getTime()) throw fieldError('explanation.givenAt', 'before_failure', 'The explanation cannot come before the failure was reported');
    }

    const { type, amountFen } = input.compensation;
    const sameCompensation = existing && existing.compensation_type === type && Number(existing.compensation_amount_fen) === amountFen;
    const keepsDecision = sameCompensation && existing.status !== 'rejected';
    let decision: Pick<CaseRecoveryRow, 'status' | 'requested_by' | 'requested_by_name' | 'requested_at' | 'decided_by' | 'decided_by_name' | 'decided_at' | 'decision_note'>;
    if (keepsDecision) {
      decision = existing;
    } else {
      const limit = await actorLimitOnSite(trx, ctx.actor, c.site_id, 'cases.write');
      const within = type === 'none' || covers(limit, amountFen);
      decision = {
        status: within ? 'approved' : 'pending_approval',
        requested_by: ctx.actor.userId,
        requested_by_name: ctx.actor.name,
        requested_at: now,
        decided_by: within ? ctx.actor.userId : null,
        decided_by_name: within ? ctx.actor.name : null,
        decided_at: within ? now : null,
        decision_note: null,
      };
    }
    const fields = {
      attribution_class: input.attributionClass,
      failure_reported_at: failureReportedAt,
      explanation_given_at: explanation ? new Date(explanation.givenAt).toISOString() : null,
      explanation_method: explanation?.method ?? null,
      explanation_text: explanation?.text ?? null,
      compensation_type: type,
      compensation_amount_fen: amountFen,
      compensation_note: input.compensation.note || null,
      status: decision.status,
      requested_by: decision.requested_by,
      requested_by_name: decision.requested_by_name,
      requested_at: decision.requested_at,
      decided_by: decision.decided_by,
      decided_by_name: decision.decided_by_name,
      decided_at: decision.decided_at,
      decision_note: decision.decision_note,
    };
    const timed = { ...fields, ...recoveryTime(fields) };

    let id: string;
    let diff: { before: Partial<ReturnType<typeof auditShape>>; after: Partial<ReturnType<typeof auditShape>> };
    if (existing) {
      id = existing.id;
      const before = presentRecovery(existing, false);
      diff = changedFields(auditShape(before), auditShape(presentRecovery({ ...existing, ...timed }, false)));
      // Nothing actually changes: no write, no event, no audit noise.
      if (Object.keys(diff.after).length === 0) return;
      if (!(await repo.updateRecoveryRow(trx, ctx.actor.orgId, id, existing.version, { ...timed, updated_at: now }))) {
        throw new AppError('stale_version', 'The service recovery was changed by someone else; reload and try again');
      }
    } else {
      id = newId();
      const row: CaseRecoveryRow = { id, org_id: ctx.actor.orgId, case_id: caseId, ...timed, version: 1, created_at: now, updated_at: now };
      await repo.insertRecovery(trx, row);
      diff = { before: {}, after: auditShape(presentRecovery(row, false)) };
    }
    const action = existing ? 'update' : 'record';
    await insertCaseEvent(trx, ctx.actor.orgId, caseId, {
      kind: 'recovery',
      actorId: ctx.actor.userId,
      actorName: ctx.actor.name,
      body: explanation && explanation.text !== existing?.explanation_text ? explanation.text : null,
      data: { action, status: decision.status, attributionClass: input.attributionClass, compensationType: type, amountFen, recoveryMinutes: timed.recovery_minutes },
    });
    await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: `recovery_${action}`, entity: 'case', entityId: caseId, ...diff });
    await afterCaseWrite({ ...ctx.db, kysely: trx }, ctx.actor.orgId, caseId, { kind: 'recovery', action, actor: ctx.actor });
  });
  return getCase(ctx, caseId);
}

/**
 * Approves or rejects compensation waiting for approval. The decider must be someone other than
 * the requester, with `recovery.approve` on the case's site and a limit there that covers the amount
 * (rejecting needs the same authority: a lower rank must not block what it could not grant).
 */
export async function decideRecovery(ctx: ServiceContext, caseId: string, verdict: 'approve' | 'reject', input: z.infer<typeof recoveryDecisionBody>): Promise<CaseDetail> {
  const scope = await siteScope(ctx.db, ctx.actor, 'recovery.approve');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const c = await caseFor(ctx, trx, caseId, scope);
    const existing = await repo.findRecovery(trx, ctx.actor.orgId, caseId);
    if (!existing) throw new AppError('not_found', 'The case has no service recovery');
    assertVersion(existing.version, input.version, 'The service recovery');
    if (existing.status !== 'pending_approval') {
      throw new AppError('conflict', 'The service recovery is not waiting for approval', { status: existing.status });
    }
    if (existing.requested_by === ctx.actor.userId) throw new AppError('self_approval', 'Someone else must decide on your own request');
    const amountFen = Number(existing.compensation_amount_fen);
    const limit = await actorLimitOnSite(trx, ctx.actor, c.site_id, 'recovery.approve');
    if (!covers(limit, amountFen)) throw new AppError('over_limit', 'The compensation is above your limit', { amountFen, limitFen: limit });

    const now = nowIso();
    const decided = {
      status: verdict === 'approve' ? 'approved' : 'rejected',
      decided_by: ctx.actor.userId,
      decided_by_name: ctx.actor.name,
      decided_at: now,
      decision_note: input.note || null,
    };
    const timed = { ...decided, ...recoveryTime({ ...existing, ...decided }) };
    if (!(await repo.updateRecoveryRow(trx, ctx.actor.orgId, existing.id, existing.version, { ...timed, updated_at: now }))) {
      throw new AppError('stale_version', 'The service recovery was changed by someone else; reload and try again');
    }
    await insertCaseEvent(trx, ctx.actor.orgId, caseId, {
      kind: 'recovery',
      actorId: ctx.actor.userId,
      actorName: ctx.actor.name,
      body: input.note || null,
      data: { action: verdict, status: decided.status, compensationType: existing.compensation_type, amountFen, recoveryMinutes: timed.recovery_minutes },
    });
    await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, {
      action: `recovery_${verdict}`,
      entity: 'case',
      entityId: caseId,
      before: { status: existing.status },
      after: { status: decided.status, amountFen, note: decided.decision_note },
    });
    await afterCaseWrite({ ...ctx.db, kysely: trx }, ctx.actor.orgId, caseId, { kind: 'recovery', action: verdict, actor: ctx.actor });
  });
  return getCase(ctx, caseId);
}

/** Every role's compensation limit; any member of staff may read them (the case page shows one's own). */
export async function listLimits(ctx: ServiceContext): Promise<{ items: CompensationLimit[] }> {
  requirePermission(ctx.actor, 'cases.read');
  const limits = await organisationLimits(ctx.db.kysely, ctx.actor.orgId);
  return { items: LIMIT_ROLES.map((role) => ({ role, ...limits.get(role)! })) };
}

/** Sets some roles' limits (organisation-wide administrators only: the limits hold for every site). */
export async function saveLimits(ctx: ServiceContext, input: z.infer<typeof compensationLimitsBody>): Promise<{ items: CompensationLimit[] }> {
  const scope = await siteScope(ctx.db, ctx.actor, 'org.manage');
  if (!scope.all) throw new AppError('forbidden', 'Only organisation-wide administrators may set compensation limits');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const current = await organisationLimits(trx, ctx.actor.orgId);
    const before: Record<string, number | null> = {};
    const after: Record<string, number | null> = {};
    const now = nowIso();
    for (const { role, limitFen } of input.limits) {
      const was = current.get(role)!;
      if (was.limitFen === limitFen) continue;
      await repo.upsertLimit(trx, ctx.actor.orgId, role, limitFen, now);
      before[role] = was.limitFen;
      after[role] = limitFen;
    }
    if (Object.keys(after).length) {
      await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'update', entity: 'compensation_limits', entityId: null, before, after });
    }
  });
  return listLimits(ctx);
}
