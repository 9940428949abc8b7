import { type Expression, type SelectQueryBuilder, sql } from 'kysely';
import type { CaseStatus } from '../../../shared/cases/state-machine.js';
import type { CaseEvent, CaseSort, CaseSortField } from '../../../shared/schemas/cases.js';
import type { Db } from '../../db/database.js';
import type { CaseEventRow, CaseRow, Database } from '../../db/types.js';
import { newId, nowIso } from '../../lib/ids.js';
import type { SiteScope } from '../access/actor.js';
import type { Executor } from '../context.js';
import { caseMatches } from '../search/search.repository.js';
import { updateIfVersion } from '../../db/versioned.js';

/** A case row with the names the API shows beside the ids. */
export type CaseWithNames = CaseRow & {
  site_name: string;
  assignee_name: string | null;
  customer_name: string | null;
  customer_phone: string | null;
  customer_tier: string | null;
  customer_stage: string | null;
};

function withNames(db: Executor) {
  return db
    .selectFrom('cases')
    .innerJoin('sites', 'sites.id', 'cases.site_id')
    .leftJoin('users as assignee', 'assignee.id', 'cases.assignee_id')
    .leftJoin('customers', 'customers.id', 'cases.customer_id')
    .selectAll('cases')
    .select([
      'sites.name as site_name',
      'assignee.name as assignee_name',
      'customers.name as customer_name',
      'customers.phone as customer_phone',
      'customers.tier as customer_tier',
      'customers.stage as customer_stage',
    ]);
}

export async function findCase(db: Executor, orgId: string, id: string): Promise<CaseWithNames | undefined> {
  return withNames(db).where('cases.org_id', '=', orgId).where('cases.id', '=', id).executeTakeFirst();
}

export interface CaseFilter {
  q?: string;
  status?: CaseStatus[];
  type?: string;
  siteId?: string;
  /** a user id, or null for unassigned */
  assigneeId?: string | null;
  customerId?: string;
  overdueAt?: string;
  from?: string;
  to?: string;
  /** a cause code, or null for cases not coded yet */
  causeCode?: string | null;
  /** only cases assigned to someone holding one of `roles` through a grant inside `scope` (the "my team" queue) */
  assignedWithin?: { roles: readonly string[]; scope: SiteScope };
  /** ladder stages */
  stage?: string[];
  sort?: CaseSort;
}

/** Ladder stages by height, so that `-stage` puts complaints first (the "at risk" queue). */
const stageHeight = sql<number>`case cases.stage when 'complaint' then 4 when 'potential_complaint' then 3 when 'expressed' then 2 when 'latent' then 1 else 0 end`;

/**
 * The one table of sort orders: list sort name → the expression ordered by. Priorities rank
 * urgent > high > normal > low. Ascending puts empty values last and descending first (what
 * PostgreSQL does by default, so its indexes serve both directions); the id breaks ties so that
 * paging is stable.
 */
const SORT_COLUMNS: Record<CaseSortField, Expression<unknown>> = {
  createdAt: sql.ref('cases.created_at'),
  updatedAt: sql.ref('cases.updated_at'),
  resolutionDueAt: sql.ref('cases.resolution_due_at'),
  firstResponseDueAt: sql.ref('cases.first_response_due_at'),
  priority: sql`(case cases.priority when 'urgent' then 4 when 'high' then 3 when 'normal' then 2 else 1 end)`,
  stage: stageHeight,
};

function orderCases<Q extends SelectQueryBuilder<Database, 'cases', object>>(query: Q, sort: CaseSort): Q {
  const descending = sort.startsWith('-');
  const field = (descending ? sort.slice(1) : sort) as CaseSortField;
  const ordered = query.orderBy(SORT_COLUMNS[field], (ob) => (descending ? ob.desc().nullsFirst() : ob.asc().nullsLast()));
  // Within one rung of the ladder the case waiting longest comes first: the at-risk queue is worked oldest first.
  if (field === 'stage') return ordered.orderBy('cases.created_at', 'asc').orderBy('cases.id', 'asc') as Q;
  return ordered.orderBy('cases.id', descending ? 'desc' : 'asc') as Q;
}

export async function findCases(db: Db, orgId: string, scope: SiteScope, filter: CaseFilter, page: { page: number; pageSize: number }) {
  let query = db.kysely.selectFrom('cases').where('cases.org_id', '=', orgId);
  if (!scope.all) query = query.where('cases.site_id', 'in', scope.siteIds.length ? scope.siteIds : ['']);
  if (filter.status?.length) query = query.where('cases.status', 'in', filter.status);
  if (filter.type) query = query.where('cases.type', '=', filter.type);
  if (filter.siteId) query = query.where('cases.site_id', '=', filter.siteId);
  if (filter.assigneeId !== undefined) {
    query = filter.assigneeId === null ? query.where('cases.assignee_id', 'is', null) : query.where('cases.assignee_id', '=', filter.assigneeId);
  }
  if (filter.customerId) query = query.where('cases.customer_id', '=', filter.customerId);
  if (filter.stage?.length) query = query.where('cases.stage', 'in', filter.stage);
  if (filter.from) query = query.where('cases.created_at', '>=', filter.from);
  if (filter.to) query = query.where('cases.created_at', '<=', filter.to);
  if (filter.overdueAt) {
    const now = filter.overdueAt;
    query = query
      .where('cases.status', 'in', ['new', 'assigned', 'in_progress'])
      .where((eb) =>
        eb.or([
          eb.and([eb('cases.first_responded_at', 'is', null), eb('cases.first_response_due_at', '<', now)]),
          eb('cases.resolution_due_at', '<', now),
        ]),
      );
  }
  if (filter.causeCode !== undefined) {
    query = filter.causeCode === null ? query.where('cases.cause_code', 'is', null) : query.where('cases.cause_code', '=', filter.causeCode);
  }
  if (filter.assignedWithin) {
    const { roles, scope: within } = filter.assignedWithin;
    query = query.where('cases.assignee_id', 'in', (eb) => {
      let members = eb.selectFrom('role_grants').select('role_grants.user_id').where('role_grants.org_id', '=', orgId).where('role_grants.role', 'in', roles.length ? [...roles] : ['']);
      if (!within.all) members = members.where('role_grants.site_id', 'in', within.siteIds.length ? within.siteIds : ['']);
      return members;
    });
  }
  // Full-text over title, description, replies and notes (Chinese words, either script), or the exact case number.
  if (filter.q) query = query.where(caseMatches(db, orgId, filter.q));
  const [{ total }, ids] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    orderCases(query.select('cases.id'), filter.sort ?? '-createdAt')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
  ]);
  const rows = await findCasesByIds(db.kysely, orgId, ids.map((r) => r.id));
  return { total: Number(total), rows };
}

/** Cases by id with their names, in the order of `ids` (ids not found are left out). */
export async function findCasesByIds(db: Executor, orgId: string, ids: readonly string[]): Promise<CaseWithNames[]> {
  if (!ids.length) return [];
  const rows = await withNames(db).where('cases.org_id', '=', orgId).where('cases.id', 'in', [...ids]).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function insertCase(db: Executor, row: CaseRow): Promise<void> {
  await db.insertInto('cases').values(row).execute();
}

/** Updates the row if it is still at `version`; false when someone else changed it first. */
export function updateCaseRow(db: Executor, orgId: string, id: string, version: number, changes: Partial<CaseRow>): Promise<boolean> {
  return updateIfVersion(db, 'cases', orgId, id, version, changes);
}

/** The next sequence number of the organisation's local day; the upsert serialises concurrent creators. */
export async function nextCaseSequence(db: Executor, orgId: string, day: string): Promise<number> {
  const row = await db
    .insertInto('case_number_counters')
    .values({ org_id: orgId, day, last: 1 })
    .onConflict((oc) => oc.columns(['org_id', 'day']).doUpdateSet({ last: sql<number>`case_number_counters.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}

export interface NewCaseEvent {
  kind: CaseEvent['kind'];
  action?: string | null;
  fromStatus?: string | null;
  toStatus?: string | null;
  body?: string | null;
  public?: boolean;
  actorId: string | null;
  actorName: string | null;
  data?: Record<string, unknown> | null;
}

/** Writes one event of a case; returns its id (attachments point at the event they came with). */
export async function insertCaseEvent(db: Executor, orgId: string, caseId: string, event: NewCaseEvent): Promise<string> {
  const id = newId();
  await db
    .insertInto('case_events')
    .values({
      id,
      org_id: orgId,
      case_id: caseId,
      kind: event.kind,
      action: event.action ?? null,
      from_status: event.fromStatus ?? null,
      to_status: event.toStatus ?? null,
      body: event.body ?? null,
      public: event.public ? 1 : 0,
      actor_id: event.actorId,
      actor_name: event.actorName,
      data: event.data ? JSON.stringify(event.data) : null,
      created_at: nowIso(),
    })
    .execute();
  return id;
}

export async function findCaseEvents(db: Executor, orgId: string, caseId: string): Promise<CaseEventRow[]> {
  return db.selectFrom('case_events').selectAll().where('org_id', '=', orgId).where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}

/** An active user of the organisation, with their grants, to check that they can own a case. */
export async function findAssignable(db: Executor, orgId: string, userId: string) {
  const user = await db.selectFrom('users').select(['id', 'name']).where('org_id', '=', orgId).where('id', '=', userId).where('active', '=', 1).executeTakeFirst();
  if (!user) return undefined;
  const grants = await db.selectFrom('role_grants').select(['role', 'site_id']).where('org_id', '=', orgId).where('user_id', '=', userId).execute();
  return { ...user, grants };
}

/** A customer of the organisation with this phone, preferring one registered on the site. */
export async function findCustomerByPhone(db: Executor, orgId: string, phone: string, siteId: string) {
  const rows = await db
    .selectFrom('customers')
    .select(['id', 'site_id'])
    .where('org_id', '=', orgId)
    .where('phone', '=', phone)
    .where('deleted_at', 'is', null)
    .execute();
  return rows.find((r) => r.site_id === siteId) ?? rows[0];
}
