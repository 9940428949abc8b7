import { z } from 'zod';
import { LOCALES } from '../roles.js';
import { surveyDefinitionSchema } from '../surveys/definition.js';
import { SURVEY_TEMPLATES } from '../surveys/templates.js';
import { CASE_STATUSES } from '../cases/state-machine.js';
import { CASE_PRIORITIES, CASE_TYPES } from './cases.js';
import { idSchema, isoDateTime, optionalText, pageOf, pageQuery, requiredText } from './common.js';

export const SURVEY_STATUSES = ['draft', 'published'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

/** How a response reached us: the customer online or by QR code, or staff entering a phone call, a paper form or a visit; or an import. */
export const SURVEY_CHANNELS = ['online', 'qr', 'phone', 'paper', 'visit', 'import'] as const;
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];

const localizedOut = z.object({ 'zh-CN': z.string(), 'zh-TW': z.string(), 'en-US': z.string() });

export const surveyCreateBody = z.object({ definition: surveyDefinitionSchema });

/**
 * A draft is edited in place (at `version`). Editing a published version creates the series'
 * next draft with this definition (409 when the series already has a draft: edit that one).
 */
export const surveyUpdateBody = z.object({ definition: surveyDefinitionSchema, version: z.number().int().min(1) });

export const surveyPublishBody = z.object({ version: z.number().int().min(1).optional() }).default({});

export const surveyFromTemplateBody = z.object({ template: z.enum(SURVEY_TEMPLATES) });

export const surveyVersionSchema = z.object({
  id: z.string(),
  versionNo: z.number().int(),
  status: z.enum(SURVEY_STATUSES),
  publishedAt: z.string().nullable(),
  responseCount: z.number().int(),
});
export type SurveyVersion = z.infer<typeof surveyVersionSchema>;

export const surveySchema = z.object({
  id: z.string(),
  seriesId: z.string(),
  versionNo: z.number().int(),
  status: z.enum(SURVEY_STATUSES),
  template: z.enum(SURVEY_TEMPLATES).nullable(),
  title: localizedOut,
  // The definition as stored (validated when written); the browser reads it with the shared types.
  definition: z.any(),
  questionCount: z.number().int(),
  responseCount: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  /** every version of the series, newest first */
  versions: z.array(surveyVersionSchema),
});
export type Survey = Omit<z.infer<typeof surveySchema>, 'definition'> & { definition: import('../surveys/definition.js').SurveyDefinition };

export const surveyListQuery = pageQuery.extend({
  status: z.enum(SURVEY_STATUSES).optional(),
});

/** One row per series: its newest version, and the list of versions. */
export const surveyListItemSchema = z.object({
  id: z.string(),
  seriesId: z.string(),
  versionNo: z.number().int(),
  status: z.enum(SURVEY_STATUSES),
  template: z.enum(SURVEY_TEMPLATES).nullable(),
  title: localizedOut,
  questionCount: z.number().int(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  /** responses to every version of the series in the caller's sites */
  responseCount: z.number().int(),
  versions: z.array(surveyVersionSchema),
});
export type SurveyListItem = z.infer<typeof surveyListItemSchema>;
export const surveyListSchema = pageOf(surveyListItemSchema);

export const surveyResponseCreateBody = z.object({
  siteId: idSchema,
  customerId: idSchema.nullable().optional(),
  /** when the customer answered (a paper form entered later); now when left out; not in the future */
  submittedAt: isoDateTime.optional(),
  channel: z.enum(SURVEY_CHANNELS).default('phone'),
  locale: z.enum(LOCALES).optional(),
  /** question key → answer: option key, option keys, number, {expectation, perception}, {tangibles, …} summing to 100, text, or details */
  answers: z.record(z.string().max(40), z.unknown()).refine((a) => Object.keys(a).length <= 500, 'too_many_answers'),
});
export type SurveyResponseInput = z.infer<typeof surveyResponseCreateBody>;

/** A low score or comment turned into a case (questionKey '' = about the whole response). */
export const surveyFollowUpSchema = z.object({
  id: z.string(),
  questionKey: z.string(),
  caseId: z.string(),
  caseNumber: z.string(),
  caseStatus: z.enum(CASE_STATUSES),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type SurveyFollowUp = z.infer<typeof surveyFollowUpSchema>;

export const surveyResponseSchema = z.object({
  id: z.string(),
  surveyId: z.string(),
  seriesId: z.string(),
  versionNo: z.number().int(),
  siteId: z.string(),
  siteName: z.string(),
  customerId: z.string().nullable(),
  /** masked for roles without customers.pii on the site */
  customerName: z.string().nullable(),
  channel: z.enum(SURVEY_CHANNELS),
  locale: z.string().nullable(),
  submittedAt: z.string(),
  enteredBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
  answers: z.record(z.string(), z.any()),
  /** cases opened from this response's low scores and comments, with their live status */
  followUps: z.array(surveyFollowUpSchema),
});
export type SurveyResponse = z.infer<typeof surveyResponseSchema>;


/**
 * Turn a response (one of its questions, or the whole response) into a case. The type defaults to
 * a complaint for a low score and a suggestion for a comment; the title to the question's text.
 */
export const surveyFollowUpBody = z.object({
  questionKey: z.string().trim().min(1).max(64).optional(),
  type: z.enum(CASE_TYPES).optional(),
  priority: z.enum(CASE_PRIORITIES).default('normal'),
  title: requiredText(200).optional(),
  note: optionalText(2000),
});

export const surveyResponseListQuery = pageQuery.extend({
  siteId: idSchema.optional(),
});
export const surveyResponseListSchema = pageOf(surveyResponseSchema);
