import { z } from 'zod';
import { CADENCES, isValidDate } from '../revisits/cadence.js';
import { CUSTOMER_TIERS } from '../roles.js';
import { idSchema, optionalText, pageQuery, requiredText } from './common.js';

/** How a contact with a customer is made: a plan's channel, a communication record's channel. */
export const CONTACT_CHANNELS = ['phone', 'visit', 'wechat', 'sms', 'email', 'meeting'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** A local calendar date 'YYYY-MM-DD' that exists (no 30 Feb). */
export const localDateSchema = z.string().refine(isValidDate, 'invalid_date');

export const planCreateBody = z
  .object({
    /** one customer … */
    customerId: idSchema.optional(),
    /** … or every live customer of a tier (on siteId and the sites below it; all sites when absent) */
    tier: z.enum(CUSTOMER_TIERS).optional(),
    siteId: idSchema.nullable().optional(),
    name: requiredText(100),
    cadence: z.enum(CADENCES),
    channel: z.enum(CONTACT_CHANNELS),
    ownerId: idSchema,
    startDate: localDateSchema,
    note: optionalText(1000),
  })
  .superRefine((b, ctx) => {
    if (!b.customerId === !b.tier) ctx.addIssue({ code: 'custom', path: [b.customerId ? 'tier' : 'customerId'], message: 'customer_or_tier' });
  });

export const planUpdateBody = z.object({
  name: requiredText(100).optional(),
  /** tier plans only */
  tier: z.enum(CUSTOMER_TIERS).optional(),
  /** tier plans only; null = every site */
  siteId: idSchema.nullable().optional(),
  cadence: z.enum(CADENCES).optional(),
  channel: z.enum(CONTACT_CHANNELS).optional(),
  ownerId: idSchema.optional(),
  startDate: localDateSchema.optional(),
  note: z.string().trim().max(1000).nullable().optional(),
  active: z.boolean().optional(),
  version: z.number().int().min(1),
});

export const planDeactivateBody = z.object({ version: z.number().int().min(1) });

export const planListQuery = pageQuery.extend({
  siteId: idSchema.optional(),
  customerId: idSchema.optional(),
  /** the plans that reach this customer: their own and those of their tier on their site or above it */
  forCustomerId: idSchema.optional(),
  tier: z.enum(CUSTOMER_TIERS).optional(),
  ownerId: idSchema.optional(),
  cadence: z.enum(CADENCES).optional(),
  active: z.enum(['true', 'false']).optional(),
});

export const planSchema = z.object({
  id: z.string(),
  name: z.string(),
  siteId: z.string().nullable(),
  siteName: z.string().nullable(),
  customerId: z.string().nullable(),
  /** masked for callers without customers.pii on the customer's site */
  customerName: z.string().nullable(),
  tier: z.enum(CUSTOMER_TIERS).nullable(),
  cadence: z.enum(CADENCES),
  channel: z.enum(CONTACT_CHANNELS),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  startDate: z.string(),
  active: z.boolean(),
  note: z.string().nullable(),
  /** the next due dates from today (organisation time zone) */
  nextDue: z.array(z.object({ date: z.string(), period: z.string() })),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RevisitPlan = z.infer<typeof planSchema>;

/** The overdue and due-today plan revisits on the caller's sites (the workbench card). */
export const planRevisitSummarySchema = z.object({ overdue: z.number().int(), dueToday: z.number().int() });
export type PlanRevisitSummary = z.infer<typeof planRevisitSummarySchema>;
