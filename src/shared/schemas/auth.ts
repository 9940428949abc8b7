import { z } from 'zod';
import { LOCALES, ROLES } from '../roles.js';
import { idSchema } from './common.js';

export const loginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const PASSWORD_MIN_LENGTH = 8;
export const passwordSchema = z.string().min(PASSWORD_MIN_LENGTH).max(256);

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: passwordSchema,
});

export const roleGrantSchema = z.object({
  role: z.enum(ROLES),
  siteId: idSchema.nullable().optional(),
});

export const sessionUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  locale: z.enum(LOCALES),
  mustChangePassword: z.boolean(),
});

export const meResponse = z.object({
  user: sessionUserSchema,
  organization: z.object({ id: z.string(), slug: z.string(), name: z.string(), timezone: z.string() }),
  roles: z.array(z.object({ role: z.enum(ROLES), siteId: z.string().nullable(), siteName: z.string().nullable() })),
  permissions: z.array(z.string()),
  csrfToken: z.string().nullable(),
});
export type Me = z.infer<typeof meResponse>;

export const updateMeBody = z.object({ locale: z.enum(LOCALES) });

export const tokenCreateBody = z.object({
  name: z.string().trim().min(1).max(100),
  /** The user whose permissions the token carries; defaults to the admin creating it. */
  userId: idSchema.optional(),
});
export const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  userId: z.string(),
  userName: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof tokenSchema>;
