import type { z } from 'zod';
import { AppError, type ErrorDetail } from '../../../shared/errors.js';
import {
  defaultTemplate,
  EVENT_CHANNELS,
  OUTBOX_EVENTS,
  type OutboxChannel,
  type OutboxEvent,
  renderTemplate,
  SAMPLE_DATA,
  type TemplateText,
  unknownPlaceholders,
} from '../../../shared/outbox/templates.js';
import { LOCALES, type Locale } from '../../../shared/roles.js';
import type { Page } from '../../../shared/schemas/common.js';
import {
  BODY_MAX,
  type MessageTemplate,
  type messageTemplateBody,
  type OutboxMessage,
  type OutboxMessageDetail,
  type outboxListQuery,
  type OutboxStatus,
  OUTBOX_STATUSES,
  type OutboxSummary,
  type templateKeyParams,
  type templatePreviewBody,
} from '../../../shared/schemas/outbox.js';
import type { Db } from '../../db/database.js';
import { isUniqueViolation } from '../../db/dialect.js';
import type { MessageTemplateRow, OutboxMessageRow } from '../../db/types.js';
import { newId, nowIso } from '../../lib/ids.js';
import { siteScope } from '../access/access.policy.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import type { Executor, ServiceContext } from '../context.js';
import * as repo from './outbox.repository.js';

// ---------------------------------------------------------------------------------------------
// Queueing

export interface EnqueueInput {
  orgId: string;
  channel: OutboxChannel;
  event: OutboxEvent;
  /** the recipient's language; anything else falls back to zh-CN */
  locale: string;
  /** an email address or a phone number */
  recipient: string;
  recipientUserId?: string | null;
  recipientCustomerId?: string | null;
  /** the template's variables */
  data: Record<string, string | number | null | undefined>;
  /** queueing the same key twice in one organisation writes one message */
  dedupeKey?: string | null;
}

const isDb = (db: Db | Executor): db is Db => 'dialect' in db && 'kysely' in db;

/** The template in force: the organisation's own wording, else the built-in one. */
export async function templateFor(db: Executor, orgId: string, event: OutboxEvent, channel: OutboxChannel, locale: Locale): Promise<TemplateText> {
  const own = await repo.findTemplate(db, orgId, event, channel, locale);
  if (own) return { subject: channel === 'email' ? (own.subject ?? '') : null, body: own.body };
  const builtIn = defaultTemplate(event, channel, locale);
  if (!builtIn) throw new Error(`No ${channel} template for ${event}`);
  return builtIn;
}

/**
 * Renders the event's template in the recipient's language and queues the message for the
 * delivery worker. Takes a Db or a transaction: inside the caller's transaction the message exists
 * exactly when the change it reports does. A repeated dedupe key is a no-op (`queued: false`).
 */
export async function enqueueMessage(db: Db | Executor, input: EnqueueInput): Promise<{ id: string | null; queued: boolean }> {
  const kysely = isDb(db) ? db.kysely : db;
  const locale: Locale = (LOCALES as readonly string[]).includes(input.locale) ? (input.locale as Locale) : 'zh-CN';
  const rendered = renderTemplate(await templateFor(kysely, input.orgId, input.event, input.channel, locale), input.data);
  const now = nowIso();
  const row: OutboxMessageRow = {
    id: newId(),
    org_id: input.orgId,
    channel: input.channel,
    event: input.event,
    locale,
    recipient: input.recipient.trim(),
    recipient_user_id: input.recipientUserId ?? null,
    recipient_customer_id: input.recipientCustomerId ?? null,
    subject: rendered.subject,
    body: rendered.body,
    dedupe_key: input.dedupeKey ?? null,
    status: 'queued',
    attempts: 0,
    next_attempt_at: now,
    claimed_by: null,
    claimed_until: null,
    last_error: null,
    sent_at: null,
    created_at: now,
    updated_at: now,
  };
  const queued = await repo.insertMessage(kysely, row);
  return { id: queued ? row.id : null, queued };
}

// ---------------------------------------------------------------------------------------------
// The admin page

/** The outbox and the templates are organisation-wide: only organisation-wide grants of outbox.manage reach them. */
async function requireOutboxManager(ctx: ServiceContext): Promise<void> {
  const scope = await siteScope(ctx.db, ctx.actor, 'outbox.manage');
  if (!scope.all) throw new AppError('forbidden', 'Only organisation-wide administrators and specialists may manage the outbox');
}

type MessageListRow = Omit<OutboxMessageRow, 'body' | 'org_id' | 'dedupe_key' | 'claimed_by' | 'claimed_until'>;

function presentMessage(row: MessageListRow): OutboxMessage {
  return {
    id: row.id,
    channel: row.channel as OutboxChannel,
    event: row.event,
    locale: row.locale,
    recipient: row.recipient,
    recipientUserId: row.recipient_user_id,
    recipientCustomerId: row.recipient_customer_id,
    subject: row.subject,
    status: row.status as OutboxStatus,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    sentAt: row.sent_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The organisation's messages, newest first, by status, channel, event, recipient and time. */
export async function listOutboxMessages(ctx: ServiceContext, query: z.infer<typeof outboxListQuery>): Promise<Page<OutboxMessage>> {
  await requireOutboxManager(ctx);
  const { rows, total } = await repo.findMessages(
    ctx.db.kysely,
    ctx.db.dialect,
    ctx.actor.orgId,
    { statuses: query.status, channel: query.channel, event: query.event, q: query.q, from: query.from ? new Date(query.from).toISOString() : undefined, to: query.to ? new Date(query.to).toISOString() : undefined },
    query.page,
    query.pageSize,
  );
  return { items: rows.map(presentMessage), total, page: query.page, pageSize: query.pageSize };
}

/** How many messages are in each status (the tabs of the admin page). */
export async function outboxSummary(ctx: ServiceContext): Promise<OutboxSummary> {
  await requireOutboxManager(ctx);
  const counts = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;
  for (const { status, n } of await repo.countByStatus(ctx.db.kysely, ctx.actor.orgId)) {
    if (status in counts) counts[status as OutboxStatus] = n;
  }
  return { counts };
}

async function presentDetail(ctx: ServiceContext, db: Executor, row: OutboxMessageRow): Promise<OutboxMessageDetail> {
  return { ...presentMessage(row), body: row.body, recipientName: await repo.findRecipientName(db, row.org_id, row), maxAttempts: ctx.config.outbox.maxAttempts };
}

/** One message as it was rendered, with its attempts and last error. */
export async function getOutboxMessage(ctx: ServiceContext, id: string): Promise<OutboxMessageDetail> {
  await requireOutboxManager(ctx);
  const row = await repo.findMessage(ctx.db.kysely, ctx.actor.orgId, id);
  if (!row) throw new AppError('not_found', 'Message not found');
  return presentDetail(ctx, ctx.db.kysely, row);
}

/** Puts a dead message back in the queue with a fresh set of attempts. */
export async function retryOutboxMessage(ctx: ServiceContext, id: string): Promise<OutboxMessageDetail> {
  await requireOutboxManager(ctx);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await repo.findMessage(trx, ctx.actor.orgId, id);
    if (!row) throw new AppError('not_found', 'Message not found');
    if (row.status !== 'dead') throw new AppError('conflict', 'Only a dead message can be retried', { status: row.status });
    const now = nowIso();
    const changes: Partial<OutboxMessageRow> = { status: 'queued', attempts: 0, next_attempt_at: now, claimed_by: null, claimed_until: null, updated_at: now };
    if (!(await repo.updateMessageIfStatus(trx, ctx.actor.orgId, id, 'dead', changes))) throw new AppError('conflict', 'The message changed meanwhile; reload and try again');
    await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'retry', entity: 'outbox_message', entityId: id, before: { status: row.status, attempts: row.attempts }, after: { status: 'queued', attempts: 0 } });
    return presentDetail(ctx, trx, { ...row, ...changes });
  });
}

/** Withdraws a queued message before it is sent. One being sent right now cannot be stopped (409). */
export async function cancelOutboxMessage(ctx: ServiceContext, id: string): Promise<OutboxMessageDetail> {
  await requireOutboxManager(ctx);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await repo.findMessage(trx, ctx.actor.orgId, id);
    if (!row) throw new AppError('not_found', 'Message not found');
    if (row.status !== 'queued') throw new AppError('conflict', 'Only a queued message can be cancelled', { status: row.status });
    const now = nowIso();
    const changes: Partial<OutboxMessageRow> = { status: 'cancelled', updated_at: now };
    // The worker may have claimed it since it was read: then it is being sent and stays so.
    if (!(await repo.updateMessageIfStatus(trx, ctx.actor.orgId, id, 'queued', changes))) throw new AppError('conflict', 'The message is being sent and can no longer be cancelled');
    await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'cancel', entity: 'outbox_message', entityId: id, before: { status: 'queued' }, after: { status: 'cancelled' } });
    return presentDetail(ctx, trx, { ...row, ...changes });
  });
}

// ---------------------------------------------------------------------------------------------
// Templates

type TemplateKey = z.infer<typeof templateKeyParams>;

function presentTemplate(key: TemplateKey, own: (MessageTemplateRow & { updated_by_name?: string | null }) | undefined): MessageTemplate {
  const builtIn = defaultTemplate(key.event, key.channel, key.locale)!;
  return {
    ...key,
    subject: own ? (key.channel === 'email' ? (own.subject ?? '') : null) : builtIn.subject,
    body: own ? own.body : builtIn.body,
    isDefault: !own,
    defaultSubject: builtIn.subject,
    defaultBody: builtIn.body,
    version: own?.version ?? 0,
    updatedAt: own?.updated_at ?? null,
    updatedByName: own?.updated_by_name ?? null,
  };
}

/** Every event × channel × language with the wording in force and the built-in one beside it. */
export async function listMessageTemplates(ctx: ServiceContext): Promise<{ items: MessageTemplate[] }> {
  await requireOutboxManager(ctx);
  const own = await repo.findTemplates(ctx.db.kysely, ctx.actor.orgId);
  const items: MessageTemplate[] = [];
  for (const event of OUTBOX_EVENTS) {
    for (const channel of EVENT_CHANNELS[event]) {
      for (const locale of LOCALES) {
        items.push(presentTemplate({ event, channel, locale }, own.find((r) => r.event === event && r.channel === channel && r.locale === locale)));
      }
    }
  }
  return { items };
}

function assertChannelOfEvent(key: TemplateKey): void {
  if (!EVENT_CHANNELS[key.event].includes(key.channel)) throw new AppError('not_found', `${key.event} is not sent by ${key.channel}`);
}

/** Field problems of an edited template: subject for email only, length per channel, only the event's placeholders. */
function templateProblems(key: TemplateKey, subject: string | null | undefined, body: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (key.channel === 'email' && !subject) problems.push({ path: 'subject', message: 'An email needs a subject', code: 'required' });
  if (key.channel === 'sms' && subject) problems.push({ path: 'subject', message: 'An SMS has no subject', code: 'not_allowed' });
  if (body.length > BODY_MAX[key.channel]) problems.push({ path: 'body', message: `At most ${BODY_MAX[key.channel]} characters`, code: 'too_big' });
  for (const [path, text] of [['subject', subject ?? ''], ['body', body]] as const) {
    const unknown = unknownPlaceholders(key.event, text);
    if (unknown.length) problems.push({ path, message: `Unknown placeholder(s): ${unknown.map((u) => `{{${u}}}`).join(', ')}`, code: 'unknown_placeholder' });
  }
  return problems;
}

/** Saves the organisation's wording of one event × channel × language (version 0 = it had none). */
export async function saveMessageTemplate(ctx: ServiceContext, key: TemplateKey, input: z.infer<typeof messageTemplateBody>): Promise<MessageTemplate> {
  await requireOutboxManager(ctx);
  assertChannelOfEvent(key);
  const subject = input.subject ?? null;
  const problems = templateProblems(key, subject, input.body);
  if (problems.length) throw new AppError('validation_failed', 'The template cannot be saved', problems);
  const stale = () => new AppError('stale_version', 'The template was changed by someone else; reload and try again');
  try {
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      const own = await repo.findTemplate(trx, ctx.actor.orgId, key.event, key.channel, key.locale);
      if ((own?.version ?? 0) !== input.version) throw stale();
      const now = nowIso();
      const storedSubject = key.channel === 'email' ? subject : null;
      if (!own) {
        const row: MessageTemplateRow = { id: newId(), org_id: ctx.actor.orgId, event: key.event, channel: key.channel, locale: key.locale, subject: storedSubject, body: input.body, version: 1, updated_by: ctx.actor.userId, created_at: now, updated_at: now };
        await repo.insertTemplate(trx, row);
        await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'create', entity: 'message_template', entityId: row.id, after: { ...key, subject: storedSubject, body: input.body } });
        return presentTemplate(key, { ...row, updated_by_name: ctx.actor.name });
      }
      if (own.subject === storedSubject && own.body === input.body) return presentTemplate(key, { ...own, updated_by_name: null });
      const changes = { subject: storedSubject, body: input.body, version: own.version + 1, updated_by: ctx.actor.userId, updated_at: now };
      if (!(await repo.updateTemplate(trx, ctx.actor.orgId, own.id, own.version, changes))) throw stale();
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      if (own.subject !== storedSubject) [before.subject, after.subject] = [own.subject, storedSubject];
      if (own.body !== input.body) [before.body, after.body] = [own.body, input.body];
      await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'update', entity: 'message_template', entityId: own.id, before: { ...key, ...before }, after: { ...key, ...after } });
      return presentTemplate(key, { ...own, ...changes, updated_by_name: ctx.actor.name });
    });
  } catch (error) {
    // Two editors saving a first override at once: the second finds the unique key taken.
    if (isUniqueViolation(error)) throw stale();
    throw error;
  }
}

/** Drops the organisation's wording: the built-in template is used again. */
export async function restoreDefaultTemplate(ctx: ServiceContext, key: TemplateKey): Promise<MessageTemplate> {
  await requireOutboxManager(ctx);
  assertChannelOfEvent(key);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const own = await repo.findTemplate(trx, ctx.actor.orgId, key.event, key.channel, key.locale);
    if (!own) return;
    await repo.deleteTemplate(trx, ctx.actor.orgId, own.id);
    await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'delete', entity: 'message_template', entityId: own.id, before: { ...key, subject: own.subject, body: own.body } });
  });
  return presentTemplate(key, undefined);
}

/** Renders a template (edited or not yet saved) with example data in its language. */
export async function previewMessageTemplate(ctx: ServiceContext, input: z.infer<typeof templatePreviewBody>): Promise<TemplateText> {
  await requireOutboxManager(ctx);
  assertChannelOfEvent(input);
  const problems = templateProblems(input, input.subject, input.body);
  if (problems.length) throw new AppError('validation_failed', 'The template cannot be rendered', problems);
  return renderTemplate({ subject: input.channel === 'email' ? (input.subject ?? '') : null, body: input.body }, SAMPLE_DATA[input.locale][input.event]);
}

