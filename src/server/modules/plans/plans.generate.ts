import type { Insertable } from 'kysely';
import { addDays, type Cadence, dueWindow, localDate, occurrencesBetween } from '../../../shared/revisits/cadence.js';
import type { Db } from '../../db/database.js';
import type { RevisitsTable } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import type { Executor } from '../context.js';
import { notify } from '../notifications/notifications.service.js';
import { findRoleHolders, siteChain } from '../sla/sla.repository.js';
import * as repo from './plans.repository.js';

/**
 * The revisits VIP plans generate, and what happens when they are not made in time.
 *
 * Generation: for every active plan and every live customer it covers (its customer, or every
 * customer of its tier on its site and the sites below it), one revisit per period whose due date
 * falls between CATCH_UP_DAYS ago (a round missed while the servers were down is made up) and
 * `horizonDays` ahead, never before the plan existed. Each is inserted with "on conflict do
 * nothing" on the unique (plan, customer, period) index, so any number of app instances may
 * generate at once and each revisit exists once. due_at is 09:00 local time of the due date,
 * deadline_at the end of the cadence's grace days (GRACE_DAYS in cadence.ts).
 *
 * Overdue: a plan revisit still due after its deadline is announced once (claimed by setting
 * revisits.overdue_notified_at) to the supervisors of its site (grants on the site or above it)
 * and to its owner.
 */

/** Days ahead whose plan revisits exist already, so the work lists show what is coming. */
export const DEFAULT_HORIZON_DAYS = 7;
/** Days back a round still makes up missed occurrences. */
export const CATCH_UP_DAYS = 7;
/** Rows per insert statement: 17 parameters each stay far below both dialects' limits. */
const INSERT_BATCH = 1000;
/** How hard the revisit owner tries before the revisit is marked failed (used by the revisit work list). */
const PLAN_MAX_ATTEMPTS = 3;
const PLAN_RETRY_HOURS = 24;

export interface GenerationResult {
  /** active plans looked at */
  plans: number;
  /** revisits inserted by this round */
  revisits: number;
}

export interface GenerationOptions {
  horizonDays?: number;
  /** only this organisation's plans */
  orgId?: string;
}

/** The site and every site below it. */
function subtree(sites: { id: string; parent_id: string | null }[], rootId: string): string[] {
  const children = new Map<string, string[]>();
  for (const s of sites) if (s.parent_id) children.set(s.parent_id, [...(children.get(s.parent_id) ?? []), s.id]);
  const out = new Set<string>();
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return [...out];
}

/** Generates the due revisits of every active plan as of `now` (see above); safe in several instances at once. */
export async function generatePlanRevisits(db: Db, now: Date, options: GenerationOptions = {}): Promise<GenerationResult> {
  const horizon = options.horizonDays ?? DEFAULT_HORIZON_DAYS;
  const plans = await repo.findActivePlans(db.kysely, options.orgId);
  const sitesOfOrg = new Map<string, { id: string; parent_id: string | null }[]>();
  let revisits = 0;
  for (const plan of plans) {
    const cadence = plan.cadence as Cadence;
    const today = localDate(now, plan.timezone);
    const created = localDate(new Date(plan.created_at), plan.timezone);
    const catchUp = addDays(today, -CATCH_UP_DAYS);
    const occurrences = occurrencesBetween(plan.start_date, cadence, catchUp > created ? catchUp : created, addDays(today, horizon));
    if (occurrences.length === 0) continue;
    let siteIds: string[] | null = null;
    if (!plan.customer_id && plan.site_id) {
      let sites = sitesOfOrg.get(plan.org_id);
      if (!sites) sitesOfOrg.set(plan.org_id, (sites = await repo.findOrgSites(db.kysely, plan.org_id)));
      siteIds = subtree(sites, plan.site_id);
    }
    revisits += await db.kysely.transaction().execute(async (trx) => {
      let inserted = 0;
      const periods: string[] = [];
      for (const { date, period } of occurrences) {
        const customers = await repo.findCustomersWithout(trx, plan, siteIds, period);
        if (customers.length === 0) continue;
        const { dueAt, deadlineAt } = dueWindow(date, cadence, plan.timezone);
        const stamp = now.toISOString();
        const rows: Insertable<RevisitsTable>[] = customers.map((c) => ({
          id: newId(),
          org_id: plan.org_id,
          site_id: c.site_id,
          customer_id: c.id,
          plan_id: plan.id,
          plan_period: period,
          kind: 'plan',
          channel: plan.channel,
          owner_id: plan.owner_id,
          status: 'due',
          due_at: dueAt.toISOString(),
          deadline_at: deadlineAt.toISOString(),
          max_attempts: PLAN_MAX_ATTEMPTS,
          retry_interval_hours: PLAN_RETRY_HOURS,
          attempt_count: 0,
          version: 1,
          created_at: stamp,
          updated_at: stamp,
        }));
        let added = 0;
        for (let i = 0; i < rows.length; i += INSERT_BATCH) added += await repo.insertPlanRevisits(trx, rows.slice(i, i + INSERT_BATCH));
        if (added > 0) periods.push(period);
        inserted += added;
      }
      if (inserted > 0) {
        await insertAuditEvent(trx, null, plan.org_id, { action: 'generate', entity: 'revisit_plan', entityId: plan.id, after: { periods, revisits: inserted } });
      }
      return inserted;
    });
  }
  return { plans: plans.length, revisits };
}

/** Overdue plan revisits announced per round; the rest wait for the next one. */
const OVERDUE_BATCH = 500;

/** Tells the site's supervisors and the owner, once, about each plan revisit past its deadline. */
export async function announceOverduePlanRevisits(db: Db, now: Date): Promise<{ announced: number }> {
  const at = now.toISOString();
  const overdue = await repo.findUnannouncedOverdue(db.kysely, at, OVERDUE_BATCH);
  const supervisorsOf = new Map<string, string[]>();
  const supervisors = async (trx: Executor, orgId: string, siteId: string) => {
    const key = `${orgId}/${siteId}`;
    let ids = supervisorsOf.get(key);
    if (!ids) supervisorsOf.set(key, (ids = await findRoleHolders(trx, orgId, 'supervisor', await siteChain(trx, orgId, siteId))));
    return ids;
  };
  let announced = 0;
  for (const r of overdue) {
    const claimed = await db.kysely.transaction().execute(async (trx) => {
      if (!(await repo.claimOverdue(trx, r.id, at))) return false;
      const told = [...(await supervisors(trx, r.org_id, r.site_id)), ...(r.owner_id ? [r.owner_id] : [])];
      await notify({ ...db, kysely: trx }, r.org_id, told, { kind: 'revisit_overdue', caseId: null, data: { title: r.plan_name, dueAt: r.deadline_at, revisitId: r.id } });
      return true;
    });
    if (claimed) announced += 1;
  }
  return { announced };
}
