import { z } from 'zod';
import { CUSTOMER_TIERS, LOCALES } from '../roles.js';
import { idSchema, pageOf, pageQuery, requiredText } from './common.js';

/** A local calendar date YYYY-MM-DD (the organisation's time zone). */
const localDay = z.iso.date();

export const campaignAudienceSchema = z.object({
  /** only customers of these tiers (any tier when left out) */
  tiers: z.array(z.enum(CUSTOMER_TIERS)).max(CUSTOMER_TIERS.length).optional(),
  /** only customers carrying at least one of these tags */
  tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
  /** per site: invite this many, a reproducible random sample of those who qualify (all when left out) */
  sampleSize: z.number().int().min(1).max(100_000).optional(),
});
export type CampaignAudience = z.infer<typeof campaignAudienceSchema>;

export const campaignCreateBody = z
  .object({
    /** a published survey version: the campaign answers exactly this version */
    surveyId: idSchema,
    name: requiredText(100),
    siteIds: z.array(idSchema).min(1).max(500),
    startsOn: localDay,
    endsOn: localDay,
    audience: campaignAudienceSchema.default({}),
    /** responses hoped for on each site */
    targetPerSite: z.number().int().min(0).max(1_000_000).nullable().optional(),
  })
  .refine((b) => b.startsOn <= b.endsOn, { path: ['endsOn'], message: 'ends_before_start' });
export type CampaignInput = z.infer<typeof campaignCreateBody>;

export const CAMPAIGN_STATUSES = ['scheduled', 'open', 'ended'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

const localizedOut = z.object({ 'zh-CN': z.string(), 'zh-TW': z.string(), 'en-US': z.string() });

export const campaignSiteSchema = z.object({
  siteId: z.string(),
  siteName: z.string(),
  siteCode: z.string(),
  target: z.number().int().nullable(),
  /** the anonymous answer page of this site, relative to the web app's origin: /s/<orgSlug>/<campaignId>/<siteCode> */
  anonymousPath: z.string(),
});

export const campaignSchema = z.object({
  id: z.string(),
  name: z.string(),
  surveyId: z.string(),
  seriesId: z.string(),
  surveyTitle: localizedOut,
  versionNo: z.number().int(),
  startsOn: z.string(),
  endsOn: z.string(),
  /** by today's local date: before startsOn, within the period, after endsOn */
  status: z.enum(CAMPAIGN_STATUSES),
  audience: campaignAudienceSchema,
  /** the caller's sites of the campaign */
  sites: z.array(campaignSiteSchema),
  invited: z.number().int(),
  responses: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type Campaign = z.infer<typeof campaignSchema>;

/** An invitation's link token, handed out once (only its SHA-256 is kept): answer page /s/<token>. */
export const newInvitationSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  customerId: z.string(),
  /** masked for callers without customers.pii on the site */
  customerName: z.string(),
  token: z.string(),
});
export const invitationsCreatedSchema = z.object({ created: z.number().int(), invitations: z.array(newInvitationSchema) });
export type InvitationsCreated = z.infer<typeof invitationsCreatedSchema>;

export const campaignCreatedSchema = campaignSchema.extend({ newInvitations: z.array(newInvitationSchema) });
export type CampaignCreated = z.infer<typeof campaignCreatedSchema>;

export const campaignListQuery = pageQuery.extend({ status: z.enum(CAMPAIGN_STATUSES).optional() });
export const campaignListSchema = pageOf(campaignSchema);

/**
 * Per site: invited customers, responses (through invitations and anonymous links), and the
 * response rate: invited responses ÷ invited when the site has invitations; otherwise (an
 * anonymous-only campaign) all responses ÷ target; null when neither exists. `rateBasis` says which.
 */
export const progressRowSchema = z.object({
  siteId: z.string(),
  siteName: z.string(),
  target: z.number().int().nullable(),
  invited: z.number().int(),
  invitedResponses: z.number().int(),
  anonymousResponses: z.number().int(),
  responses: z.number().int(),
  responseRate: z.number().nullable(),
  rateBasis: z.enum(['invited', 'target']).nullable(),
});
export type ProgressRow = z.infer<typeof progressRowSchema>;
export const campaignProgressSchema = z.object({ campaignId: z.string(), sites: z.array(progressRowSchema), total: progressRowSchema.omit({ siteId: true, siteName: true }) });
export type CampaignProgress = z.infer<typeof campaignProgressSchema>;

// ---------------------------------------------------------------------------------------------
// The public answer page

export const answerTokenParams = z.object({ token: z.string().min(10).max(200) });
export const answerSiteParams = z.object({ orgSlug: z.string().min(1).max(60), campaignId: idSchema, siteCode: z.string().min(1).max(40) });

/** What the answer page shows: the survey to answer, or why it cannot be answered. */
export const publicSurveySchema = z.object({
  organization: z.object({ name: z.string() }),
  campaign: z.object({ name: z.string(), startsOn: z.string(), endsOn: z.string() }),
  site: z.object({ name: z.string() }),
  /** open: answer it; closed: outside the campaign's dates; answered: this invitation already has its response */
  state: z.enum(['open', 'closed', 'answered']),
  definition: z.any(),
});
export type PublicSurvey = Omit<z.infer<typeof publicSurveySchema>, 'definition'> & { definition: import('../surveys/definition.js').SurveyDefinition };

export const publicAnswerBody = z.object({
  locale: z.enum(LOCALES).optional(),
  answers: z.record(z.string().max(40), z.unknown()).refine((a) => Object.keys(a).length <= 500, 'too_many_answers'),
});
export const publicAnswerCreated = z.object({ ok: z.literal(true) });
