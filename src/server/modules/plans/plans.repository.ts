import type { Db } from '../../db/database.js';
import { containsText } from '../../db/dialect.js';
import type { RevisitPlanRow, RevisitsTable } from '../../db/types.js';
import type { Insertable } from 'kysely';
import type { SiteScope } from '../access/actor.js';
import type { Executor } from '../context.js';

export type PlanWithNames = RevisitPlanRow & {
  site_name: string | null;
  customer_name: string | null;
  customer_site_id: string | null;
  owner_name: string | null;
};

function plansWithNames(db: Executor, orgId: string) {
  return db
    .selectFrom('revisit_plans')
    .leftJoin('sites', 'sites.id', 'revisit_plans.site_id')
    .leftJoin('customers', 'customers.id', 'revisit_plans.customer_id')
    .leftJoin('users', 'users.id', 'revisit_plans.owner_id')
    .selectAll('revisit_plans')
    .select(['sites.name as site_name', 'customers.name as customer_name', 'customers.site_id as customer_site_id', 'users.name as owner_name'])
    .where('revisit_plans.org_id', '=', orgId);
}

export interface PlanFilter {
  q?: string;
  /** plans reaching one customer: its own, or its tier's on one of these sites (or organisation-wide) */
  reaching?: { customerId: string; tier: string; siteIds: string[] };
  siteId?: string;
  customerId?: string;
  tier?: string;
  ownerId?: string;
  cadence?: string;
  active?: boolean;
}

/**
 * Plans visible in a scope: those on a covered site, and organisation-wide tier plans (site null),
 * which apply to every site.
 */
export async function findPlans(db: Db, orgId: string, scope: SiteScope, filter: PlanFilter, page: { page: number; pageSize: number }) {
  let query = plansWithNames(db.kysely, orgId);
  if (!scope.all) {
    const ids = scope.siteIds.length ? scope.siteIds : [''];
    query = query.where((eb) => eb.or([eb('revisit_plans.site_id', 'in', ids), eb('revisit_plans.site_id', 'is', null)]));
  }
  if (filter.siteId) query = query.where('revisit_plans.site_id', '=', filter.siteId);
  if (filter.reaching) {
    const { customerId, tier, siteIds } = filter.reaching;
    query = query.where((eb) =>
      eb.or([
        eb('revisit_plans.customer_id', '=', customerId),
        eb.and([eb('revisit_plans.tier', '=', tier), eb.or([eb('revisit_plans.site_id', 'is', null), eb('revisit_plans.site_id', 'in', siteIds.length ? siteIds : [''])])]),
      ]),
    );
  }
  if (filter.customerId) query = query.where('revisit_plans.customer_id', '=', filter.customerId);
  if (filter.tier) query = query.where('revisit_plans.tier', '=', filter.tier);
  if (filter.ownerId) query = query.where('revisit_plans.owner_id', '=', filter.ownerId);
  if (filter.cadence) query = query.where('revisit_plans.cadence', '=', filter.cadence);
  if (filter.active !== undefined) query = query.where('revisit_plans.active', '=', filter.active ? 1 : 0);
  if (filter.q) {
    const q = filter.q;
    query = query.where((eb) => containsText(db.dialect, eb.ref('revisit_plans.name'), q));
  }
  const [{ total }, rows] = await Promise.all([
    query.clearSelect().select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    query.orderBy('revisit_plans.active', 'desc').orderBy('revisit_plans.created_at', 'desc').orderBy('revisit_plans.id', 'desc').limit(page.pageSize).offset((page.page - 1) * page.pageSize).execute(),
  ]);
  return { total: Number(total), rows };
}

export function findPlan(db: Executor, orgId: string, id: string): Promise<PlanWithNames | undefined> {
  return plansWithNames(db, orgId).where('revisit_plans.id', '=', id).executeTakeFirst();
}

export async function insertPlan(db: Executor, row: RevisitPlanRow): Promise<void> {
  await db.insertInto('revisit_plans').values(row).execute();
}

/** Updates the plan if it is still at `version`; false when someone else changed it first. */
export async function updatePlanRow(db: Executor, orgId: string, id: string, version: number, changes: Partial<RevisitPlanRow>): Promise<boolean> {
  const result = await db
    .updateTable('revisit_plans')
    .set({ ...changes, version: version + 1 })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Withdraws a plan's generated revisits that are not due yet, untouched (no attempt, no
 * communication record): deleted rather than cancelled, so that the period is free for the revisit
 * the generator makes on the plan's new schedule (one revisit per plan, customer and period).
 */
export async function withdrawFutureRevisits(db: Executor, orgId: string, planId: string, now: string): Promise<number> {
  const result = await db
    .deleteFrom('revisits')
    .where('org_id', '=', orgId)
    .where('plan_id', '=', planId)
    .where('status', '=', 'due')
    .where('attempt_count', '=', 0)
    .where('due_at', '>', now)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('communication_records').select('communication_records.id').where('communication_records.revisit_id', '=', eb.ref('revisits.id')))))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** A new owner or channel of a plan reaches its open revisits nobody has started. */
export async function updateOpenRevisits(db: Executor, orgId: string, planId: string, changes: { owner_id: string | null; channel: string; updated_at: string }): Promise<void> {
  await db.updateTable('revisits').set((eb) => ({ ...changes, version: eb('version', '+', 1) })).where('org_id', '=', orgId).where('plan_id', '=', planId).where('status', '=', 'due').where('attempt_count', '=', 0).execute();
}

/** An active user of the organisation with their grants: a prospective owner or staff member. */
export async function findUserWithGrants(db: Executor, orgId: string, userId: string) {
  const user = await db.selectFrom('users').select(['id', 'name']).where('org_id', '=', orgId).where('id', '=', userId).where('active', '=', 1).executeTakeFirst();
  if (!user) return undefined;
  const grants = await db.selectFrom('role_grants').select(['role', 'site_id']).where('org_id', '=', orgId).where('user_id', '=', userId).execute();
  return { ...user, grants };
}

export function findOrgTimezone(db: Executor, orgId: string) {
  return db.selectFrom('organizations').select('timezone').where('id', '=', orgId).executeTakeFirstOrThrow();
}

/** Plan revisits still due on the scope's sites: overdue ones (past their deadline) and those due today. */
export async function countPlanRevisits(db: Executor, orgId: string, scope: SiteScope, now: string, endOfToday: string) {
  let query = db.selectFrom('revisits').where('org_id', '=', orgId).where('kind', '=', 'plan').where('status', '=', 'due');
  if (!scope.all) query = query.where('site_id', 'in', scope.siteIds.length ? scope.siteIds : ['']);
  const row = await query
    .select((eb) => [
      eb.fn.sum<number>(eb.case().when('deadline_at', '<', now).then(1).else(0).end()).as('overdue'),
      eb.fn.sum<number>(eb.case().when(eb.and([eb('deadline_at', '>=', now), eb('due_at', '<=', endOfToday)])).then(1).else(0).end()).as('due_today'),
    ])
    .executeTakeFirstOrThrow();
  return { overdue: Number(row.overdue ?? 0), dueToday: Number(row.due_today ?? 0) };
}

// ---- generation -------------------------------------------------------------------------------

/** Every active plan of every organisation (or one), with its organisation's time zone. */
export function findActivePlans(db: Executor, orgId?: string) {
  let query = db
    .selectFrom('revisit_plans')
    .innerJoin('organizations', 'organizations.id', 'revisit_plans.org_id')
    .selectAll('revisit_plans')
    .select('organizations.timezone')
    .where('revisit_plans.active', '=', 1);
  if (orgId) query = query.where('revisit_plans.org_id', '=', orgId);
  return query.orderBy('revisit_plans.id').execute();
}

export function findOrgSites(db: Executor, orgId: string) {
  return db.selectFrom('sites').select(['id', 'parent_id']).where('org_id', '=', orgId).execute();
}

/**
 * The live customers a plan covers (its customer, or its tier within the sites) that have no
 * revisit of the plan in `period` yet. The anti-join on the (plan, customer, period) index keeps a
 * repeated round cheap: it reads what exists instead of failing to insert it again.
 */
export function findCustomersWithout(db: Executor, plan: { org_id: string; id: string; customer_id: string | null; tier: string | null }, siteIds: string[] | null, period: string) {
  let query = db
    .selectFrom('customers')
    .select(['customers.id', 'customers.site_id'])
    .where('customers.org_id', '=', plan.org_id)
    .where('customers.deleted_at', 'is', null);
  query = plan.customer_id ? query.where('customers.id', '=', plan.customer_id) : query.where('customers.tier', '=', plan.tier!);
  if (siteIds) query = query.where('customers.site_id', 'in', siteIds.length ? siteIds : ['']);
  return query
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('revisits')
            .select('revisits.id')
            .where('revisits.plan_id', '=', plan.id)
            .where('revisits.customer_id', '=', eb.ref('customers.id'))
            .where('revisits.plan_period', '=', period),
        ),
      ),
    )
    // One order for every instance: two transactions inserting the same keys then wait for each other instead of deadlocking.
    .orderBy('customers.id')
    .execute();
}

/**
 * Inserts generated revisits; one that exists already for (plan, customer, period) is skipped by
 * the unique index, so two instances generating at once write each revisit once. Answers how many
 * were inserted.
 */
export async function insertPlanRevisits(db: Executor, rows: Insertable<RevisitsTable>[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await db.insertInto('revisits').values(rows).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

// ---- overdue ----------------------------------------------------------------------------------

/** Plan revisits of every organisation past their deadline, still due, not yet announced. */
export function findUnannouncedOverdue(db: Executor, now: string, limit: number) {
  return db
    .selectFrom('revisits')
    .innerJoin('revisit_plans', 'revisit_plans.id', 'revisits.plan_id')
    .select(['revisits.id', 'revisits.org_id', 'revisits.site_id', 'revisits.owner_id', 'revisits.deadline_at', 'revisit_plans.name as plan_name'])
    .where('revisits.kind', '=', 'plan')
    .where('revisits.status', '=', 'due')
    .where('revisits.overdue_notified_at', 'is', null)
    .where('revisits.deadline_at', '<', now)
    .orderBy('revisits.deadline_at')
    .limit(limit)
    .execute();
}

/** Marks the revisit announced if nobody has yet: true for the one instance that wins. */
export async function claimOverdue(db: Executor, id: string, now: string): Promise<boolean> {
  const result = await db.updateTable('revisits').set({ overdue_notified_at: now }).where('id', '=', id).where('overdue_notified_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
