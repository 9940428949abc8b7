import { AppError } from '../../../shared/errors.js';
import type { Locale } from '../../../shared/roles.js';
import type { PublicSurvey } from '../../../shared/schemas/campaigns.js';
import { answerRows, validateAnswers } from '../../../shared/surveys/answers.js';
import { recordSurveyScores } from '../surveys/survey-scores.js';
import type { SurveyDefinition } from '../../../shared/surveys/definition.js';
import type { Db } from '../../db/database.js';
import type { SurveyAnswerRow, SurveyCampaignRow, SurveyInvitationRow } from '../../db/types.js';
import { newId, nowIso, sha256 } from '../../lib/ids.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import type { Executor } from '../context.js';
import * as surveyRepo from '../surveys/surveys.repository.js';
import * as repo from './campaigns.repository.js';
import { campaignStatus, orgToday } from './campaigns.service.js';

/*
 * The public answer page's API (no sign-in): an invitation by its token (one response), or a
 * campaign site's anonymous link (/s/<orgSlug>/<campaignId>/<siteCode>, any number of responses).
 * Unknown tokens and links answer 404 alike; outside the campaign's dates the page is closed.
 */

const notFound = () => new AppError('not_found', 'This survey link is not valid');

interface Target {
  campaign: SurveyCampaignRow;
  siteId: string;
  invitation: SurveyInvitationRow | null;
}

async function byToken(db: Executor, token: string): Promise<Target> {
  const invitation = await repo.findInvitationByHash(db, sha256(token));
  if (!invitation) throw notFound();
  const campaign = await repo.findCampaign(db, invitation.org_id, invitation.campaign_id);
  if (!campaign) throw notFound();
  return { campaign, siteId: invitation.site_id, invitation };
}

async function bySite(db: Executor, orgSlug: string, campaignId: string, siteCode: string): Promise<Target> {
  const org = await db.selectFrom('organizations').select('id').where('slug', '=', orgSlug.toLowerCase()).executeTakeFirst();
  if (!org) throw notFound();
  const campaign = await repo.findCampaign(db, org.id, campaignId);
  if (!campaign) throw notFound();
  const site = await db
    .selectFrom('survey_campaign_sites as cs')
    .innerJoin('sites as s', 's.id', 'cs.site_id')
    .select('s.id')
    .where('cs.org_id', '=', org.id)
    .where('cs.campaign_id', '=', campaignId)
    .where((eb) => eb(eb.fn('lower', ['s.code']), '=', siteCode.toLowerCase()))
    .executeTakeFirst();
  if (!site) throw notFound();
  return { campaign, siteId: site.id, invitation: null };
}

async function show(db: Executor, target: Target): Promise<PublicSurvey> {
  const { campaign, siteId, invitation } = target;
  const [org, site, survey, today] = await Promise.all([
    db.selectFrom('organizations').select('name').where('id', '=', campaign.org_id).executeTakeFirstOrThrow(),
    db.selectFrom('sites').select('name').where('id', '=', siteId).executeTakeFirstOrThrow(),
    surveyRepo.findSurvey(db, campaign.org_id, campaign.survey_id),
    orgToday(db, campaign.org_id),
  ]);
  const state = invitation?.response_id ? 'answered' : campaignStatus(campaign, today) === 'open' ? 'open' : 'closed';
  return {
    organization: { name: org.name },
    campaign: { name: campaign.name, startsOn: campaign.starts_on, endsOn: campaign.ends_on },
    site: { name: site.name },
    state,
    // Nothing to answer on a closed page: the questions are not handed out.
    definition: (state === 'open' ? JSON.parse(survey!.definition) : { ...JSON.parse(survey!.definition), sections: [] }) as SurveyDefinition,
  };
}

export async function showInvitation(db: Db, token: string): Promise<PublicSurvey> {
  return show(db.kysely, await byToken(db.kysely, token));
}

export async function showSiteLink(db: Db, orgSlug: string, campaignId: string, siteCode: string): Promise<PublicSurvey> {
  return show(db.kysely, await bySite(db.kysely, orgSlug, campaignId, siteCode));
}

const alreadyAnswered = () => new AppError('conflict', 'This invitation has already been answered; thank you', [{ path: 'token', message: 'already_answered', code: 'already_answered' }]);

async function answer(db: Db, target: Target, input: { locale?: Locale; answers: Record<string, unknown> }, ip: string): Promise<void> {
  const { campaign, siteId, invitation } = target;
  const orgId = campaign.org_id;
  if (invitation?.response_id) throw alreadyAnswered();
  if (campaignStatus(campaign, await orgToday(db.kysely, orgId)) !== 'open') {
    throw new AppError('conflict', 'This survey is closed: it is outside the campaign’s dates', [{ path: '', message: 'campaign_closed', code: 'campaign_closed' }]);
  }
  const survey = await surveyRepo.findSurvey(db.kysely, orgId, campaign.survey_id);
  if (!survey) throw notFound();
  const def = JSON.parse(survey.definition) as SurveyDefinition;
  const problems = validateAnswers(def, input.answers);
  if (problems.length) {
    throw new AppError(
      'validation_failed',
      `Some answers are not valid: ${problems.map((p) => p.message).join('; ')}`.slice(0, 1000),
      problems.map((p) => ({ path: `answers.${p.key}`, message: p.code, code: p.code })),
    );
  }
  const id = newId();
  const now = nowIso();
  const answers: SurveyAnswerRow[] = answerRows(def, input.answers).map((a) => ({
    org_id: orgId,
    response_id: id,
    survey_id: survey.id,
    site_id: siteId,
    question_key: a.questionKey,
    kind: a.kind,
    option: a.option,
    num: a.num,
    text: a.text,
    dimension: a.dimension,
  }));
  await db.kysely.transaction().execute(async (trx) => {
    await surveyRepo.insertResponse(
      trx,
      {
        id,
        org_id: orgId,
        survey_id: survey.id,
        series_id: survey.series_id,
        site_id: siteId,
        customer_id: invitation?.customer_id ?? null,
        channel: invitation ? 'online' : 'qr',
        locale: input.locale ?? null,
        campaign_id: campaign.id,
        entered_by: null,
        submitted_at: now,
        created_at: now,
      },
      answers,
    );
    // One response per invitation: the claim is conditional, so a second submit (even a
    // concurrent one) finds it taken and rolls its response back.
    if (invitation && !(await repo.claimInvitation(trx, invitation.id, id, now))) throw alreadyAnswered();
    await insertAuditEvent(trx, null, orgId, {
      action: 'create',
      entity: 'survey_response',
      entityId: id,
      after: { surveyId: survey.id, campaignId: campaign.id, siteId, customerId: invitation?.customer_id ?? null, channel: invitation ? 'online' : 'qr', answerCount: answers.length, ip },
    });
    await recordSurveyScores({ ...db, kysely: trx }, orgId, def, invitation?.customer_id ?? null, input.answers, now);
  });
}

export async function answerInvitation(db: Db, token: string, input: { locale?: Locale; answers: Record<string, unknown> }, ip: string): Promise<void> {
  await answer(db, await byToken(db.kysely, token), input, ip);
}

export async function answerSiteLink(db: Db, orgSlug: string, campaignId: string, siteCode: string, input: { locale?: Locale; answers: Record<string, unknown> }, ip: string): Promise<void> {
  await answer(db, await bySite(db.kysely, orgSlug, campaignId, siteCode), input, ip);
}
