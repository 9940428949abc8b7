import type { z } from 'zod';
import { AppError, type ErrorDetail } from '../../../shared/errors.js';
import { maskName } from '../../../shared/phone.js';
import type {
  Campaign,
  CampaignAudience,
  CampaignCreated,
  CampaignInput,
  campaignListQuery,
  CampaignProgress,
  CampaignStatus,
  InvitationsCreated,
  ProgressRow,
} from '../../../shared/schemas/campaigns.js';
import type { Page } from '../../../shared/schemas/common.js';
import type { SurveyCampaignRow, SurveyInvitationRow } from '../../db/types.js';
import { newId, nowIso, randomSecret, sha256 } from '../../lib/ids.js';
import { optionalSiteScope, scopeCovers, siteScope } from '../access/access.policy.js';
import type { SiteScope } from '../access/actor.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import type { Executor, ServiceContext } from '../context.js';
import { localDate } from '../revisits/local-time.js';
import * as surveyRepo from '../surveys/surveys.repository.js';
import * as repo from './campaigns.repository.js';

/*
 * Survey campaigns: a published survey version asked on some sites over a period, to invited
 * customers (one link each, one response each) and to anyone holding a site's anonymous link or
 * QR code. Campaigns are planned organisation-wide (surveys.manage held organisation-wide); anyone
 * reading cases on one of a campaign's sites sees the campaign with its sites in their scope.
 */

const campaignNotFound = () => new AppError('not_found', 'Campaign not found');

async function requireManager(ctx: ServiceContext): Promise<void> {
  const scope = await siteScope(ctx.db, ctx.actor, 'surveys.manage');
  if (!scope.all) throw new AppError('forbidden', 'Only organisation-wide specialists and administrators may plan survey campaigns');
}

export async function orgToday(db: Executor, orgId: string, now = new Date()): Promise<string> {
  const org = await db.selectFrom('organizations').select('timezone').where('id', '=', orgId).executeTakeFirstOrThrow();
  return localDate(now, org.timezone);
}

export function campaignStatus(row: Pick<SurveyCampaignRow, 'starts_on' | 'ends_on'>, today: string): CampaignStatus {
  if (today < row.starts_on) return 'scheduled';
  if (today > row.ends_on) return 'ended';
  return 'open';
}

/**
 * The order in which a campaign samples its audience: by SHA-256 of campaign id and customer id.
 * The same campaign always draws the same customers (reproducible, auditable), and different
 * campaigns draw independent samples.
 */
export function sampleKey(campaignId: string, customerId: string): string {
  return sha256(`${campaignId}:${customerId}`);
}

/**
 * The customers to invite now, per site: live customers who consented to surveys, of the tiers,
 * carrying one of the tags; with a sample size, the first ones in sampleKey order, less those
 * already invited (so inviting again later only tops the sample up with newly eligible customers).
 */
async function audienceToInvite(db: Executor, orgId: string, campaignId: string, siteIds: string[], audience: CampaignAudience) {
  const candidates = await repo.findAudienceCandidates(db, orgId, siteIds, audience.tiers);
  const tags = audience.tags?.length ? new Set(audience.tags) : null;
  const eligible = tags ? candidates.filter((c) => (JSON.parse(c.tags) as string[]).some((tag) => tags.has(tag))) : candidates;
  const invited = await repo.invitedCustomers(db, orgId, campaignId);
  const already = new Set(invited.map((i) => i.customer_id));
  const invitedPerSite = new Map<string, number>();
  for (const i of invited) invitedPerSite.set(i.site_id, (invitedPerSite.get(i.site_id) ?? 0) + 1);
  const chosen: typeof eligible = [];
  for (const siteId of siteIds) {
    const onSite = eligible.filter((c) => c.site_id === siteId && !already.has(c.id));
    const room = audience.sampleSize === undefined ? onSite.length : Math.max(0, audience.sampleSize - (invitedPerSite.get(siteId) ?? 0));
    const ordered = audience.sampleSize === undefined ? onSite : onSite.map((c) => ({ c, k: sampleKey(campaignId, c.id) })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0)).map((x) => x.c);
    chosen.push(...ordered.slice(0, room));
  }
  return chosen;
}

async function invite(trx: Executor, ctx: ServiceContext, campaign: SurveyCampaignRow, siteIds: string[]): Promise<InvitationsCreated['invitations']> {
  const audience = JSON.parse(campaign.audience) as CampaignAudience;
  const chosen = await audienceToInvite(trx, ctx.actor.orgId, campaign.id, siteIds, audience);
  if (chosen.length === 0) return [];
  const now = nowIso();
  const out: InvitationsCreated['invitations'] = [];
  const rows: SurveyInvitationRow[] = chosen.map((c) => {
    const token = randomSecret(24);
    const id = newId();
    out.push({ id, siteId: c.site_id, customerId: c.id, customerName: c.name, token });
    return { id, org_id: ctx.actor.orgId, campaign_id: campaign.id, site_id: c.site_id, customer_id: c.id, token_hash: sha256(token), response_id: null, responded_at: null, created_at: now };
  });
  await repo.insertInvitations(trx, rows);
  await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'invite', entity: 'survey_campaign', entityId: campaign.id, after: { invitations: rows.length, siteIds: [...new Set(rows.map((r) => r.site_id))] } });
  return out;
}

async function maskInvitations(ctx: ServiceContext, list: InvitationsCreated['invitations']): Promise<InvitationsCreated['invitations']> {
  const pii = await optionalSiteScope(ctx.db, ctx.actor, 'customers.pii');
  return list.map((i) => (scopeCovers(pii, i.siteId) ? i : { ...i, customerName: maskName(i.customerName) }));
}

async function present(db: Executor, ctx: ServiceContext, rows: SurveyCampaignRow[], scope: SiteScope, today: string): Promise<Campaign[]> {
  const ids = rows.map((r) => r.id);
  const [sites, counts, org] = await Promise.all([
    repo.findCampaignSites(db, ctx.actor.orgId, ids, scope),
    repo.countByCampaign(db, ctx.actor.orgId, ids, scope),
    db.selectFrom('organizations').select('slug').where('id', '=', ctx.actor.orgId).executeTakeFirstOrThrow(),
  ]);
  const surveys = ids.length
    ? await db.selectFrom('surveys').select(['id', 'title', 'version_no']).where('org_id', '=', ctx.actor.orgId).where('id', 'in', [...new Set(rows.map((r) => r.survey_id))]).execute()
    : [];
  const surveyById = new Map(surveys.map((s) => [s.id, s]));
  return rows.map((row) => {
    const survey = surveyById.get(row.survey_id)!;
    return {
      id: row.id,
      name: row.name,
      surveyId: row.survey_id,
      seriesId: row.series_id,
      surveyTitle: JSON.parse(survey.title) as Campaign['surveyTitle'],
      versionNo: survey.version_no,
      startsOn: row.starts_on,
      endsOn: row.ends_on,
      status: campaignStatus(row, today),
      audience: JSON.parse(row.audience) as CampaignAudience,
      sites: sites
        .filter((s) => s.campaign_id === row.id)
        .map((s) => ({ siteId: s.site_id, siteName: s.name, siteCode: s.code, target: s.target, anonymousPath: `/s/${org.slug}/${row.id}/${encodeURIComponent(s.code)}` })),
      invited: counts.invited.get(row.id) ?? 0,
      responses: counts.responses.get(row.id) ?? 0,
      version: row.version,
      createdAt: row.created_at,
    };
  });
}

/**
 * Plans a campaign on a published survey version and invites its audience in the same
 * transaction. The invitation tokens are in the answer, once; only their hashes are kept.
 */
export async function createCampaign(ctx: ServiceContext, input: CampaignInput): Promise<CampaignCreated> {
  await requireManager(ctx);
  const orgId = ctx.actor.orgId;
  const survey = await surveyRepo.findSurvey(ctx.db.kysely, orgId, input.surveyId);
  if (!survey) throw new AppError('validation_failed', 'The survey does not exist', [{ path: 'surveyId', message: 'not_found', code: 'not_found' }]);
  if (survey.status !== 'published') throw new AppError('validation_failed', 'Only a published survey version can be used in a campaign', [{ path: 'surveyId', message: 'not_published', code: 'not_published' }]);
  const siteIds = [...new Set(input.siteIds)];
  const found = await ctx.db.kysely.selectFrom('sites').select('id').where('org_id', '=', orgId).where('id', 'in', siteIds).execute();
  const known = new Set(found.map((s) => s.id));
  const missing: ErrorDetail[] = input.siteIds.flatMap((id, i) => (known.has(id) ? [] : [{ path: `siteIds.${i}`, message: 'not_found', code: 'not_found' }]));
  if (missing.length) throw new AppError('validation_failed', 'Some sites do not exist', missing);

  const now = nowIso();
  const row: SurveyCampaignRow = {
    id: newId(),
    org_id: orgId,
    survey_id: survey.id,
    series_id: survey.series_id,
    name: input.name,
    starts_on: input.startsOn,
    ends_on: input.endsOn,
    audience: JSON.stringify(input.audience ?? {}),
    created_by: ctx.actor.userId,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  const target = input.targetPerSite ?? null;
  const invitations = await ctx.db.kysely.transaction().execute(async (trx) => {
    await repo.insertCampaign(trx, row, siteIds.map((siteId) => ({ org_id: orgId, campaign_id: row.id, site_id: siteId, target })));
    await insertAuditEvent(trx, ctx.actor, orgId, {
      action: 'create',
      entity: 'survey_campaign',
      entityId: row.id,
      after: { name: row.name, surveyId: survey.id, siteIds, startsOn: row.starts_on, endsOn: row.ends_on, audience: input.audience ?? {}, targetPerSite: target },
    });
    return invite(trx, ctx, row, siteIds);
  });
  const [campaign] = await present(ctx.db.kysely, ctx, [row], { all: true }, await orgToday(ctx.db.kysely, orgId));
  return { ...campaign, newInvitations: await maskInvitations(ctx, invitations) };
}

/** Invites the customers who joined the audience since (new, newly consenting, or the sample topped up). */
export async function inviteAudience(ctx: ServiceContext, id: string): Promise<InvitationsCreated> {
  await requireManager(ctx);
  const orgId = ctx.actor.orgId;
  const invitations = await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await repo.findCampaign(trx, orgId, id);
    if (!row) throw campaignNotFound();
    if (campaignStatus(row, await orgToday(trx, orgId)) === 'ended') throw new AppError('conflict', 'The campaign has ended');
    const sites = await trx.selectFrom('survey_campaign_sites').select('site_id').where('org_id', '=', orgId).where('campaign_id', '=', id).execute();
    return invite(trx, ctx, row, sites.map((s) => s.site_id));
  });
  return { created: invitations.length, invitations: await maskInvitations(ctx, invitations) };
}

export async function listCampaigns(ctx: ServiceContext, query: z.infer<typeof campaignListQuery>): Promise<Page<Campaign>> {
  const scope = await siteScope(ctx.db, ctx.actor, 'cases.read');
  const today = await orgToday(ctx.db.kysely, ctx.actor.orgId);
  const { rows, total } = await repo.findCampaigns(ctx.db.kysely, ctx.actor.orgId, scope, { today, status: query.status, q: query.q }, query);
  return { items: await present(ctx.db.kysely, ctx, rows, scope, today), total, page: query.page, pageSize: query.pageSize };
}

/** The campaign with the caller's sites of it; 404 when none of its sites is the caller's. */
async function readable(ctx: ServiceContext, id: string): Promise<{ campaign: Campaign; scope: SiteScope }> {
  const scope = await siteScope(ctx.db, ctx.actor, 'cases.read');
  const row = await repo.findCampaign(ctx.db.kysely, ctx.actor.orgId, id);
  if (!row) throw campaignNotFound();
  const [campaign] = await present(ctx.db.kysely, ctx, [row], scope, await orgToday(ctx.db.kysely, ctx.actor.orgId));
  if (campaign.sites.length === 0) throw campaignNotFound();
  return { campaign, scope };
}

export async function getCampaign(ctx: ServiceContext, id: string): Promise<Campaign> {
  return (await readable(ctx, id)).campaign;
}

/**
 * Per site: target, invited, responses (invited and anonymous), and the response rate. The rate is
 * invited responses ÷ invited customers where the site has invitations (anonymous answers are not
 * counted against invitations they did not come from); on a site without invitations (an
 * anonymous-only campaign) it is all responses ÷ target; null when there is neither.
 */
export async function campaignProgress(ctx: ServiceContext, id: string): Promise<CampaignProgress> {
  const { campaign } = await readable(ctx, id);
  const counts = await repo.progressCounts(ctx.db.kysely, ctx.actor.orgId, id);
  const rate = (r: Omit<ProgressRow, 'siteId' | 'siteName' | 'responseRate' | 'rateBasis'>): Pick<ProgressRow, 'responseRate' | 'rateBasis'> => {
    if (r.invited > 0) return { responseRate: r.invitedResponses / r.invited, rateBasis: 'invited' };
    if (r.target) return { responseRate: r.responses / r.target, rateBasis: 'target' };
    return { responseRate: null, rateBasis: null };
  };
  const sites = campaign.sites.map((s): ProgressRow => {
    const inv = counts.invitations.get(s.siteId) ?? { invited: 0, answered: 0 };
    const responses = counts.responses.get(s.siteId) ?? 0;
    const base = { target: s.target, invited: inv.invited, invitedResponses: inv.answered, anonymousResponses: responses - inv.answered, responses };
    return { siteId: s.siteId, siteName: s.siteName, ...base, ...rate(base) };
  });
  const sum = (k: 'invited' | 'invitedResponses' | 'anonymousResponses' | 'responses') => sites.reduce((n, s) => n + s[k], 0);
  const targets = sites.map((s) => s.target);
  const totalBase = {
    target: targets.every((t) => t === null) ? null : targets.reduce<number>((n, t) => n + (t ?? 0), 0),
    invited: sum('invited'),
    invitedResponses: sum('invitedResponses'),
    anonymousResponses: sum('anonymousResponses'),
    responses: sum('responses'),
  };
  return { campaignId: id, sites, total: { ...totalBase, ...rate(totalBase) } };
}
