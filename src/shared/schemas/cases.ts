import { z } from 'zod';
import { CASE_ACTIONS, CASE_STATUSES } from '../cases/state-machine.js';
import { CUSTOMER_TIERS } from '../roles.js';
import { causeCodeValue } from './causes.js';
import { attachmentSchema } from './attachments.js';
import { commaListParam, idSchema, isoDateTime, pageOf, pageQuery, phoneSchema, requiredText } from './common.js';
import { stageListParam, stageSchema, stageSignalSchema } from './ladder.js';
import { recoverySchema } from './recovery.js';

export const CASE_TYPES = ['message', 'inquiry', 'suggestion', 'praise', 'repair', 'complaint'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const CASE_CHANNELS = ['portal', 'phone', 'hotline', 'counter', 'visit', 'letter', 'email', 'social', 'chat', 'survey', 'revisit', 'inspection'] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];

export const CASE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

export const caseCreateBody = z
  .object({
    type: z.enum(CASE_TYPES),
    channel: z.enum(CASE_CHANNELS),
    siteId: idSchema,
    priority: z.enum(CASE_PRIORITIES).default('normal'),
    /** An existing customer … */
    customerId: idSchema.optional(),
    /** … or a new one (found again by phone when already registered). */
    customer: z.object({ name: requiredText(64), phone: phoneSchema }).optional(),
    title: requiredText(200),
    description: requiredText(5000),
  })
  .refine((b) => !(b.customerId && b.customer), { message: 'one_customer', path: ['customer'] });

/**
 * What the case list can be sorted by. The server maps each name to its column in one table
 * (SORT_COLUMNS in cases.repository.ts); a new sort is a name here plus a line there.
 */
/** `stage` ranks the dissatisfaction ladder: `-stage` is the "at risk" order, highest stage first. */
export const CASE_SORT_FIELDS = ['createdAt', 'updatedAt', 'resolutionDueAt', 'firstResponseDueAt', 'priority', 'stage'] as const;
export type CaseSortField = (typeof CASE_SORT_FIELDS)[number];
export const CASE_SORTS = CASE_SORT_FIELDS.flatMap((f) => [f, `-${f}`] as const) as [CaseSortField | `-${CaseSortField}`, ...(CaseSortField | `-${CaseSortField}`)[]];
export type CaseSort = (typeof CASE_SORTS)[number];

export const caseListQuery = pageQuery.extend({
  status: commaListParam(CASE_STATUSES, 'invalid_status'),
  type: z.enum(CASE_TYPES).optional(),
  siteId: idSchema.optional(),
  /** A user id, or `me`, or `none` for unassigned cases. */
  assigneeId: z.union([idSchema, z.literal('me'), z.literal('none')]).optional(),
  customerId: idSchema.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  /** A cause code (cases coded with it), or `none` for cases not coded yet. */
  causeCode: z.union([causeCodeValue, z.literal('none')]).optional(),
  /** `true`: the caller's team queue, cases assigned to the people the caller works with (see listCases). */
  team: z.enum(['true', 'false']).optional(),
  /** One of CASE_SORT_FIELDS, `-` in front for descending; ties are broken by id. */
  sort: z.enum(CASE_SORTS).default('-createdAt'),
  /** Ladder stages, comma-separated like `status`. */
  stage: stageListParam,
});
export type CaseListQuery = z.infer<typeof caseListQuery>;

/** Assigns many cases at once; each carries the version the caller read. All of them or none. */
export const bulkAssignBody = z.object({
  cases: z
    .array(z.object({ id: idSchema, version: z.number().int().min(1) }))
    .min(1)
    .max(200)
    .refine((list) => new Set(list.map((c) => c.id)).size === list.length, { message: 'duplicate' }),
  assigneeId: idSchema,
});

export const transitionBody = z.object({
  action: z.enum(CASE_ACTIONS),
  assigneeId: idSchema.optional(),
  intoCaseId: idSchema.optional(),
  note: z.string().trim().max(2000).optional(),
  version: z.number().int().min(1),
});

export const commentBody = z.object({
  body: requiredText(5000),
  /** Public replies are shown to the customer; internal notes are not. */
  public: z.boolean().default(false),
});

export const caseSchema = z.object({
  id: z.string(),
  number: z.string(),
  type: z.enum(CASE_TYPES),
  channel: z.enum(CASE_CHANNELS),
  priority: z.enum(CASE_PRIORITIES),
  status: z.enum(CASE_STATUSES),
  title: z.string(),
  description: z.string(),
  siteId: z.string(),
  siteName: z.string(),
  customer: z
    .object({ id: z.string(), name: z.string(), phone: z.string(), tier: z.enum(CUSTOMER_TIERS), stage: stageSchema, masked: z.boolean() })
    .nullable(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  mergedIntoId: z.string().nullable(),
  firstResponseDueAt: z.string().nullable(),
  firstRespondedAt: z.string().nullable(),
  resolutionDueAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  reopenCount: z.number().int(),
  causeCode: z.string().nullable(),
  /** 0 = on time or not yet escalated; 1 supervisor, 2 HQ specialist, 3 site director, 4 general manager. */
  escalationLevel: z.number().int(),
  stage: stageSchema,
  stageSignals: z.array(stageSignalSchema),
  stageChangedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Case = z.infer<typeof caseSchema>;

/**
 * A page of the case list. A search (`q`) counts at most a thousand matches: above that `total` is
 * the cap and `totalCapped` is true ("1,000+"); every page up to it is exact.
 */
export const caseListSchema = pageOf(caseSchema).extend({ totalCapped: z.boolean().optional() });
export type CaseList = z.infer<typeof caseListSchema>;

/** `customer_reply`: the customer answered on the portal; `attachment`: staff added files. */
export const CASE_EVENT_KINDS = ['created', 'transition', 'comment', 'note', 'merged_in', 'cause', 'escalation', 'customer_reply', 'attachment', 'stage', 'recovery'] as const;

export const caseEventSchema = z.object({
  id: z.string(),
  kind: z.enum(CASE_EVENT_KINDS),
  action: z.enum(CASE_ACTIONS).nullable(),
  fromStatus: z.enum(CASE_STATUSES).nullable(),
  toStatus: z.enum(CASE_STATUSES).nullable(),
  body: z.string().nullable(),
  public: z.boolean(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
});
export type CaseEvent = z.infer<typeof caseEventSchema>;

export const bulkAssignResultSchema = z.object({ items: z.array(caseSchema) });

export const caseDetailSchema = caseSchema.extend({
  events: z.array(caseEventSchema),
  attachments: z.array(attachmentSchema),
  recovery: recoverySchema.nullable(),
  /** the caller's compensation limit on this case's site in fen (null = no limit) */
  compensationLimitFen: z.number().int().nullable(),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

