import { type ExpressionBuilder, sql } from 'kysely';
import type { Database, RevisitPoliciesTable, RevisitsTable } from '../../db/types.js';
import type { SiteScope } from '../access/actor.js';
import type { Executor } from '../context.js';

export type RevisitPolicyRow = RevisitPoliciesTable;
export type RevisitRow = RevisitsTable;
export type RevisitPolicyWithSite = RevisitPolicyRow & { site_name: string | null };

// ---------------------------------------------------------------------------------------------
// Policies

/** Every revisit policy of the organisation with its site's name, organisation-wide ones first. */
export async function findPolicies(db: Executor, orgId: string): Promise<RevisitPolicyWithSite[]> {
  return db
    .selectFrom('revisit_policies')
    .leftJoin('sites', 'sites.id', 'revisit_policies.site_id')
    .selectAll('revisit_policies')
    .select('sites.name as site_name')
    .where('revisit_policies.org_id', '=', orgId)
    .orderBy('revisit_policies.site_id')
    .orderBy('revisit_policies.case_type')
    .execute();
}

/** The policies (organisation-wide and per site) of one case type; usually none or a few. */
export async function findPoliciesForType(db: Executor, orgId: string, caseType: string): Promise<RevisitPolicyRow[]> {
  return db.selectFrom('revisit_policies').selectAll().where('org_id', '=', orgId).where('case_type', '=', caseType).execute();
}

export async function findPolicyById(db: Executor, orgId: string, id: string): Promise<RevisitPolicyRow | undefined> {
  return db.selectFrom('revisit_policies').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export async function findPolicyByKey(db: Executor, orgId: string, caseType: string, siteId: string | null): Promise<RevisitPolicyRow | undefined> {
  let query = db.selectFrom('revisit_policies').selectAll().where('org_id', '=', orgId).where('case_type', '=', caseType);
  query = siteId === null ? query.where('site_id', 'is', null) : query.where('site_id', '=', siteId);
  return query.executeTakeFirst();
}

export async function insertPolicy(db: Executor, row: RevisitPolicyRow): Promise<void> {
  await db.insertInto('revisit_policies').values(row).execute();
}

/** Updates the policy if it is still at `version`; false when someone else changed it first. */
export async function updatePolicyRow(db: Executor, orgId: string, id: string, version: number, changes: Partial<RevisitPolicyRow>): Promise<boolean> {
  const r = await db.updateTable('revisit_policies').set({ ...changes, version: version + 1 }).where('org_id', '=', orgId).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deletePolicy(db: Executor, orgId: string, id: string): Promise<void> {
  await db.deleteFrom('revisit_policies').where('org_id', '=', orgId).where('id', '=', id).execute();
}

// ---------------------------------------------------------------------------------------------
// Revisits

/** Inserts a revisit; false when the unique indexes say it already exists (one open callback per case). */
export async function insertRevisit(db: Executor, row: RevisitRow): Promise<boolean> {
  const r = await db.insertInto('revisits').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** A revisit with what the work list shows beside it: site, customer, case, plan and owner. */
export type RevisitWithNames = RevisitRow & {
  site_name: string;
  customer_name: string | null;
  customer_phone: string | null;
  customer_tier: string | null;
  case_number: string | null;
  case_title: string | null;
  case_type: string | null;
  case_status: string | null;
  plan_name: string | null;
  owner_name: string | null;
};

function withNames(db: Executor) {
  return db
    .selectFrom('revisits')
    .innerJoin('sites', 'sites.id', 'revisits.site_id')
    .leftJoin('customers', 'customers.id', 'revisits.customer_id')
    .leftJoin('cases', 'cases.id', 'revisits.case_id')
    .leftJoin('revisit_plans', 'revisit_plans.id', 'revisits.plan_id')
    .leftJoin('users', 'users.id', 'revisits.owner_id')
    .selectAll('revisits')
    .select([
      'sites.name as site_name',
      'customers.name as customer_name',
      'customers.phone as customer_phone',
      'customers.tier as customer_tier',
      'cases.number as case_number',
      'cases.title as case_title',
      'cases.type as case_type',
      'cases.status as case_status',
      'revisit_plans.name as plan_name',
      'users.name as owner_name',
    ]);
}

export async function findRevisit(db: Executor, orgId: string, id: string): Promise<RevisitWithNames | undefined> {
  return withNames(db).where('revisits.org_id', '=', orgId).where('revisits.id', '=', id).executeTakeFirst();
}

export async function findRevisitRow(db: Executor, orgId: string, id: string): Promise<RevisitRow | undefined> {
  return db.selectFrom('revisits').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export interface RevisitFilter {
  /** due | overdue | done, judged at `now` */
  status?: 'due' | 'overdue' | 'done';
  now: string;
  ownerId?: string | null;
  siteId?: string;
  caseId?: string;
  kind?: 'case' | 'plan';
  from?: string;
  to?: string;
}

type RevisitEb = ExpressionBuilder<Database & { revisits: RevisitsTable }, 'revisits'>;

function filterWhere(eb: RevisitEb, orgId: string, scope: SiteScope, f: RevisitFilter) {
  const and = [eb('revisits.org_id', '=', orgId)];
  if (!scope.all) and.push(eb('revisits.site_id', 'in', scope.siteIds.length ? scope.siteIds : ['']));
  if (f.status === 'due') and.push(eb('revisits.status', '=', 'due'), eb('revisits.deadline_at', '>', f.now));
  else if (f.status === 'overdue') and.push(eb('revisits.status', '=', 'due'), eb('revisits.deadline_at', '<=', f.now));
  else if (f.status === 'done') and.push(eb('revisits.status', 'in', ['done', 'failed']));
  else and.push(eb('revisits.status', '!=', 'cancelled'));
  if (f.ownerId === null) and.push(eb('revisits.owner_id', 'is', null));
  else if (f.ownerId) and.push(eb('revisits.owner_id', '=', f.ownerId));
  if (f.siteId) and.push(eb('revisits.site_id', '=', f.siteId));
  if (f.caseId) and.push(eb('revisits.case_id', '=', f.caseId));
  if (f.kind) and.push(eb('revisits.kind', '=', f.kind));
  if (f.from) and.push(eb('revisits.due_at', '>=', f.from));
  if (f.to) and.push(eb('revisits.due_at', '<', f.to));
  return eb.and(and);
}

/** A page of revisits: open ones by due time (soonest first), finished ones latest first. */
export async function findRevisits(db: Executor, orgId: string, scope: SiteScope, f: RevisitFilter, page: { page: number; pageSize: number }) {
  const [rows, count] = await Promise.all([
    withNames(db)
      .where((eb) => filterWhere(eb as unknown as RevisitEb, orgId, scope, f))
      .orderBy('revisits.due_at', f.status === 'done' ? 'desc' : 'asc')
      .orderBy('revisits.id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    db
      .selectFrom('revisits')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where((eb) => filterWhere(eb as unknown as RevisitEb, orgId, scope, f))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** The due times and statuses of revisits in a period (for the calendar's counts per local day). */
export async function findRevisitDueTimes(db: Executor, orgId: string, scope: SiteScope, f: RevisitFilter) {
  return db
    .selectFrom('revisits')
    .select(['due_at', 'deadline_at', 'status'])
    .where((eb) => filterWhere(eb as unknown as RevisitEb, orgId, scope, f))
    .limit(20_000)
    .execute();
}

export async function findAttempts(db: Executor, orgId: string, revisitId: string) {
  return db
    .selectFrom('revisit_attempts')
    .leftJoin('users', 'users.id', 'revisit_attempts.recorded_by')
    .selectAll('revisit_attempts')
    .select('users.name as recorded_by_name')
    .where('revisit_attempts.org_id', '=', orgId)
    .where('revisit_attempts.revisit_id', '=', revisitId)
    .orderBy('revisit_attempts.attempt_no')
    .execute();
}

export async function insertAttempt(db: Executor, row: Database['revisit_attempts']): Promise<void> {
  await db.insertInto('revisit_attempts').values(row).execute();
}

/** Updates the revisit if it is still at `version`, bumping it; false when someone else changed it first. */
export async function updateRevisitRow(db: Executor, orgId: string, id: string, version: number, changes: Partial<RevisitRow>): Promise<boolean> {
  const r = await db.updateTable('revisits').set({ ...changes, version: version + 1 }).where('org_id', '=', orgId).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The open callbacks of a case (at most one, by the unique index). */
export async function findOpenCaseRevisits(db: Executor, orgId: string, caseId: string): Promise<RevisitRow[]> {
  return db.selectFrom('revisits').selectAll().where('org_id', '=', orgId).where('case_id', '=', caseId).where('kind', '=', 'case').where('status', '=', 'due').execute();
}

/** True when a finished callback after the case's latest resolution found the customer dissatisfied or the matter unsolved. */
export async function hasDissatisfiedRevisitSince(db: Executor, orgId: string, caseId: string, since: string, satisfiedMin: number): Promise<boolean> {
  const row = await db
    .selectFrom('revisits')
    .select('id')
    .where('org_id', '=', orgId)
    .where('case_id', '=', caseId)
    .where('status', '=', 'done')
    .where('completed_at', '>=', since)
    .where((eb) => eb.or([eb('solved', '=', 0), eb('satisfaction', '<', satisfiedMin)]))
    .executeTakeFirst();
  return row !== undefined;
}

// ---------------------------------------------------------------------------------------------
// The close sweep

/** Organisations with resolved cases, and the case types among them. */
export async function findResolvedCaseGroups(db: Executor): Promise<{ org_id: string; type: string }[]> {
  return db.selectFrom('cases').select(['org_id', 'type']).where('status', '=', 'resolved').groupBy(['org_id', 'type']).execute();
}

/** Resolved cases of a type resolved before `before`, oldest first. */
export async function findResolvedBefore(db: Executor, orgId: string, type: string, before: string, limit: number) {
  return db
    .selectFrom('cases')
    .select(['id', 'site_id', 'type', 'resolved_at', 'version', 'status', 'assignee_id', 'number'])
    .where('org_id', '=', orgId)
    .where('type', '=', type)
    .where('status', '=', 'resolved')
    .where('resolved_at', '<=', before)
    .orderBy('resolved_at')
    .limit(limit)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Figures

export type StatsKey = 'site' | 'owner' | 'type';

/**
 * Counts per group of the revisits falling due in [from, to) (cancelled ones never count): due,
 * done (done or failed), reached (done), satisfied (done, solved, satisfaction ≥ satisfiedMin).
 */
export async function countRevisits(db: Executor, orgId: string, scope: SiteScope, f: { from: string; to: string; siteId?: string; groupBy: StatsKey | null; satisfiedMin: number }) {
  const key =
    f.groupBy === 'site'
      ? sql<string | null>`revisits.site_id`
      : f.groupBy === 'owner'
        ? sql<string | null>`revisits.owner_id`
        : f.groupBy === 'type'
          ? sql<string | null>`case when revisits.kind = 'plan' then 'plan' else cases.type end`
          : null;
  let query = db
    .selectFrom('revisits')
    .leftJoin('cases', 'cases.id', 'revisits.case_id')
    .select([
      (key ?? sql<string | null>`null`).as('key'),
      sql<string | number>`count(*)`.as('due'),
      sql<string | number>`sum(case when revisits.status in ('done', 'failed') then 1 else 0 end)`.as('done'),
      sql<string | number>`sum(case when revisits.status = 'done' then 1 else 0 end)`.as('reached'),
      sql<string | number>`sum(case when revisits.status = 'done' and revisits.solved = 1 and revisits.satisfaction >= ${f.satisfiedMin} then 1 else 0 end)`.as('satisfied'),
    ])
    .where('revisits.org_id', '=', orgId)
    .where('revisits.status', '!=', 'cancelled')
    .where('revisits.due_at', '>=', f.from)
    .where('revisits.due_at', '<', f.to);
  if (!scope.all) query = query.where('revisits.site_id', 'in', scope.siteIds.length ? scope.siteIds : ['']);
  if (f.siteId) query = query.where('revisits.site_id', '=', f.siteId);
  const rows = await (f.groupBy ? query.groupBy(key!) : query).execute();
  return rows.map((r) => ({ key: r.key, due: Number(r.due), done: Number(r.done ?? 0), reached: Number(r.reached ?? 0), satisfied: Number(r.satisfied ?? 0) }));
}

export async function findSiteNames(db: Executor, orgId: string, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('sites').select(['id', 'name']).where('org_id', '=', orgId).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function findUserNames(db: Executor, orgId: string, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('org_id', '=', orgId).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

