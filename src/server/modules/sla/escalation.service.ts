import { ESCALATION_CHAIN, MAX_ESCALATION_LEVEL } from '../../../shared/schemas/sla.js';
import { businessMinutesBetween } from '../../../shared/sla/business-calendar.js';
import type { Db } from '../../db/database.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import { afterCaseWrite } from '../cases/case-effects.js';
import { recordedCaseSla } from '../cases/case-sla.js';
import { insertCaseEvent } from '../cases/cases.repository.js';
import { notify } from '../notifications/notifications.service.js';
import * as repo from './sla.repository.js';

/**
 * Escalation of breached deadlines.
 *
 * A case is breached when its first response (while nobody has answered yet) or its resolution is
 * past due. It escalates one level per step of business time past due: level n once it is overdue by
 * more than (n − 1) steps, i.e. level 1 at the breach, level 2 after one more step, up to level 4.
 * The step is the case's first-response target (at least STEP_FLOOR minutes): an urgent complaint
 * climbs every half hour, a suggestion once a working day. Overdue time counts business minutes in
 * the organisation's calendar, so nothing climbs over a weekend or a holiday. Cases waiting for the
 * customer are skipped (their clock is stopped), as are resolved, closed, cancelled and merged ones.
 *
 * Level 1 tells the site's supervisors, 2 the HQ specialists, 3 the site director, 4 the general
 * manager: everyone holding that role through a grant covering the case's site (organisation-wide
 * grants included), and the assignee. The first breach also tells the assignee, or the supervisors
 * when nobody owns the case, as an `sla_breach`. A sweep that finds a case several steps behind
 * (the servers were down) raises it at once and tells every level it passed.
 */

const STEP_FLOOR = 15;
/** Cases handled per sweep; the rest wait a minute for the next one. */
const BATCH = 500;

export interface SweepResult {
  /** cases whose level this sweep raised */
  escalated: number;
}

/** The level a case should have, `overdueMinutes` business minutes past its first missed deadline. */
export function escalationLevelFor(overdueMinutes: number, stepMinutes: number): number {
  const step = Math.max(STEP_FLOOR, stepMinutes);
  return Math.min(MAX_ESCALATION_LEVEL, Math.max(1, Math.ceil(overdueMinutes / step)));
}

/**
 * Raises the escalation level of every breached open case of every organisation as of `now`. Safe
 * to run from several app instances at once: each raise is claimed by a conditional update, so it
 * happens, with its event, audit entry and notifications, exactly once.
 */
export async function runEscalationSweep(db: Db, now: Date): Promise<SweepResult> {
  const nowIso = now.toISOString();
  const candidates = await repo.findBreachedCases(db.kysely, nowIso, MAX_ESCALATION_LEVEL, BATCH);
  let escalated = 0;
  for (const c of candidates) {
    const firstMissed = c.first_responded_at === null && c.first_response_due_at !== null && c.first_response_due_at < nowIso;
    const deadline = firstMissed ? 'first_response' : 'resolution';
    const dueAt = (firstMissed ? c.first_response_due_at : c.resolution_due_at)!;
    const { calendar, targets } = await recordedCaseSla(db.kysely, c.org_id, c);
    const overdue = businessMinutesBetween(new Date(dueAt), now, calendar);
    const to = escalationLevelFor(overdue, targets.firstResponse);
    const from = c.escalation_level;
    if (to <= from) continue;

    const raised = await db.kysely.transaction().execute(async (trx) => {
      if (!(await repo.claimEscalation(trx, c.org_id, c.id, from, to))) return false;
      const data = { from, to, deadline, dueAt };
      await insertCaseEvent(trx, c.org_id, c.id, { kind: 'escalation', actorId: null, actorName: null, data });
      await insertAuditEvent(trx, null, c.org_id, { action: 'escalate', entity: 'case', entityId: c.id, before: { escalationLevel: from }, after: { escalationLevel: to, deadline } });

      const sites = await repo.siteChain(trx, c.org_id, c.site_id);
      const holders = async (level: number) => repo.findRoleHolders(trx, c.org_id, ESCALATION_CHAIN[level - 1], sites);
      const inTransaction = { ...db, kysely: trx };
      const headline = { number: c.number, title: c.title, deadline, dueAt, level: to } as const;
      const breachTold = from === 0 ? (c.assignee_id ? [c.assignee_id] : await holders(1)) : [];
      await notify(inTransaction, c.org_id, breachTold, { kind: 'sla_breach', caseId: c.id, data: headline });
      const escalationTold = new Set<string>(c.assignee_id ? [c.assignee_id] : []);
      for (let level = from + 1; level <= to; level++) for (const id of await holders(level)) escalationTold.add(id);
      for (const id of breachTold) escalationTold.delete(id); // one notification per person per raise
      await notify(inTransaction, c.org_id, [...escalationTold], { kind: 'escalation', caseId: c.id, data: headline });

      await afterCaseWrite(inTransaction, c.org_id, c.id, { kind: 'escalation', actor: null });
      return true;
    });
    if (raised) escalated += 1;
  }
  return { escalated };
}
