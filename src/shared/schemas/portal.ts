import { z } from 'zod';
import { CASE_STATUSES } from '../cases/state-machine.js';
import { LOCALES } from '../roles.js';
import { ATTACHMENT_TYPES } from './attachments.js';
import { CASE_TYPES } from './cases.js';
import { optionalText, phoneSchema, requiredText } from './common.js';

/** Every customer-facing type may be raised on the portal. */
export const PORTAL_CASE_TYPES = CASE_TYPES;

export const orgSlugParams = z.object({ orgSlug: z.string().min(1).max(64) });
export const portalFormQuery = z.object({ site: z.string().trim().min(1).max(64).optional() });

export const portalFormSchema = z.object({
  organization: z.object({ name: z.string(), slug: z.string() }),
  /** the sites a customer may choose: active sites with no sites below them */
  sites: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
  /** set when the link named a site (`/p/<org>/<siteCode>`) */
  site: z.object({ id: z.string(), code: z.string(), name: z.string() }).nullable(),
  types: z.array(z.enum(PORTAL_CASE_TYPES)),
  consent: z.record(z.enum(LOCALES), z.string()),
  maxFileBytes: z.number().int(),
});
export type PortalForm = z.infer<typeof portalFormSchema>;

/** Multipart forms send every field as text: "true"/"on" count as ticked. */
const ticked = z.preprocess((v) => (v === 'true' || v === 'on' || v === '1' ? true : v), z.literal(true, { message: 'consent_required' }));

export const portalCaseBody = z
  .object({
    type: z.enum(PORTAL_CASE_TYPES),
    siteId: z.uuid().optional(),
    siteCode: z.string().trim().min(1).max(64).optional(),
    name: requiredText(64),
    phone: phoneSchema,
    title: optionalText(200),
    description: requiredText(5000),
    consent: ticked,
    /** The honeypot: hidden from people, filled in by form-filling robots. Must stay empty. */
    website: z.string().max(500).optional(),
  })
  .refine((b) => b.siteId || b.siteCode, { message: 'required', path: ['siteId'] });
export type PortalCaseInput = z.infer<typeof portalCaseBody>;

export const portalCaseCreated = z.object({ number: z.string(), trackingToken: z.string() });

export const portalCaseParams = z.object({ number: z.string().min(1).max(64) });
export const portalTokenQuery = z.object({ token: z.string().max(200).optional() });
export const portalAttachmentParams = portalCaseParams.extend({ attachmentId: z.uuid() });

export const portalReplyBody = z.object({ body: requiredText(5000) });

export const portalAttachmentSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  contentType: z.enum(ATTACHMENT_TYPES),
  size: z.number().int(),
  createdAt: z.string(),
});

export const portalMessageSchema = z.object({
  id: z.string(),
  /** staff: a public reply; customer: the customer's own reply */
  from: z.enum(['staff', 'customer']),
  /** the member of staff's name, masked (王*), so that customers know a person answered without learning who */
  staffName: z.string().nullable(),
  body: z.string(),
  attachments: z.array(portalAttachmentSchema),
  createdAt: z.string(),
});

/** What the holder of a tracking link sees: never internal notes, assignees or anyone's contact details. */
export const portalCaseView = z.object({
  number: z.string(),
  type: z.enum(CASE_TYPES),
  status: z.enum(CASE_STATUSES),
  organizationName: z.string(),
  /** for the "submit a new request" link */
  organizationSlug: z.string(),
  siteName: z.string(),
  title: z.string(),
  description: z.string(),
  /** attachments sent with the request itself */
  attachments: z.array(portalAttachmentSchema),
  messages: z.array(portalMessageSchema),
  /** the customer may still reply (not closed, cancelled or merged) */
  canReply: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PortalCaseView = z.infer<typeof portalCaseView>;
