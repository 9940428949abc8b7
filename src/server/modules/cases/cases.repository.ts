import { type Expression, expressionBuilder, type RawBuilder, type SelectQueryBuilder, sql, type SqlBool } from 'kysely';
import type { CaseStatus } from '../../../shared/cases/state-machine.js';
import type { CaseEvent, CaseSort, CaseSortField } from '../../../shared/schemas/cases.js';
import type { Db } from '../../db/database.js';
import type { CaseEventRow, CaseRow, Database } from '../../db/types.js';
import { newId, nowIso } from '../../lib/ids.js';
import type { SiteScope } from '../access/actor.js';
import type { Executor } from '../context.js';
import { caseMatchSource, caseNumberIn, caseTextMatchSource, casesWithText } from '../search/search.repository.js';
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

/** The conditions of a case list except the search words, usable in any query that reads `cases`. */
function caseConditions(orgId: string, scope: SiteScope, filter: CaseFilter): Expression<SqlBool> {
  const eb = expressionBuilder<Database, 'cases'>();
  const all: Expression<SqlBool>[] = [eb('cases.org_id', '=', orgId)];
  if (!scope.all) all.push(eb('cases.site_id', 'in', scope.siteIds.length ? scope.siteIds : ['']));
  if (filter.status?.length) all.push(eb('cases.status', 'in', filter.status));
  if (filter.type) all.push(eb('cases.type', '=', filter.type));
  if (filter.siteId) all.push(eb('cases.site_id', '=', filter.siteId));
  if (filter.assigneeId !== undefined) all.push(filter.assigneeId === null ? eb('cases.assignee_id', 'is', null) : eb('cases.assignee_id', '=', filter.assigneeId));
  if (filter.customerId) all.push(eb('cases.customer_id', '=', filter.customerId));
  if (filter.stage?.length) all.push(eb('cases.stage', 'in', filter.stage));
  if (filter.from) all.push(eb('cases.created_at', '>=', filter.from));
  if (filter.to) all.push(eb('cases.created_at', '<=', filter.to));
  if (filter.overdueAt) {
    const now = filter.overdueAt;
    all.push(eb('cases.status', 'in', ['new', 'assigned', 'in_progress']));
    all.push(eb.or([eb.and([eb('cases.first_responded_at', 'is', null), eb('cases.first_response_due_at', '<', now)]), eb('cases.resolution_due_at', '<', now)]));
  }
  if (filter.causeCode !== undefined) all.push(filter.causeCode === null ? eb('cases.cause_code', 'is', null) : eb('cases.cause_code', '=', filter.causeCode));
  if (filter.assignedWithin) {
    const { roles, scope: within } = filter.assignedWithin;
    let members = eb.selectFrom('role_grants').select('role_grants.user_id').where('role_grants.org_id', '=', orgId).where('role_grants.role', 'in', roles.length ? [...roles] : ['']);
    if (!within.all) members = members.where('role_grants.site_id', 'in', within.siteIds.length ? within.siteIds : ['']);
    all.push(eb('cases.assignee_id', 'in', members));
  }
  return eb.and(all);
}

/**
 * How a search (`q`) pages, tuned on 1,000,000 cases (README → Performance). Exported so that tests
 * can force either plan on a small dataset; the app always uses SEARCH_TUNING.
 */
export interface SearchTuning {
  /** A search counts at most this many matches; above it the total is reported as a lower bound. */
  countCap: number;
  /** Cases read per step when walking the sort order (the first step; later steps double, up to 8×). */
  walkBatch: number;
  /** Cases the walk may read before it gives up and sorts every match instead. */
  walkBudget: number;
}

export const SEARCH_TUNING: SearchTuning = { countCap: 1000, walkBatch: 500, walkBudget: 30_000 };

export interface CaseList {
  total: number;
  /** true when `total` is the count cap of a search and more cases match */
  totalCapped: boolean;
  rows: CaseWithNames[];
}

export async function findCases(db: Db, orgId: string, scope: SiteScope, filter: CaseFilter, page: { page: number; pageSize: number }, tuning: SearchTuning = SEARCH_TUNING): Promise<CaseList> {
  const where = caseConditions(orgId, scope, filter);
  const sort = filter.sort ?? '-createdAt';
  const offset = (page.page - 1) * page.pageSize;
  if (filter.q) return searchCases(db, orgId, where, filter.q, sort, offset, page.pageSize, tuning);
  const query = db.kysely.selectFrom('cases').where(where);
  const [{ total }, ids] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    orderCases(query.select('cases.id'), sort).limit(page.pageSize).offset(offset).execute(),
  ]);
  const rows = await findCasesByIds(db.kysely, orgId, ids.map((r) => r.id));
  return { total: Number(total), totalCapped: false, rows };
}

/**
 * A search (full text over title, description, replies and notes, or the exact case number) with
 * the list's conditions, sort and page. Counting and sorting every match costs about 3.5 µs a match,
 * and a common word (漏水, 电梯) matches 5–25 % of all cases, so:
 * 1. The matches that meet the conditions are read from the full-text index, in index order, up to
 *    countCap + 1. When that many do not exist, these are all of them: the count is exact and the
 *    page is sorted from them.
 * 2. Otherwise the total is countCap, reported as a lower bound, and the page comes from walking the
 *    list's own sort index (cases_org_created_idx, or the site/status one) in batches and keeping
 *    the cases the full-text index holds, until the page is full. Many matches mean the walk meets
 *    them early. Only the created-at sorts have such an index; the others (priority, updatedAt, due
 *    dates, stage) sort every match, as does a walk that reads walkBudget cases without filling the
 *    page (a word common overall but rare among the cases the conditions keep, or a deep page).
 * Either way the listed cases are exactly those the plain query would list.
 */
async function searchCases(db: Db, orgId: string, where: Expression<SqlBool>, q: string, sort: CaseSort, offset: number, limit: number, tuning: SearchTuning): Promise<CaseList> {
  const number = caseNumberIn(q);
  const [textMatches, numberMatch] = await Promise.all([
    matching(db, caseTextMatchSource(db, orgId, q)).select('cases.id').where(where).limit(tuning.countCap + 1).execute(),
    number ? db.kysely.selectFrom('cases').select('cases.id').where(where).where('cases.number', '=', number).executeTakeFirst() : undefined,
  ]);
  const found = new Set(textMatches.map((r) => r.id));
  if (numberMatch) found.add(numberMatch.id);
  if (found.size <= tuning.countCap) {
    const ids = found.size ? await orderCases(db.kysely.selectFrom('cases').select('cases.id').where('cases.org_id', '=', orgId).where('cases.id', 'in', [...found]), sort).limit(limit).offset(offset).execute() : [];
    return { total: found.size, totalCapped: false, rows: await findCasesByIds(db.kysely, orgId, ids.map((r) => r.id)) };
  }
  const walked = sort === '-createdAt' || sort === 'createdAt' ? await walkSortOrder(db, orgId, where, q, numberMatch?.id, sort, offset + limit, tuning) : undefined;
  const ids = walked
    ? walked.slice(offset, offset + limit)
    : (await orderCases(matching(db, caseMatchSource(db, orgId, q)).select('cases.id').where(where), sort).limit(limit).offset(offset).execute()).map((r) => r.id);
  return { total: tuning.countCap, totalCapped: true, rows: await findCasesByIds(db.kysely, orgId, ids) };
}

/**
 * The cases a full-text source names, read in the source's order: the source is the outer loop (see
 * fullTextMatchSource) and each case is found by primary key. Sorting a few hundred thousand of
 * them this way takes about a second on SQLite; `cases.id in (source)` there reads every case of the
 * organisation instead (ten seconds).
 */
function matching(db: Db, source: RawBuilder<{ key: string }>) {
  return db.kysely.selectFrom(source.as('m')).crossJoin('cases').whereRef('cases.id', '=', 'm.key') as unknown as SelectQueryBuilder<Database, 'cases', object>;
}

/**
 * The first `need` matching cases in created-at order, found by reading the cases in that order (the
 * engine walks its index for the conditions) a batch at a time and asking the full-text index which
 * of each batch match; undefined when walkBudget cases were read first.
 */
async function walkSortOrder(db: Db, orgId: string, where: Expression<SqlBool>, q: string, numberMatch: string | undefined, sort: '-createdAt' | 'createdAt', need: number, tuning: SearchTuning): Promise<string[] | undefined> {
  const descending = sort === '-createdAt';
  const matches: string[] = [];
  let after: { id: string; created_at: string } | undefined;
  let read = 0;
  let batch = tuning.walkBatch;
  for (;;) {
    if (read >= tuning.walkBudget) return undefined;
    let query = db.kysely.selectFrom('cases').select(['cases.id', 'cases.created_at']).where(where);
    if (after) {
      const { id, created_at } = after;
      query = query.where((eb) =>
        eb.or([eb('cases.created_at', descending ? '<' : '>', created_at), eb.and([eb('cases.created_at', '=', created_at), eb('cases.id', descending ? '<' : '>', id)])]),
      );
    }
    const rows = await orderCases(query, sort).limit(batch).execute();
    read += rows.length;
    const hits = await casesWithText(db, orgId, q, rows.map((r) => r.id));
    for (const r of rows) if (hits.has(r.id) || r.id === numberMatch) matches.push(r.id);
    if (matches.length >= need || rows.length < batch) return matches;
    after = rows[rows.length - 1];
    batch = Math.min(batch * 2, tuning.walkBatch * 8);
  }
}

/** Cases by id with their names, in the order of `ids` (ids not found are left out). */
export async function findCasesByIds(db: Executor, orgId: string, ids: readonly string[]): Promise<CaseWithNames[]> {
  if (!ids.length) return [];
  // Looked up by primary key alone and kept to the organisation here: with `org_id = ?` in the
  // WHERE, SQLite (no statistics) reads every case of the organisation through cases_org_customer_idx
  // instead of the ids' primary-key entries, 12 s at 1,000,000 cases.
  const rows = await withNames(db).where('cases.id', 'in', [...ids]).execute();
  const byId = new Map(rows.filter((r) => r.org_id === orgId).map((r) => [r.id, r]));
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
