import { z } from 'zod';
import { CUSTOMER_TIERS } from '../roles.js';
import { CASE_STATUSES } from '../cases/state-machine.js';
import { CASE_TYPES, type CaseType } from './cases.js';
import { idSchema, isoDateTime, pageQuery, versionField } from './common.js';

/*
 * Revisits (回访): the callback after a resolved case, and the due contacts of VIP plans (rows of
 * kind 'plan', written by the plans module). Policies say which resolved cases get one and how hard
 * the agent tries; an attempt records each call; the figures count them.
 */

export const REVISIT_KINDS = ['case', 'plan'] as const;
export const REVISIT_STATUSES = ['due', 'done', 'failed', 'cancelled'] as const;
export type RevisitStatus = (typeof REVISIT_STATUSES)[number];
export const REVISIT_OUTCOMES = ['reached', 'no_answer', 'refused', 'wrong_number'] as const;
export type RevisitOutcome = (typeof REVISIT_OUTCOMES)[number];
/** Work-list filters: due = open and not yet past its deadline, overdue = open and past it, done = finished (reached or failed). */
export const REVISIT_LIST_STATUSES = ['due', 'overdue', 'done'] as const;

/**
 * A reached customer counts as satisfied at 4 or 5 of 5. At 3 or below (or "not solved") the case
 * reopens: a neutral 3 is not a satisfied customer, and the ladder reads a 3 as expressed
 * dissatisfaction too.
 */
export const SATISFIED_MIN = 4;
export const isSatisfied = (satisfaction: number | null | undefined): boolean => satisfaction != null && satisfaction >= SATISFIED_MIN;

// ---------------------------------------------------------------------------------------------
// Policies

export interface RevisitPolicyValues {
  samplePercent: number;
  delayHours: number;
  dueWithinHours: number;
  maxAttempts: number;
  retryIntervalHours: number;
  closeAfterHours: number;
}

/**
 * Where an organisation has set nothing: every complaint is called back, half of repairs and a
 * fifth of other cases (praise none); from two hours after resolution, within 48 hours, three tries
 * a day apart (about two days); a resolved case closes by itself after three days without a
 * dissatisfied revisit.
 */
const COMMON = { delayHours: 2, dueWithinHours: 48, maxAttempts: 3, retryIntervalHours: 24, closeAfterHours: 72 };
export const DEFAULT_REVISIT_POLICIES: Record<CaseType, RevisitPolicyValues> = {
  complaint: { samplePercent: 100, ...COMMON },
  repair: { samplePercent: 50, ...COMMON },
  inquiry: { samplePercent: 20, ...COMMON },
  message: { samplePercent: 20, ...COMMON },
  suggestion: { samplePercent: 20, ...COMMON },
  praise: { samplePercent: 0, ...COMMON },
};

const policyValues = {
  samplePercent: z.number().int().min(0).max(100),
  delayHours: z.number().int().min(0).max(24 * 30),
  dueWithinHours: z.number().int().min(1).max(24 * 30),
  maxAttempts: z.number().int().min(1).max(10),
  retryIntervalHours: z.number().int().min(0).max(24 * 7),
  closeAfterHours: z.number().int().min(1).max(24 * 90),
};

export const revisitPolicySchema = z.object({
  id: z.string(),
  caseType: z.enum(CASE_TYPES),
  /** null = the organisation's; a site id = the override on that site and the sites below it */
  siteId: z.string().nullable(),
  siteName: z.string().nullable(),
  ...policyValues,
  version: z.number().int(),
  updatedAt: z.string(),
});
export type RevisitPolicy = z.infer<typeof revisitPolicySchema>;

export const revisitPoliciesSchema = z.object({
  items: z.array(revisitPolicySchema),
  defaults: z.array(z.object({ caseType: z.enum(CASE_TYPES), ...policyValues })),
});
export type RevisitPolicies = z.infer<typeof revisitPoliciesSchema>;

export const revisitPoliciesPutBody = z
  .object({
    siteId: idSchema.nullable(),
    policies: z
      .array(z.object({ caseType: z.enum(CASE_TYPES), ...policyValues, version: versionField }))
      .min(1)
      .max(CASE_TYPES.length),
  })
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.policies.forEach((p, i) => {
      if (seen.has(p.caseType)) ctx.addIssue({ code: 'custom', message: 'duplicate', path: ['policies', i, 'caseType'] });
      seen.add(p.caseType);
      // The attempts must fit in the window, or the last tries always fall after the deadline.
      if ((p.maxAttempts - 1) * p.retryIntervalHours > p.dueWithinHours) {
        ctx.addIssue({ code: 'custom', message: 'attempts_exceed_window', path: ['policies', i, 'retryIntervalHours'] });
      }
    });
  });
export type RevisitPoliciesInput = z.infer<typeof revisitPoliciesPutBody>;

// ---------------------------------------------------------------------------------------------
// Revisits

export const revisitSchema = z.object({
  id: z.string(),
  kind: z.enum(REVISIT_KINDS),
  status: z.enum(REVISIT_STATUSES),
  /** due and past its deadline */
  overdue: z.boolean(),
  channel: z.string(),
  siteId: z.string(),
  siteName: z.string(),
  customer: z
    .object({ id: z.string(), name: z.string(), phone: z.string(), tier: z.enum(CUSTOMER_TIERS), masked: z.boolean() })
    .nullable(),
  case: z.object({ id: z.string(), number: z.string(), title: z.string(), type: z.enum(CASE_TYPES), status: z.enum(CASE_STATUSES) }).nullable(),
  planId: z.string().nullable(),
  planName: z.string().nullable(),
  planPeriod: z.string().nullable(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  dueAt: z.string(),
  deadlineAt: z.string(),
  maxAttempts: z.number().int(),
  attemptCount: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastOutcome: z.enum(REVISIT_OUTCOMES).nullable(),
  solved: z.boolean().nullable(),
  satisfaction: z.number().int().nullable(),
  comment: z.string().nullable(),
  completedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type Revisit = z.infer<typeof revisitSchema>;

export const revisitAttemptSchema = z.object({
  id: z.string(),
  attemptNo: z.number().int(),
  outcome: z.enum(REVISIT_OUTCOMES),
  solved: z.boolean().nullable(),
  satisfaction: z.number().int().nullable(),
  comment: z.string().nullable(),
  recordedBy: z.string().nullable(),
  recordedByName: z.string().nullable(),
  recordedAt: z.string(),
});
export type RevisitAttempt = z.infer<typeof revisitAttemptSchema>;

export const revisitDetailSchema = revisitSchema.extend({
  attempts: z.array(revisitAttemptSchema),
  caseSummary: z
    .object({ description: z.string(), resolvedAt: z.string().nullable(), assigneeName: z.string().nullable(), channel: z.string(), createdAt: z.string() })
    .nullable(),
  /** what the caller may do with it */
  canAttempt: z.boolean(),
  canAssign: z.boolean(),
});
export type RevisitDetail = z.infer<typeof revisitDetailSchema>;

export const revisitListQuery = pageQuery.extend({
  status: z.enum(REVISIT_LIST_STATUSES).optional(),
  /** a user id, or `me` */
  ownerId: z.union([idSchema, z.literal('me'), z.literal('none')]).optional(),
  siteId: idSchema.optional(),
  caseId: idSchema.optional(),
  kind: z.enum(REVISIT_KINDS).optional(),
  /** due time from (inclusive) and to (exclusive) */
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
});
export type RevisitListQuery = z.infer<typeof revisitListQuery>;

export const revisitListSchema = z.object({
  items: z.array(revisitSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type RevisitList = z.infer<typeof revisitListSchema>;

export const revisitCalendarQuery = z.object({
  ownerId: z.union([idSchema, z.literal('me'), z.literal('none')]).optional(),
  siteId: idSchema.optional(),
  from: isoDateTime,
  to: isoDateTime,
});
/** Open and finished revisits per local day of their due time. */
export const revisitCalendarSchema = z.object({
  days: z.array(z.object({ date: z.string(), open: z.number().int(), overdue: z.number().int(), done: z.number().int() })),
});
export type RevisitCalendar = z.infer<typeof revisitCalendarSchema>;

export const revisitAttemptBody = z
  .object({
    outcome: z.enum(REVISIT_OUTCOMES),
    solved: z.boolean().optional(),
    satisfaction: z.number().int().min(1).max(5).optional(),
    comment: z.string().trim().max(2000).optional(),
    version: z.number().int().min(1),
  })
  .superRefine((b, ctx) => {
    if (b.outcome === 'reached') {
      if (b.solved === undefined) ctx.addIssue({ code: 'custom', path: ['solved'], message: 'required' });
      if (b.satisfaction === undefined) ctx.addIssue({ code: 'custom', path: ['satisfaction'], message: 'required' });
    } else {
      // A customer who was not reached gave no answer.
      if (b.solved !== undefined) ctx.addIssue({ code: 'custom', path: ['solved'], message: 'not_reached' });
      if (b.satisfaction !== undefined) ctx.addIssue({ code: 'custom', path: ['satisfaction'], message: 'not_reached' });
    }
  });
export type RevisitAttemptInput = z.infer<typeof revisitAttemptBody>;

export const revisitAssignBody = z.object({
  ids: z.array(idSchema).min(1).max(200),
  ownerId: idSchema,
});

// ---------------------------------------------------------------------------------------------
// Figures

export const REVISIT_STATS_GROUPS = ['site', 'owner', 'type', 'month'] as const;
export type RevisitStatsGroup = (typeof REVISIT_STATS_GROUPS)[number];

export const revisitStatsQuery = z.object({
  groupBy: z.enum(REVISIT_STATS_GROUPS).default('site'),
  /** due time from (inclusive) and to (exclusive); default the last three months */
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  siteId: idSchema.optional(),
});
export type RevisitStatsQuery = z.infer<typeof revisitStatsQuery>;

/**
 * The figures of a group of revisits falling due in the period (cancelled ones never count):
 * - due: revisits that fell due in the period;
 * - done: finished ones — the customer reached and answered, or given up (attempts used up, refused, wrong number);
 * - reached: completed revisits, where the customer was reached and answered (status done);
 * - satisfied: completed revisits with satisfaction 4 or 5 (and the matter solved);
 * - completionRate = done / due; reachRate = reached / done;
 * - satisfactionRate = satisfied / completed (= satisfied / reached): the revisit satisfaction rate.
 * Rates are fractions 0–1, null when the denominator is 0.
 */
export const revisitStatsRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  due: z.number().int(),
  done: z.number().int(),
  reached: z.number().int(),
  satisfied: z.number().int(),
  satisfactionRate: z.number().nullable(),
  completionRate: z.number().nullable(),
  reachRate: z.number().nullable(),
});
export type RevisitStatsRow = z.infer<typeof revisitStatsRowSchema>;
export const revisitStatsSchema = z.object({
  from: z.string(),
  to: z.string(),
  rows: z.array(revisitStatsRowSchema),
  total: revisitStatsRowSchema,
});
export type RevisitStats = z.infer<typeof revisitStatsSchema>;

/** The three rates of a group's counts; null where nothing was counted below the line. */
export function revisitRates(c: { due: number; done: number; reached: number; satisfied: number }) {
  const rate = (n: number, d: number) => (d > 0 ? n / d : null);
  return { satisfactionRate: rate(c.satisfied, c.reached), completionRate: rate(c.done, c.due), reachRate: rate(c.reached, c.done) };
}
