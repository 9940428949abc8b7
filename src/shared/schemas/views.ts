import { z } from 'zod';
import { caseListQuery } from './cases.js';
import { requiredText } from './common.js';

/** The case-list parameters a saved view may hold: the list's own filters and sort, never paging. */
export const SAVED_VIEW_KEYS = Object.keys(caseListQuery.shape).filter((k) => k !== 'page' && k !== 'pageSize');

/**
 * A saved view's query, as the list's query string holds it (`{status: 'new,assigned', sort: '-priority'}`).
 * It is checked against the list's own schema, so a view can never hold a filter the list would refuse.
 */
export const savedViewQuery = z
  .record(z.string().max(40), z.string().max(200))
  .superRefine((query, ctx) => {
    const keys = Object.keys(query);
    if (keys.length > SAVED_VIEW_KEYS.length) {
      ctx.addIssue({ code: 'custom', message: 'too_big', path: [] });
      return;
    }
    for (const key of keys) {
      if (!SAVED_VIEW_KEYS.includes(key)) ctx.addIssue({ code: 'custom', message: 'unknown_filter', path: [key] });
    }
    const parsed = caseListQuery.safeParse(query);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path as (string | number)[] });
    }
  });

export const savedViewCreateBody = z.object({
  name: requiredText(60),
  query: savedViewQuery,
});

export const savedViewUpdateBody = z.object({
  name: requiredText(60).optional(),
  query: savedViewQuery.optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});

export const savedViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  query: z.record(z.string(), z.string()),
  position: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedView = z.infer<typeof savedViewSchema>;

export const savedViewListSchema = z.object({ items: z.array(savedViewSchema) });
