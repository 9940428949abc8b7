import { z } from 'zod';
import { normalizePhone } from '../phone.js';

export const idSchema = z.uuid();
export const idParams = z.object({ id: idSchema });

/** Trimmed text that must not be blank once trimmed. */
export const requiredText = (max: number) => z.string().trim().min(1).max(max);
export const optionalText = (max: number) => z.string().trim().max(max).optional();

export const phoneSchema = z
  .string()
  .max(32)
  .transform((value, ctx) => {
    const normalized = normalizePhone(value);
    if (!normalized) {
      ctx.addIssue({ code: 'custom', message: 'invalid_phone' });
      return z.NEVER;
    }
    return normalized;
  });

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  q: z.string().trim().max(100).optional(),
});
export type PageQuery = z.infer<typeof pageQuery>;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Optimistic concurrency: an update may carry the version it read; a stale one is refused. */
/**
 * A query parameter holding a comma-separated list of allowed values (`status=new,assigned`);
 * an unknown value is refused with `message` as the issue's code.
 */
export function commaListParam<T extends string>(allowed: readonly T[], message: string) {
  return z
    .string()
    .max(200)
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const list = v.split(',').map((s) => s.trim());
      for (const s of list) {
        if (!(allowed as readonly string[]).includes(s)) {
          ctx.addIssue({ code: 'custom', message });
          return z.NEVER;
        }
      }
      return list as T[];
    });
}

export const versionField = z.number().int().min(1).optional();

export const isoDateTime = z.iso.datetime({ offset: true });
