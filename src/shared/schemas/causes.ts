import { z } from 'zod';
import { requiredText, versionField } from './common.js';

/** Attribution classes: 1 quality/function/price, 2 service and handling, 3 the customer's own reason, 4 force majeure or unknown. */
export const ATTRIBUTION_CLASSES = [1, 2, 3, 4] as const;
export const attributionClassSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
export type AttributionClass = z.infer<typeof attributionClassSchema>;

/** A stable cause identifier: reports and the classifier key on it, so it is never renamed. */
export const causeCodeValue = z
  .string()
  .trim()
  .min(2)
  .max(40)
  .regex(/^[A-Z][A-Z0-9_]*$/, 'code_format');

/** The cause's name in each product language. */
export const causeNamesSchema = z.object({
  'zh-CN': requiredText(100),
  'zh-TW': requiredText(100),
  'en-US': requiredText(100),
});

/** Words that point to the cause in a complaint's text (matched after Traditional → Simplified normalisation). */
export const causeKeywordsSchema = z.array(z.string().trim().min(1).max(40)).max(100);

export const causeCodeCreateBody = z.object({
  code: causeCodeValue,
  name: causeNamesSchema,
  attributionClass: attributionClassSchema,
  keywords: causeKeywordsSchema.default([]),
  sortOrder: z.number().int().min(0).max(1_000_000).optional(),
});

/** The code itself is not editable: coded cases and the trained model refer to it. */
export const causeCodeUpdateBody = z.object({
  name: causeNamesSchema.partial().optional(),
  attributionClass: attributionClassSchema.optional(),
  keywords: causeKeywordsSchema.optional(),
  active: z.boolean().optional(),
  sortOrder: z.number().int().min(0).max(1_000_000).optional(),
  version: versionField,
});

export const causeCodeSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.object({ 'zh-CN': z.string(), 'zh-TW': z.string(), 'en-US': z.string() }),
  attributionClass: attributionClassSchema,
  keywords: z.array(z.string()),
  active: z.boolean(),
  sortOrder: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CauseCode = z.infer<typeof causeCodeSchema>;

export const causeCodeListSchema = z.object({ items: z.array(causeCodeSchema) });

/** Codes a case's cause; null clears it. Carries the case version it read, optionally. */
export const caseCauseBody = z.object({
  causeCode: z.string().trim().min(1).max(40).nullable(),
  version: versionField,
});

export const causeSuggestionSchema = z.object({
  code: z.string(),
  name: z.object({ 'zh-CN': z.string(), 'zh-TW': z.string(), 'en-US': z.string() }),
  attributionClass: attributionClassSchema,
  /** 0–1: the keyword evidence blended with the organisation's model, weighted by how much it has learnt */
  confidence: z.number(),
  /** the keywords and words that drove the suggestion */
  reasons: z.array(z.string()),
  source: z.enum(['keywords', 'model', 'both']),
});
export type CauseSuggestionItem = z.infer<typeof causeSuggestionSchema>;

export const causeSuggestionListSchema = z.object({
  items: z.array(causeSuggestionSchema),
  /** coded cases the organisation's model has learnt from; it is consulted from MIN_TRAINING_EXAMPLES on */
  modelExamples: z.number().int(),
});
