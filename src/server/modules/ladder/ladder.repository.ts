import { sql } from 'kysely';
import { OPEN_STATUSES } from '../../../shared/cases/state-machine.js';
import { STAGES, type Stage } from '../../../shared/ladder/ladder.js';
import { newId } from '../../lib/ids.js';
import type { Executor } from '../context.js';

/** The case with what the ladder reads: its customer's tier. */
export function findLadderCase(db: Executor, orgId: string, caseId: string) {
  return db
    .selectFrom('cases')
    .leftJoin('customers', 'customers.id', 'cases.customer_id')
    .select([
      'cases.id',
      'cases.number',
      'cases.type',
      'cases.status',
      'cases.title',
      'cases.description',
      'cases.customer_id',
      'cases.cause_code',
      'cases.reopen_count',
      'cases.first_response_due_at',
      'cases.first_responded_at',
      'cases.resolution_due_at',
      'cases.resolved_at',
      'cases.created_at',
      'cases.stage',
      'cases.stage_signals',
      'customers.tier as customer_tier',
    ])
    .where('cases.org_id', '=', orgId)
    .where('cases.id', '=', caseId)
    .executeTakeFirst();
}

/** What the customer wrote on the case after recording it: replies without a staff author (portal). */
export async function findCustomerWords(db: Executor, orgId: string, caseId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('case_events')
    .select('body')
    .where('org_id', '=', orgId)
    .where('case_id', '=', caseId)
    .where('kind', '=', 'comment')
    .where('actor_id', 'is', null)
    .where('body', 'is not', null)
    .execute();
  return rows.map((r) => r.body as string);
}

/**
 * The customer's latest other cases recorded between `from` and `to` (not cancelled): candidates
 * for "the same matter again". Ten are plenty (two related ones already reach the signal's top
 * rule), and the bound keeps each write cheap for a customer with a long history.
 */
export function findCustomerCasesBetween(db: Executor, orgId: string, customerId: string, exceptId: string, from: string, to: string) {
  return db
    .selectFrom('cases')
    .select(['id', 'number', 'type', 'status', 'cause_code', 'title', 'description'])
    .where('org_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .where('id', '!=', exceptId)
    .where('status', '!=', 'cancelled')
    .where('created_at', '>=', from)
    .where('created_at', '<=', to)
    .orderBy('created_at', 'desc')
    .limit(10)
    .execute();
}

/** Which of these cases are still open, with the signals they were last placed by. */
export async function findOpenCases(db: Executor, orgId: string, ids: string[]): Promise<{ id: string; stage_signals: string }[]> {
  if (!ids.length) return [];
  // By primary key alone, organisation and status checked here: with them in the WHERE, SQLite
  // (without statistics) prefers an organisation index and reads every case of the organisation.
  const rows = await db.selectFrom('cases').select(['id', 'org_id', 'status', 'stage_signals']).where('id', 'in', ids).execute();
  return rows.filter((r) => r.org_id === orgId && (OPEN_STATUSES as readonly string[]).includes(r.status)).map(({ id, stage_signals }) => ({ id, stage_signals }));
}

export function findLatestCaseScore(db: Executor, orgId: string, caseId: string) {
  return db
    .selectFrom('satisfaction_scores')
    .select(['score', 'scale', 'source', 'recorded_at'])
    .where('org_id', '=', orgId)
    .where('case_id', '=', caseId)
    .orderBy('recorded_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export function findLatestCustomerScore(db: Executor, orgId: string, customerId: string, since: string) {
  return db
    .selectFrom('satisfaction_scores')
    .select(['score', 'scale', 'source', 'recorded_at'])
    .where('org_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .where('recorded_at', '>=', since)
    .orderBy('recorded_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** The highest stage among a customer's open cases ('none' without any). */
export async function findHighestOpenCaseStage(db: Executor, orgId: string, customerId: string): Promise<Stage> {
  // Ranked in SQL: a customer with a long history (a commercial tenant, a bench run) would
  // otherwise send every open case's row to JavaScript on every write.
  const rank = sql<number>`max(case ${sql.ref('stage')} ${sql.join(
    STAGES.map((stage, i) => sql`when ${stage} then ${sql.lit(i)}`),
    sql` `,
  )} else 0 end)`;
  const row = await db
    .selectFrom('cases')
    .select(rank.as('rank'))
    .where('org_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .where('status', 'in', [...OPEN_STATUSES])
    .executeTakeFirst();
  return STAGES[Number(row?.rank ?? 0)] ?? 'none';
}

export async function updateCaseStage(db: Executor, orgId: string, caseId: string, changes: { stage: string; stage_signals: string; stage_changed_at?: string }): Promise<void> {
  // Derived state: the case's version stays, so that a recomputation never makes someone's edit stale.
  await db.updateTable('cases').set(changes).where('org_id', '=', orgId).where('id', '=', caseId).execute();
}

export function findCustomerStage(db: Executor, orgId: string, customerId: string) {
  return db.selectFrom('customers').select(['id', 'stage']).where('org_id', '=', orgId).where('id', '=', customerId).executeTakeFirst();
}

export async function updateCustomerStage(db: Executor, orgId: string, customerId: string, stage: Stage, at: string): Promise<void> {
  await db.updateTable('customers').set({ stage, stage_changed_at: at }).where('org_id', '=', orgId).where('id', '=', customerId).execute();
}

export async function insertScore(
  db: Executor,
  row: { org_id: string; case_id: string | null; customer_id: string | null; score: number; scale: number; source: string; recorded_at: string },
): Promise<string> {
  const id = newId();
  await db.insertInto('satisfaction_scores').values({ id, ...row }).execute();
  return id;
}

export function findCaseCustomer(db: Executor, orgId: string, caseId: string) {
  return db.selectFrom('cases').select(['id', 'customer_id']).where('org_id', '=', orgId).where('id', '=', caseId).executeTakeFirst();
}

export function customerExists(db: Executor, orgId: string, customerId: string) {
  return db.selectFrom('customers').select('id').where('org_id', '=', orgId).where('id', '=', customerId).executeTakeFirst();
}
