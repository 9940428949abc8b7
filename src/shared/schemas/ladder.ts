import { z } from 'zod';
import { SIGNAL_CODES, STAGES } from '../ladder/ladder.js';

export const stageSchema = z.enum(STAGES);

/** One reason for a case's ladder stage; `evidence` has the shape of its code (src/shared/ladder). */
export const stageSignalSchema = z.object({
  code: z.enum(SIGNAL_CODES),
  points: z.number(),
  floor: stageSchema,
  evidence: z.record(z.string(), z.unknown()),
});

/** `stage=expressed,potential_complaint` on the case list, like `status`. */
export const stageListParam = z
  .string()
  .max(200)
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    const list = v.split(',').map((s) => s.trim());
    for (const s of list) {
      if (!(STAGES as readonly string[]).includes(s)) {
        ctx.addIssue({ code: 'custom', message: 'invalid_stage' });
        return z.NEVER;
      }
    }
    return list as (typeof STAGES)[number][];
  });
