import { z } from 'zod';
import { STAGES } from '../ladder/ladder.js';
import { CUSTOMER_TIERS, LOCALES, ROLES, SITE_KINDS } from '../roles.js';
import { idSchema, optionalText, pageQuery, phoneSchema, requiredText, versionField } from './common.js';
import { passwordSchema, roleGrantSchema } from './auth.js';

// ---- organisation ------------------------------------------------------------------------------

/** Slugs the portal's own paths use (/p/track/<number>): no organisation may take them. */
export const RESERVED_SLUGS: readonly string[] = ['track'];

/** The organisation's URL slug, as in /p/<slug> for its public portal. */
export const orgSlug = z
  .string()
  .trim()
  .min(2)
  .max(40)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'slug_format')
  .refine((slug) => !RESERVED_SLUGS.includes(slug), 'slug_reserved');

export const organizationSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  timezone: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Organization = z.infer<typeof organizationSchema>;

export const organizationUpdateBody = z.object({
  name: requiredText(100).optional(),
  slug: orgSlug.optional(),
  timezone: z
    .string()
    .max(64)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'timezone_invalid')
    .optional(),
});

// ---- sites -------------------------------------------------------------------------------------

export const siteCode = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'code_format');

export const siteCreateBody = z.object({
  name: requiredText(100),
  code: siteCode,
  parentId: idSchema.nullable().optional(),
  kind: z.enum(SITE_KINDS).default('site'),
  address: optionalText(200),
  phone: optionalText(32),
});
export const siteUpdateBody = z.object({
  name: requiredText(100).optional(),
  code: siteCode.optional(),
  parentId: idSchema.nullable().optional(),
  kind: z.enum(SITE_KINDS).optional(),
  address: optionalText(200),
  phone: optionalText(32),
  active: z.boolean().optional(),
  version: versionField,
});
export const siteListQuery = pageQuery.extend({
  parentId: idSchema.optional(),
  kind: z.enum(SITE_KINDS).optional(),
});
export const siteSchema = z.object({
  id: z.string(),
  name: z.string(),
  code: z.string(),
  parentId: z.string().nullable(),
  kind: z.enum(SITE_KINDS),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Site = z.infer<typeof siteSchema>;

// ---- users -------------------------------------------------------------------------------------

export const username = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'username_format')
  .transform((v) => v.toLowerCase());

export const userCreateBody = z.object({
  username,
  name: requiredText(64),
  password: passwordSchema,
  roles: z.array(roleGrantSchema).max(50).default([]),
  phone: optionalText(32),
  email: z.email().max(200).optional(),
  locale: z.enum(LOCALES).default('zh-CN'),
});
export const userUpdateBody = z.object({
  name: requiredText(64).optional(),
  roles: z.array(roleGrantSchema).max(50).optional(),
  phone: optionalText(32),
  email: z.email().max(200).nullable().optional(),
  locale: z.enum(LOCALES).optional(),
  active: z.boolean().optional(),
  /** An administrator's reset; the user must change it at next login. */
  password: passwordSchema.optional(),
  /** Lift a lock-out after repeated failed logins. */
  unlock: z.literal(true).optional(),
  version: versionField,
});
export const userListQuery = pageQuery.extend({
  role: z.enum(ROLES).optional(),
  siteId: idSchema.optional(),
  active: z.enum(['true', 'false']).optional(),
});
export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  locale: z.enum(LOCALES),
  active: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  roles: z.array(z.object({ role: z.enum(ROLES), siteId: z.string().nullable(), siteName: z.string().nullable() })),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

// ---- customers ---------------------------------------------------------------------------------

export const consentSchema = z.object({
  sms: z.boolean().default(false),
  email: z.boolean().default(false),
  survey: z.boolean().default(false),
});

export const tagsSchema = z.array(z.string().trim().min(1).max(20)).max(20);

export const customerCreateBody = z.object({
  name: requiredText(64),
  phone: phoneSchema,
  siteId: idSchema,
  tier: z.enum(CUSTOMER_TIERS).default('ordinary'),
  /** Building / unit / room, e.g. 3栋2单元1502. */
  unit: optionalText(64),
  address: optionalText(200),
  phone2: phoneSchema.optional(),
  email: z.email().max(200).optional(),
  tags: tagsSchema.default([]),
  consent: consentSchema.default({ sms: false, email: false, survey: false }),
  notes: optionalText(1000),
});
export const customerUpdateBody = z.object({
  name: requiredText(64).optional(),
  phone: phoneSchema.optional(),
  siteId: idSchema.optional(),
  tier: z.enum(CUSTOMER_TIERS).optional(),
  unit: optionalText(64),
  address: optionalText(200),
  phone2: phoneSchema.nullable().optional(),
  email: z.email().max(200).nullable().optional(),
  tags: tagsSchema.optional(),
  consent: consentSchema.partial().optional(),
  notes: optionalText(1000),
  version: versionField,
});
export const customerListQuery = pageQuery.extend({
  siteId: idSchema.optional(),
  tier: z.enum(CUSTOMER_TIERS).optional(),
  tag: z.string().trim().max(20).optional(),
});
export const customerSchema = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string(),
  phone2: z.string().nullable(),
  email: z.string().nullable(),
  siteId: z.string(),
  siteName: z.string(),
  tier: z.enum(CUSTOMER_TIERS),
  unit: z.string().nullable(),
  address: z.string().nullable(),
  tags: z.array(z.string()),
  consent: z.object({ sms: z.boolean(), email: z.boolean(), survey: z.boolean() }),
  notes: z.string().nullable(),
  /** Dissatisfaction ladder: the highest stage of the customer's open cases and recent scores (derived). */
  stage: z.enum(STAGES),
  /** True when name and phones are masked for the caller's role. */
  masked: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Customer = z.infer<typeof customerSchema>;

// ---- audit -------------------------------------------------------------------------------------

export const auditQuery = pageQuery.extend({
  entity: z.string().trim().max(40).optional(),
  entityId: z.string().trim().max(64).optional(),
  actor: z.string().trim().max(64).optional(),
  action: z.string().trim().max(40).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export const auditEventSchema = z.object({
  id: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  ip: z.string().nullable(),
  createdAt: z.string(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;
