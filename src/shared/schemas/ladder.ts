import { z } from 'zod';
import { SIGNAL_CODES, STAGES } from '../ladder/ladder.js';
import { commaListParam } from './common.js';

export const stageSchema = z.enum(STAGES);

/** One reason for a case's ladder stage; `evidence` has the shape of its code (src/shared/ladder). */
export const stageSignalSchema = z.object({
  code: z.enum(SIGNAL_CODES),
  points: z.number(),
  floor: stageSchema,
  evidence: z.record(z.string(), z.unknown()),
});

/** `stage=expressed,potential_complaint` on the case list, like `status`. */
export const stageListParam = commaListParam(STAGES, 'invalid_stage');
