import { z } from 'zod';
import { idSchema } from './common.js';

export const NOTIFICATION_KINDS = ['case_assigned', 'case_reply', 'sla_breach', 'escalation', 'revisit_overdue'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * What a notification says, as data: the browser writes the sentence in the reader's language.
 * - case_assigned: `actorName` assigned the case to the reader
 * - case_reply: `actorName` (null = the customer) replied (`public`) or noted on the reader's case
 * - sla_breach: the case missed its `deadline` (first_response | resolution) due at `dueAt`
 * - escalation: the case reached escalation `level` (1–4)
 * - revisit_overdue: the plan revisit `revisitId` of plan `title` was due by `dueAt` and is not done
 */
export const notificationDataSchema = z.object({
  number: z.string().optional(),
  title: z.string().optional(),
  actorName: z.string().nullable().optional(),
  public: z.boolean().optional(),
  deadline: z.enum(['first_response', 'resolution']).optional(),
  dueAt: z.string().optional(),
  level: z.number().int().optional(),
  revisitId: z.string().optional(),
});
export type NotificationData = z.infer<typeof notificationDataSchema>;

export const notificationSchema = z.object({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  caseId: z.string().nullable(),
  data: notificationDataSchema,
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const notificationListQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const unreadCountSchema = z.object({ count: z.number().int() });
export const notificationIdParams = z.object({ id: idSchema });
