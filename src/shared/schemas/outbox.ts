import { z } from 'zod';
import { OUTBOX_CHANNELS, OUTBOX_EVENTS } from '../outbox/templates.js';
import { LOCALES } from '../roles.js';
import { commaListParam, idSchema, isoDateTime } from './common.js';

export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'dead', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const outboxListQuery = z.object({
  status: commaListParam(OUTBOX_STATUSES, 'unknown_status'),
  channel: z.enum(OUTBOX_CHANNELS).optional(),
  event: z.enum(OUTBOX_EVENTS).optional(),
  /** part of the recipient's address or number */
  q: z.string().trim().max(100).optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const outboxMessageSchema = z.object({
  id: z.string(),
  channel: z.enum(OUTBOX_CHANNELS),
  event: z.string(),
  locale: z.string(),
  recipient: z.string(),
  recipientUserId: z.string().nullable(),
  recipientCustomerId: z.string().nullable(),
  subject: z.string().nullable(),
  status: z.enum(OUTBOX_STATUSES),
  attempts: z.number().int(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OutboxMessage = z.infer<typeof outboxMessageSchema>;

export const outboxMessageDetailSchema = outboxMessageSchema.extend({
  body: z.string(),
  /** the recipient's name (staff member or customer), when the message names one */
  recipientName: z.string().nullable(),
  maxAttempts: z.number().int(),
});
export type OutboxMessageDetail = z.infer<typeof outboxMessageDetailSchema>;

export const outboxSummarySchema = z.object({ counts: z.record(z.enum(OUTBOX_STATUSES), z.number().int()) });
export type OutboxSummary = z.infer<typeof outboxSummarySchema>;

export const outboxIdParams = z.object({ id: idSchema });

export const templateKeyParams = z.object({
  event: z.enum(OUTBOX_EVENTS),
  channel: z.enum(OUTBOX_CHANNELS),
  locale: z.enum(LOCALES),
});

export const messageTemplateSchema = z.object({
  event: z.enum(OUTBOX_EVENTS),
  channel: z.enum(OUTBOX_CHANNELS),
  locale: z.enum(LOCALES),
  subject: z.string().nullable(),
  body: z.string(),
  /** true while the organisation uses the built-in wording */
  isDefault: z.boolean(),
  defaultSubject: z.string().nullable(),
  defaultBody: z.string(),
  /** 0 for the built-in wording; the override's version otherwise */
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedByName: z.string().nullable(),
});
export type MessageTemplate = z.infer<typeof messageTemplateSchema>;

export const messageTemplateListSchema = z.object({ items: z.array(messageTemplateSchema) });

export const SUBJECT_MAX = 200;
export const BODY_MAX: Record<(typeof OUTBOX_CHANNELS)[number], number> = { email: 5000, sms: 500 };

export const messageTemplateBody = z.object({
  /** required for email, absent (or null) for SMS */
  subject: z.string().trim().max(SUBJECT_MAX).nullable().optional(),
  body: z.string().trim().min(1).max(BODY_MAX.email),
  /** the version read: 0 when the built-in wording was shown */
  version: z.number().int().min(0),
});

export const templatePreviewBody = z.object({
  event: z.enum(OUTBOX_EVENTS),
  channel: z.enum(OUTBOX_CHANNELS),
  locale: z.enum(LOCALES),
  subject: z.string().max(SUBJECT_MAX).nullable().optional(),
  body: z.string().max(BODY_MAX.email),
});
export const templatePreviewSchema = z.object({ subject: z.string().nullable(), body: z.string() });
