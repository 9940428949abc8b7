import { z } from 'zod';
import { CASE_STATUSES } from '../cases/state-machine.js';
import { CASE_PRIORITIES, CASE_TYPES } from './cases.js';
import { idSchema, isoDateTime, optionalText, pageQuery, requiredText } from './common.js';
import { CONTACT_CHANNELS } from './plans.js';
import { CUSTOMER_TIERS } from '../roles.js';

export const recordCreateBody = z.object({
  customerId: idSchema,
  /** the revisit this contact was made for, if any */
  revisitId: idSchema.optional(),
  channel: z.enum(CONTACT_CHANNELS),
  /** when the contact happened; now when absent */
  occurredAt: isoDateTime.optional(),
  /** who made the contact; the caller when absent */
  staffId: idSchema.optional(),
  topics: z.array(requiredText(30)).max(10).default([]),
  opinion: optionalText(2000),
  problems: z.array(z.object({ description: requiredText(1000) })).max(20).default([]),
});

export const recordListQuery = pageQuery.extend({
  siteId: idSchema.optional(),
  customerId: idSchema.optional(),
  staffId: idSchema.optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
});

export const problemCaseBody = z.object({
  type: z.enum(CASE_TYPES).default('repair'),
  priority: z.enum(CASE_PRIORITIES).default('normal'),
  title: requiredText(200).optional(),
});
export const problemParams = z.object({ id: idSchema, problemId: idSchema });

export const communicationProblemSchema = z.object({
  id: z.string(),
  position: z.number().int(),
  description: z.string(),
  /** the case the problem became, followed until solved */
  case: z.object({ id: z.string(), number: z.string(), status: z.enum(CASE_STATUSES) }).nullable(),
});
export type CommunicationProblem = z.infer<typeof communicationProblemSchema>;

export const communicationRecordSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  siteName: z.string(),
  customerId: z.string(),
  /** masked for callers without customers.pii on the site */
  customerName: z.string(),
  customerTier: z.enum(CUSTOMER_TIERS),
  revisitId: z.string().nullable(),
  channel: z.enum(CONTACT_CHANNELS),
  occurredAt: z.string(),
  staffId: z.string(),
  staffName: z.string(),
  topics: z.array(z.string()),
  opinion: z.string().nullable(),
  problems: z.array(communicationProblemSchema),
  createdBy: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type CommunicationRecord = z.infer<typeof communicationRecordSchema>;
