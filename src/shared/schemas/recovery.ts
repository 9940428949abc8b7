import { z } from 'zod';
import { ROLES } from '../roles.js';
import { attributionClassSchema } from './causes.js';
import { isoDateTime } from './common.js';

export const EXPLANATION_METHODS = ['phone', 'visit', 'letter', 'email', 'message', 'in_person'] as const;
export const COMPENSATION_TYPES = ['none', 'refund', 'discount', 'gift', 'free_service', 'cash', 'other'] as const;
export type CompensationType = (typeof COMPENSATION_TYPES)[number];
/** Money changes hands: these need an amount; a gift or a free service may be recorded at no value. */
export const MONEY_COMPENSATION: readonly CompensationType[] = ['refund', 'discount', 'cash'];
export const RECOVERY_STATUSES = ['approved', 'pending_approval', 'rejected'] as const;

/** ¥1,000,000 in fen: far above any real compensation, low enough that a typo is caught. */
export const MAX_COMPENSATION_FEN = 100_000_000;
const fen = z.number().int().min(0).max(MAX_COMPENSATION_FEN);

export const recoveryBody = z
  .object({
    attributionClass: attributionClassSchema,
    /** When the failure was reported, if not when the case was recorded (e.g. reported at the counter the day before). */
    failureReportedAt: isoDateTime.optional(),
    explanation: z
      .object({
        givenAt: isoDateTime,
        method: z.enum(EXPLANATION_METHODS),
        text: z.string().trim().min(1).max(2000),
      })
      .nullable()
      .default(null),
    compensation: z.object({
      type: z.enum(COMPENSATION_TYPES),
      amountFen: fen,
      note: z.string().trim().max(500).optional(),
    }),
    /** The recovery's version; left out when the case has none yet. */
    version: z.number().int().min(1).optional(),
  })
  .superRefine((b, ctx) => {
    const { type, amountFen } = b.compensation;
    if (type === 'none' && amountFen !== 0) ctx.addIssue({ code: 'custom', path: ['compensation', 'amountFen'], message: 'amount_without_compensation' });
    if (MONEY_COMPENSATION.includes(type) && amountFen === 0) ctx.addIssue({ code: 'custom', path: ['compensation', 'amountFen'], message: 'amount_required' });
  });

export const recoveryDecisionBody = z.object({
  note: z.string().trim().max(500).optional(),
  version: z.number().int().min(1),
});

export const recoverySchema = z.object({
  id: z.string(),
  attributionClass: attributionClassSchema,
  failureReportedAt: z.string(),
  explanation: z.object({ givenAt: z.string(), method: z.enum(EXPLANATION_METHODS), text: z.string() }).nullable(),
  compensation: z.object({ type: z.enum(COMPENSATION_TYPES), amountFen: z.number().int(), note: z.string().nullable() }),
  status: z.enum(RECOVERY_STATUSES),
  requestedBy: z.object({ id: z.string(), name: z.string() }),
  requestedAt: z.string(),
  /** who authorised it (within their own limit, or by approving the request) or rejected it */
  decidedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  /** explanation given and compensation authorised; null while either is missing */
  recoveredAt: z.string().nullable(),
  recoveryMinutes: z.number().int().nullable(),
  /** whether the caller may approve or reject it now */
  canDecide: z.boolean(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type Recovery = z.infer<typeof recoverySchema>;

/** Roles that can hold a compensation limit (administrators do not handle cases). */
export const LIMIT_ROLES = ROLES.filter((r) => r !== 'admin');
const limitRole = z.enum(LIMIT_ROLES as [typeof LIMIT_ROLES[number], ...typeof LIMIT_ROLES[number][]]);

export const compensationLimitSchema = z.object({
  role: limitRole,
  /** null = no limit */
  limitFen: z.number().int().nullable(),
  isDefault: z.boolean(),
});
export const compensationLimitListSchema = z.object({ items: z.array(compensationLimitSchema) });
export type CompensationLimit = z.infer<typeof compensationLimitSchema>;

export const compensationLimitsBody = z.object({
  limits: z
    .array(z.object({ role: limitRole, limitFen: fen.nullable() }))
    .min(1)
    .max(LIMIT_ROLES.length)
    .refine((list) => new Set(list.map((l) => l.role)).size === list.length, { message: 'duplicate' }),
});
