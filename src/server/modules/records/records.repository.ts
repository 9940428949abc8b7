import type { Db } from '../../db/database.js';
import type { CommunicationProblemRow, CommunicationRecordRow } from '../../db/types.js';
import type { SiteScope } from '../access/actor.js';
import type { Executor } from '../context.js';

export type RecordWithNames = CommunicationRecordRow & { site_name: string; customer_name: string; customer_tier: string; staff_name: string };
export type ProblemWithCase = CommunicationProblemRow & { case_number: string | null; case_status: string | null };

function recordsWithNames(db: Executor, orgId: string) {
  return db
    .selectFrom('communication_records')
    .innerJoin('sites', 'sites.id', 'communication_records.site_id')
    .innerJoin('customers', 'customers.id', 'communication_records.customer_id')
    .innerJoin('users', 'users.id', 'communication_records.staff_id')
    .selectAll('communication_records')
    .select(['sites.name as site_name', 'customers.name as customer_name', 'customers.tier as customer_tier', 'users.name as staff_name'])
    .where('communication_records.org_id', '=', orgId);
}

export interface RecordFilter {
  q?: string;
  siteId?: string;
  customerId?: string;
  staffId?: string;
  from?: string;
  to?: string;
}

/** Records on the scope's sites, latest contact first. */
export async function findRecords(db: Db, orgId: string, scope: SiteScope, filter: RecordFilter, page: { page: number; pageSize: number }) {
  let query = recordsWithNames(db.kysely, orgId);
  if (!scope.all) query = query.where('communication_records.site_id', 'in', scope.siteIds.length ? scope.siteIds : ['']);
  if (filter.siteId) query = query.where('communication_records.site_id', '=', filter.siteId);
  if (filter.customerId) query = query.where('communication_records.customer_id', '=', filter.customerId);
  if (filter.staffId) query = query.where('communication_records.staff_id', '=', filter.staffId);
  if (filter.from) query = query.where('communication_records.occurred_at', '>=', new Date(filter.from).toISOString());
  if (filter.to) query = query.where('communication_records.occurred_at', '<', new Date(filter.to).toISOString());
  const [{ total }, rows] = await Promise.all([
    query.clearSelect().select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    query.orderBy('communication_records.occurred_at', 'desc').orderBy('communication_records.id', 'desc').limit(page.pageSize).offset((page.page - 1) * page.pageSize).execute(),
  ]);
  return { total: Number(total), rows };
}

export function findRecord(db: Executor, orgId: string, id: string): Promise<RecordWithNames | undefined> {
  return recordsWithNames(db, orgId).where('communication_records.id', '=', id).executeTakeFirst();
}

/** The problems of the records, in order, each with the case it became (number and status). */
export async function findProblems(db: Executor, orgId: string, recordIds: string[]): Promise<ProblemWithCase[]> {
  if (recordIds.length === 0) return [];
  return db
    .selectFrom('communication_problems')
    .leftJoin('cases', 'cases.id', 'communication_problems.case_id')
    .selectAll('communication_problems')
    .select(['cases.number as case_number', 'cases.status as case_status'])
    .where('communication_problems.org_id', '=', orgId)
    .where('communication_problems.record_id', 'in', recordIds)
    .orderBy('communication_problems.record_id')
    .orderBy('communication_problems.position')
    .execute();
}

export async function insertRecord(db: Executor, row: CommunicationRecordRow, problems: CommunicationProblemRow[]): Promise<void> {
  await db.insertInto('communication_records').values(row).execute();
  if (problems.length) await db.insertInto('communication_problems').values(problems).execute();
}

export function findProblem(db: Executor, orgId: string, recordId: string, problemId: string): Promise<CommunicationProblemRow | undefined> {
  return db.selectFrom('communication_problems').selectAll().where('org_id', '=', orgId).where('record_id', '=', recordId).where('id', '=', problemId).executeTakeFirst();
}

/** Links the problem to its case unless someone already did: true for the one request that wins. */
export async function linkProblemCase(db: Executor, orgId: string, problemId: string, caseId: string): Promise<boolean> {
  const result = await db.updateTable('communication_problems').set({ case_id: caseId }).where('org_id', '=', orgId).where('id', '=', problemId).where('case_id', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function findRevisitOf(db: Executor, orgId: string, id: string) {
  return db.selectFrom('revisits').select(['id', 'customer_id', 'site_id']).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export function findLiveCustomer(db: Executor, orgId: string, id: string) {
  return db.selectFrom('customers').select(['id', 'site_id', 'name']).where('org_id', '=', orgId).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
}
