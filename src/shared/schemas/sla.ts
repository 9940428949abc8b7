import { z } from 'zod';
import type { Role } from '../roles.js';
import { CASE_PRIORITIES, CASE_TYPES } from './cases.js';
import { idSchema, requiredText, versionField } from './common.js';

/**
 * Who hears of a breached case at each escalation level (index = level − 1): the site's supervisor
 * first, then the HQ specialist, the site director and finally the general manager.
 */
export const ESCALATION_CHAIN: readonly Role[] = ['supervisor', 'specialist', 'site_director', 'general_manager'];
export const MAX_ESCALATION_LEVEL = ESCALATION_CHAIN.length;

/** Business minutes a target may be at most: about a year of eight-hour working days. */
export const MAX_TARGET_MINUTES = 120_000;

const targetMinutes = z.number().int().min(1).max(MAX_TARGET_MINUTES);

export const slaPolicySchema = z.object({
  id: z.string(),
  caseType: z.enum(CASE_TYPES),
  priority: z.enum(CASE_PRIORITIES),
  /** null = the organisation's own target; a site id = an override for that site and the sites below it */
  siteId: z.string().nullable(),
  siteName: z.string().nullable(),
  firstResponseMinutes: z.number().int(),
  resolutionMinutes: z.number().int(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type SlaPolicy = z.infer<typeof slaPolicySchema>;

export const slaTargetSchema = z.object({
  caseType: z.enum(CASE_TYPES),
  priority: z.enum(CASE_PRIORITIES),
  firstResponseMinutes: z.number().int(),
  resolutionMinutes: z.number().int(),
});
export type SlaTarget = z.infer<typeof slaTargetSchema>;

export const slaPoliciesSchema = z.object({
  /** The organisation's policies and the site overrides the caller may see. */
  items: z.array(slaPolicySchema),
  /** The built-in targets that apply where no policy is set. */
  defaults: z.array(slaTargetSchema),
});
export type SlaPolicies = z.infer<typeof slaPoliciesSchema>;

export const slaPoliciesPutBody = z
  .object({
    /** null = organisation-wide targets; a site id = overrides for that site */
    siteId: idSchema.nullable(),
    policies: z
      .array(
        z.object({
          caseType: z.enum(CASE_TYPES),
          priority: z.enum(CASE_PRIORITIES),
          firstResponseMinutes: targetMinutes,
          resolutionMinutes: targetMinutes,
          /** the version read, for a policy that exists; a stale one is refused */
          version: versionField,
        }),
      )
      .min(1)
      .max(CASE_TYPES.length * CASE_PRIORITIES.length),
  })
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.policies.forEach((p, i) => {
      const key = `${p.caseType}/${p.priority}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', message: 'duplicate', path: ['policies', i, 'priority'] });
      seen.add(key);
      if (p.resolutionMinutes < p.firstResponseMinutes) {
        ctx.addIssue({ code: 'custom', message: 'resolution_before_first_response', path: ['policies', i, 'resolutionMinutes'] });
      }
    });
  });

const START = /^([01]\d|2[0-3]):[0-5]\d$/;
const END = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const workIntervalSchema = z.object({
  start: z.string().regex(START, 'invalid_time'),
  end: z.string().regex(END, 'invalid_time'),
});
export type WorkIntervalInput = z.infer<typeof workIntervalSchema>;

const dateSchema = z.string().regex(DATE, 'invalid_date');
const dayHours = z.array(workIntervalSchema).max(6);

export const calendarHolidaySchema = z.object({ date: z.string(), name: z.string() });
export const calendarMakeUpDaySchema = z.object({ date: z.string(), name: z.string(), hours: z.array(workIntervalSchema) });

export const businessCalendarSchema = z.object({
  /** The organisation's time zone: the hours are wall-clock times there. */
  timezone: z.string(),
  /** Working periods per weekday, Sunday first. */
  weeklyHours: z.array(z.array(workIntervalSchema)),
  holidays: z.array(calendarHolidaySchema),
  makeUpDays: z.array(calendarMakeUpDaySchema),
  /** 0 while the organisation still uses the default calendar */
  version: z.number().int(),
  updatedAt: z.string().nullable(),
});
export type BusinessCalendarView = z.infer<typeof businessCalendarSchema>;

export const businessCalendarPutBody = z.object({
  /** the version read (0 when the default calendar was shown) */
  version: z.number().int().min(0),
  weeklyHours: z.array(dayHours).length(7),
  holidays: z.array(z.object({ date: dateSchema, name: requiredText(40) })).max(500),
  /** 调休: a weekend day worked; without hours it is worked like a Monday */
  makeUpDays: z.array(z.object({ date: dateSchema, name: requiredText(40), hours: dayHours.optional() })).max(200),
});
export type BusinessCalendarInput = z.infer<typeof businessCalendarPutBody>;
