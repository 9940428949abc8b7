import type { Db } from '../db/database.js';
import { newId } from '../lib/ids.js';
import { inRevisitSample } from '../modules/revisits/revisits.service.js';
import { DEFAULT_REVISIT_POLICIES, type RevisitOutcome } from '../../shared/schemas/revisits.js';
import type { CaseType } from '../../shared/schemas/cases.js';
import type { RevisitAttemptsTable, RevisitsTable } from '../db/types.js';
import type { Rng } from './random.js';

const HOUR = 3_600_000;
/** Callbacks only for resolutions this recent: older ones would all be long done and add nothing to the work list. */
const DAYS_BACK = 90;
const BATCH = 400;

/**
 * Demo revisits for the resolved and closed demo cases the default policies sample: closed cases
 * mostly called back and satisfied (a few dissatisfied, a few never reached); resolved ones still
 * open — some due, some overdue, some after an unanswered first call. Deterministic from `rng`.
 */
export async function seedDemoRevisits(db: Db, orgId: string, rng: Rng, now = new Date()): Promise<{ revisits: number }> {
  const since = new Date(now.getTime() - DAYS_BACK * 24 * HOUR).toISOString();
  const cases = await db.kysely
    .selectFrom('cases')
    .innerJoin('customers', 'customers.id', 'cases.customer_id')
    .select(['cases.id', 'cases.site_id', 'cases.type', 'cases.status', 'cases.customer_id', 'cases.assignee_id', 'cases.resolved_at', 'cases.closed_at'])
    .where('cases.org_id', '=', orgId)
    .where('cases.status', 'in', ['resolved', 'closed'])
    .where('cases.resolved_at', '>=', since)
    .where('customers.deleted_at', 'is', null)
    .orderBy('cases.resolved_at')
    .orderBy('cases.id')
    .execute();
  const revisits: RevisitsTable[] = [];
  const attempts: RevisitAttemptsTable[] = [];
  for (const c of cases) {
    const policy = DEFAULT_REVISIT_POLICIES[c.type as CaseType];
    if (!policy || !inRevisitSample(c.id, policy.samplePercent) || !c.resolved_at) continue;
    const resolvedAt = new Date(c.resolved_at).getTime();
    const dueAt = resolvedAt + policy.delayHours * HOUR;
    const deadlineAt = dueAt + policy.dueWithinHours * HOUR;
    const base: RevisitsTable = {
      id: newId(),
      org_id: orgId,
      site_id: c.site_id,
      customer_id: c.customer_id,
      case_id: c.id,
      plan_id: null,
      plan_period: null,
      kind: 'case',
      channel: 'phone',
      owner_id: c.assignee_id,
      status: 'due',
      due_at: new Date(dueAt).toISOString(),
      deadline_at: new Date(deadlineAt).toISOString(),
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
      created_at: c.resolved_at,
      updated_at: c.resolved_at,
    };
    const attempt = (no: number, at: number, outcome: RevisitOutcome, answer?: { solved: boolean; satisfaction: number; comment: string | null }) =>
      attempts.push({
        id: newId(),
        org_id: orgId,
        revisit_id: base.id,
        attempt_no: no,
        outcome,
        solved: answer ? (answer.solved ? 1 : 0) : null,
        satisfaction: answer?.satisfaction ?? null,
        comment: answer?.comment ?? null,
        recorded_by: c.assignee_id,
        recorded_at: new Date(at).toISOString(),
      });
    if (c.status === 'closed') {
      // Finished: the customer answered (at the first or second try), or never did.
      const roll = rng.next();
      const unanswered = rng.chance(0.2) ? 1 : 0;
      for (let i = 1; i <= unanswered; i++) attempt(i, dueAt + rng.int(1, 4) * HOUR, 'no_answer');
      const at = Math.min(dueAt + (unanswered * policy.retryIntervalHours + rng.int(1, 6)) * HOUR, now.getTime() - HOUR);
      const done = (status: string, outcome: RevisitOutcome, answer?: { solved: boolean; satisfaction: number; comment: string | null }) => {
        attempt(unanswered + 1, at, outcome, answer);
        revisits.push({
          ...base,
          status,
          attempt_count: unanswered + 1,
          last_outcome: outcome,
          solved: answer ? (answer.solved ? 1 : 0) : null,
          satisfaction: answer?.satisfaction ?? null,
          comment: answer?.comment ?? null,
          completed_at: new Date(at).toISOString(),
          completed_by: c.assignee_id,
          updated_at: new Date(at).toISOString(),
        });
      };
      if (roll < 0.72) done('done', 'reached', { solved: true, satisfaction: rng.weighted([[5, 3], [4, 2]] as const), comment: rng.chance(0.4) ? rng.pick(PRAISE) : null });
      else if (roll < 0.84) done('done', 'reached', { solved: rng.chance(0.5), satisfaction: rng.int(1, 3), comment: rng.pick(GRIEVANCES) });
      else if (roll < 0.92) done('failed', 'wrong_number');
      else if (roll < 0.96) done('failed', 'refused');
      else {
        // Three unanswered calls: given up.
        for (let i = unanswered + 1; i <= policy.maxAttempts; i++) attempt(i, dueAt + (i - 1) * policy.retryIntervalHours * HOUR + HOUR, 'no_answer');
        revisits.push({ ...base, status: 'failed', attempt_count: policy.maxAttempts, last_outcome: 'no_answer', completed_at: new Date(dueAt + (policy.maxAttempts - 1) * policy.retryIntervalHours * HOUR + HOUR).toISOString(), completed_by: c.assignee_id });
      }
    } else if (dueAt < now.getTime() && rng.chance(0.35)) {
      // Still open after an unanswered call; the next try is due.
      attempt(1, dueAt + HOUR, 'no_answer');
      revisits.push({ ...base, attempt_count: 1, last_outcome: 'no_answer', next_attempt_at: new Date(Math.min(dueAt + (1 + policy.retryIntervalHours) * HOUR, now.getTime() - HOUR)).toISOString() });
    } else {
      revisits.push(base);
    }
  }
  for (let i = 0; i < revisits.length; i += BATCH) await db.kysely.insertInto('revisits').values(revisits.slice(i, i + BATCH)).execute();
  for (let i = 0; i < attempts.length; i += BATCH) await db.kysely.insertInto('revisit_attempts').values(attempts.slice(i, i + BATCH)).execute();
  return { revisits: revisits.length };
}

const PRAISE = ['师傅很专业，已经修好了', '处理得很及时，谢谢', '态度很好，满意', '问题解决了，辛苦了'];
const GRIEVANCES = ['问题又出现了，希望再来看看', '等了太久才处理', '维修后现场没有清理', '说好回电话一直没人联系', '收费说明不清楚'];
