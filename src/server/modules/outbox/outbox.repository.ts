import { type ExpressionBuilder, sql } from 'kysely';
import type { OutboxStatus } from '../../../shared/schemas/outbox.js';
import type { DialectName } from '../../db/database.js';
import { containsText } from '../../db/dialect.js';
import type { Database, MessageTemplateRow, OutboxMessageRow } from '../../db/types.js';
import type { Executor } from '../context.js';

// ---------------------------------------------------------------------------------------------
// Messages

/** Inserts a queued message; a repeated dedupe key (unique per organisation) inserts nothing. Answers whether a row was written. */
export async function insertMessage(db: Executor, row: OutboxMessageRow): Promise<boolean> {
  // ON CONFLICT DO NOTHING rather than catching the violation: on PostgreSQL a failed statement
  // would abort the caller's whole transaction.
  const result = await db.insertInto('outbox_messages').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export interface MessageFilter {
  statuses?: OutboxStatus[];
  channel?: string;
  event?: string;
  q?: string;
  from?: string;
  to?: string;
}

/** A page of an organisation's messages, newest first. */
export async function findMessages(db: Executor, dialect: DialectName, orgId: string, filter: MessageFilter, page: number, pageSize: number) {
  let query = db.selectFrom('outbox_messages').where('org_id', '=', orgId);
  if (filter.statuses?.length) query = query.where('status', 'in', filter.statuses);
  if (filter.channel) query = query.where('channel', '=', filter.channel);
  if (filter.event) query = query.where('event', '=', filter.event);
  if (filter.q) query = query.where(containsText(dialect, sql.ref('recipient'), filter.q));
  if (filter.from) query = query.where('created_at', '>=', filter.from);
  if (filter.to) query = query.where('created_at', '<=', filter.to);
  const [{ total }, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    query
      .select(['id', 'channel', 'event', 'locale', 'recipient', 'recipient_user_id', 'recipient_customer_id', 'subject', 'status', 'attempts', 'next_attempt_at', 'last_error', 'sent_at', 'created_at', 'updated_at'])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
  ]);
  return { total: Number(total), rows };
}

/** How many of the organisation's messages are in each status. */
export async function countByStatus(db: Executor, orgId: string): Promise<{ status: string; n: number }[]> {
  const rows = await db
    .selectFrom('outbox_messages')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('org_id', '=', orgId)
    .groupBy('status')
    .execute();
  return rows.map((r) => ({ status: r.status, n: Number(r.n) }));
}

export function findMessage(db: Executor, orgId: string, id: string): Promise<OutboxMessageRow | undefined> {
  return db.selectFrom('outbox_messages').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export async function findRecipientName(db: Executor, orgId: string, row: Pick<OutboxMessageRow, 'recipient_user_id' | 'recipient_customer_id'>): Promise<string | null> {
  if (row.recipient_user_id) {
    const user = await db.selectFrom('users').select('name').where('org_id', '=', orgId).where('id', '=', row.recipient_user_id).executeTakeFirst();
    return user?.name ?? null;
  }
  if (row.recipient_customer_id) {
    const customer = await db.selectFrom('customers').select('name').where('org_id', '=', orgId).where('id', '=', row.recipient_customer_id).executeTakeFirst();
    return customer?.name ?? null;
  }
  return null;
}

/** Changes a message's status only if it is still in `from` (a worker may have moved it meanwhile); answers whether it did. */
export async function updateMessageIfStatus(db: Executor, orgId: string, id: string, from: OutboxStatus, changes: Partial<OutboxMessageRow>): Promise<boolean> {
  const result = await db.updateTable('outbox_messages').set(changes).where('org_id', '=', orgId).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// ---------------------------------------------------------------------------------------------
// Delivery

/**
 * Claims up to `limit` due messages for one worker round: queued ones whose time has come, and
 * ones another worker claimed but whose claim ran out (that instance died mid-send). Candidates are
 * read first, then each is taken with a conditional update that re-checks the same conditions, so
 * that of two workers reading the same candidates only one update matches a row (PostgreSQL
 * re-evaluates the WHERE clause on the row version the first worker committed). Answers how many
 * candidates there were and the rows this claim took (fewer when another worker won some).
 */
export async function claimDueMessages(db: Executor, now: string, claimedUntil: string, claimToken: string, limit: number): Promise<{ candidates: number; claimed: OutboxMessageRow[] }> {
  const claimable = (eb: ExpressionBuilder<Database, 'outbox_messages'>) =>
    eb.or([
      eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', now)]),
      eb.and([eb('status', '=', 'sending'), eb('claimed_until', '<', now)]),
    ]);
  const candidates = await db.selectFrom('outbox_messages').select('id').where(claimable).orderBy('next_attempt_at').limit(limit).execute();
  if (candidates.length === 0) return { candidates: 0, claimed: [] };
  await db
    .updateTable('outbox_messages')
    .set({ status: 'sending', claimed_by: claimToken, claimed_until: claimedUntil, updated_at: now })
    .where('id', 'in', candidates.map((c) => c.id))
    .where(claimable)
    .execute();
  const claimed = await db.selectFrom('outbox_messages').selectAll().where('claimed_by', '=', claimToken).where('status', '=', 'sending').execute();
  return { candidates: candidates.length, claimed };
}

/** Records a delivery, if the claim is still this worker's. */
export async function markSent(db: Executor, id: string, claimToken: string, at: string, attempts: number): Promise<boolean> {
  const result = await db
    .updateTable('outbox_messages')
    .set({ status: 'sent', sent_at: at, attempts, claimed_by: null, claimed_until: null, last_error: null, updated_at: at })
    .where('id', '=', id)
    .where('claimed_by', '=', claimToken)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Records a failed attempt: back to queued for a later retry, or dead. */
export async function markFailed(db: Executor, id: string, claimToken: string, changes: { status: 'queued' | 'dead'; attempts: number; nextAttemptAt: string; error: string; at: string }): Promise<boolean> {
  const result = await db
    .updateTable('outbox_messages')
    .set({ status: changes.status, attempts: changes.attempts, next_attempt_at: changes.nextAttemptAt, last_error: changes.error, claimed_by: null, claimed_until: null, updated_at: changes.at })
    .where('id', '=', id)
    .where('claimed_by', '=', claimToken)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// ---------------------------------------------------------------------------------------------
// Templates

export function findTemplate(db: Executor, orgId: string, event: string, channel: string, locale: string): Promise<MessageTemplateRow | undefined> {
  return db
    .selectFrom('message_templates')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('event', '=', event)
    .where('channel', '=', channel)
    .where('locale', '=', locale)
    .executeTakeFirst();
}

/** The organisation's own templates with the name of whoever last edited each. */
export function findTemplates(db: Executor, orgId: string) {
  return db
    .selectFrom('message_templates as t')
    .leftJoin('users as u', (j) => j.onRef('u.id', '=', 't.updated_by').onRef('u.org_id', '=', 't.org_id'))
    .selectAll('t')
    .select('u.name as updated_by_name')
    .where('t.org_id', '=', orgId)
    .execute();
}

export async function insertTemplate(db: Executor, row: MessageTemplateRow): Promise<void> {
  await db.insertInto('message_templates').values(row).execute();
}

/** Updates an override if it still has the version the editor read; answers whether it did. */
export async function updateTemplate(db: Executor, orgId: string, id: string, version: number, changes: Partial<MessageTemplateRow>): Promise<boolean> {
  const result = await db.updateTable('message_templates').set(changes).where('org_id', '=', orgId).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteTemplate(db: Executor, orgId: string, id: string): Promise<void> {
  await db.deleteFrom('message_templates').where('org_id', '=', orgId).where('id', '=', id).execute();
}

// ---------------------------------------------------------------------------------------------
// Facts the messages quote

export function findOrganisation(db: Executor, orgId: string) {
  return db.selectFrom('organizations').select(['name', 'timezone']).where('id', '=', orgId).executeTakeFirst();
}

/** The case and its customer's contact details and consents, for case.updated. */
export function findCaseForCustomer(db: Executor, orgId: string, caseId: string) {
  return db
    .selectFrom('cases as c')
    .innerJoin('customers as cu', (j) => j.onRef('cu.id', '=', 'c.customer_id').onRef('cu.org_id', '=', 'c.org_id'))
    .select(['c.number', 'c.title', 'c.status', 'cu.id as customer_id', 'cu.name as customer_name', 'cu.phone', 'cu.email', 'cu.consent_sms', 'cu.consent_email', 'cu.deleted_at'])
    .where('c.org_id', '=', orgId)
    .where('c.id', '=', caseId)
    .executeTakeFirst();
}

/** The case's latest public reply by staff (the one just written). */
export function findLatestPublicReply(db: Executor, orgId: string, caseId: string) {
  return db
    .selectFrom('case_events')
    .select(['id', 'body'])
    .where('org_id', '=', orgId)
    .where('case_id', '=', caseId)
    .where('kind', '=', 'comment')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Organisations that have revisits due in the window, with their time zone and name. */
export function findOrganisationsWithDueRevisits(db: Executor, from: string, to: string) {
  return db
    .selectFrom('organizations as o')
    .select(['o.id', 'o.name', 'o.timezone'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('revisits as r')
          .select('r.id')
          .whereRef('r.org_id', '=', 'o.id')
          .where('r.status', '=', 'due')
          .where('r.owner_id', 'is not', null)
          .where('r.due_at', '>=', from)
          .where('r.due_at', '<', to),
      ),
    )
    .execute();
}

/** An organisation's due revisits with an owner, due in [from, to), with the owner's and customer's names. */
export function findDueRevisitsForReminder(db: Executor, orgId: string, from: string, to: string) {
  return db
    .selectFrom('revisits as r')
    .innerJoin('users as u', (j) => j.onRef('u.id', '=', 'r.owner_id').onRef('u.org_id', '=', 'r.org_id'))
    .leftJoin('customers as cu', (j) => j.onRef('cu.id', '=', 'r.customer_id').onRef('cu.org_id', '=', 'r.org_id'))
    .leftJoin('cases as c', (j) => j.onRef('c.id', '=', 'r.case_id').onRef('c.org_id', '=', 'r.org_id'))
    .select(['r.id', 'r.owner_id', 'r.due_at', 'r.channel', 'r.kind', 'r.reminded_at', 'u.name as owner_name', 'u.email as owner_email', 'u.locale as owner_locale', 'u.active as owner_active', 'cu.name as customer_name', 'c.number as case_number'])
    .where('r.org_id', '=', orgId)
    .where('r.status', '=', 'due')
    .where('r.owner_id', 'is not', null)
    .where('r.due_at', '>=', from)
    .where('r.due_at', '<', to)
    .orderBy('r.owner_id')
    .orderBy('r.due_at')
    .orderBy('r.id')
    .execute();
}

export async function markRevisitsReminded(db: Executor, orgId: string, ids: string[], at: string): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await db.updateTable('revisits').set({ reminded_at: at }).where('org_id', '=', orgId).where('id', 'in', ids.slice(i, i + 500)).execute();
  }
}
