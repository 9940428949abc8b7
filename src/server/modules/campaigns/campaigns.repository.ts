import type { SurveyCampaignRow, SurveyInvitationRow } from '../../db/types.js';
import type { SiteScope } from '../access/actor.js';
import type { Executor } from '../context.js';

export async function insertCampaign(db: Executor, row: SurveyCampaignRow, sites: { org_id: string; campaign_id: string; site_id: string; target: number | null }[]): Promise<void> {
  await db.insertInto('survey_campaigns').values(row).execute();
  for (let i = 0; i < sites.length; i += 200) await db.insertInto('survey_campaign_sites').values(sites.slice(i, i + 200)).execute();
}

export function findCampaign(db: Executor, orgId: string, id: string): Promise<SurveyCampaignRow | undefined> {
  return db.selectFrom('survey_campaigns').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export interface CampaignSiteRow {
  campaign_id: string;
  site_id: string;
  target: number | null;
  name: string;
  code: string;
}

/** The sites of the campaigns (only those in scope), by name. */
export async function findCampaignSites(db: Executor, orgId: string, campaignIds: string[], scope: SiteScope): Promise<CampaignSiteRow[]> {
  if (campaignIds.length === 0 || (!scope.all && scope.siteIds.length === 0)) return [];
  let query = db
    .selectFrom('survey_campaign_sites as cs')
    .innerJoin('sites as s', 's.id', 'cs.site_id')
    .select(['cs.campaign_id', 'cs.site_id', 'cs.target', 's.name', 's.code'])
    .where('cs.org_id', '=', orgId)
    .where('cs.campaign_id', 'in', campaignIds);
  if (!scope.all) query = query.where('cs.site_id', 'in', scope.siteIds);
  return query.orderBy('s.code').execute();
}

/** Campaigns with at least one site in scope, newest period first. */
export async function findCampaigns(
  db: Executor,
  orgId: string,
  scope: SiteScope,
  filter: { today: string; status?: 'scheduled' | 'open' | 'ended'; q?: string },
  page: { page: number; pageSize: number },
): Promise<{ rows: SurveyCampaignRow[]; total: number }> {
  if (!scope.all && scope.siteIds.length === 0) return { rows: [], total: 0 };
  let query = db.selectFrom('survey_campaigns as c').where('c.org_id', '=', orgId);
  if (!scope.all) {
    const siteIds = scope.siteIds;
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('survey_campaign_sites as cs').select('cs.site_id').whereRef('cs.campaign_id', '=', 'c.id').where('cs.site_id', 'in', siteIds)),
    );
  }
  if (filter.status === 'scheduled') query = query.where('c.starts_on', '>', filter.today);
  if (filter.status === 'ended') query = query.where('c.ends_on', '<', filter.today);
  if (filter.status === 'open') query = query.where('c.starts_on', '<=', filter.today).where('c.ends_on', '>=', filter.today);
  if (filter.q) query = query.where('c.name', 'like', `%${filter.q.replace(/[%_\\]/g, (m) => `\\${m}`)}%`);
  const [{ total }, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    query
      .selectAll('c')
      .orderBy('c.starts_on', 'desc')
      .orderBy('c.id', 'desc')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
  ]);
  return { rows, total: Number(total) };
}

/** Live customers of the sites who consented to surveys, of the tiers (any when not given). */
export function findAudienceCandidates(db: Executor, orgId: string, siteIds: string[], tiers: string[] | undefined) {
  let query = db
    .selectFrom('customers')
    .select(['id', 'site_id', 'name', 'tags'])
    .where('org_id', '=', orgId)
    .where('site_id', 'in', siteIds)
    .where('deleted_at', 'is', null)
    .where('consent_survey', '=', 1);
  if (tiers?.length) query = query.where('tier', 'in', tiers);
  return query.execute();
}

export async function invitedCustomers(db: Executor, orgId: string, campaignId: string): Promise<{ customer_id: string; site_id: string }[]> {
  return db.selectFrom('survey_invitations').select(['customer_id', 'site_id']).where('org_id', '=', orgId).where('campaign_id', '=', campaignId).execute();
}

export async function insertInvitations(db: Executor, rows: SurveyInvitationRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('survey_invitations').values(rows.slice(i, i + 200)).execute();
}

export async function countByCampaign(db: Executor, orgId: string, campaignIds: string[], scope: SiteScope) {
  if (campaignIds.length === 0 || (!scope.all && scope.siteIds.length === 0)) return { invited: new Map<string, number>(), responses: new Map<string, number>() };
  let inv = db
    .selectFrom('survey_invitations')
    .select((eb) => ['campaign_id', eb.fn.countAll<number>().as('n')])
    .where('org_id', '=', orgId)
    .where('campaign_id', 'in', campaignIds);
  let res = db
    .selectFrom('survey_responses')
    .select((eb) => ['campaign_id', eb.fn.countAll<number>().as('n')])
    .where('org_id', '=', orgId)
    .where('campaign_id', 'in', campaignIds);
  if (!scope.all) {
    inv = inv.where('site_id', 'in', scope.siteIds);
    res = res.where('site_id', 'in', scope.siteIds);
  }
  const [a, b] = await Promise.all([inv.groupBy('campaign_id').execute(), res.groupBy('campaign_id').execute()]);
  return { invited: new Map(a.map((r) => [r.campaign_id, Number(r.n)])), responses: new Map(b.map((r) => [r.campaign_id as string, Number(r.n)])) };
}

/** Per site of the campaign: invitations, those answered, and all responses. */
export async function progressCounts(db: Executor, orgId: string, campaignId: string) {
  const [inv, res] = await Promise.all([
    db
      .selectFrom('survey_invitations')
      .select((eb) => ['site_id', eb.fn.countAll<number>().as('invited'), eb.fn.count<number>('response_id').as('answered')])
      .where('org_id', '=', orgId)
      .where('campaign_id', '=', campaignId)
      .groupBy('site_id')
      .execute(),
    db
      .selectFrom('survey_responses')
      .select((eb) => ['site_id', eb.fn.countAll<number>().as('n')])
      .where('org_id', '=', orgId)
      .where('campaign_id', '=', campaignId)
      .groupBy('site_id')
      .execute(),
  ]);
  return {
    invitations: new Map(inv.map((r) => [r.site_id, { invited: Number(r.invited), answered: Number(r.answered) }])),
    responses: new Map(res.map((r) => [r.site_id, Number(r.n)])),
  };
}

export function findInvitationByHash(db: Executor, tokenHash: string): Promise<SurveyInvitationRow | undefined> {
  return db.selectFrom('survey_invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Claims the invitation for its one response; false when it already has one. */
export async function claimInvitation(db: Executor, id: string, responseId: string, at: string): Promise<boolean> {
  const result = await db.updateTable('survey_invitations').set({ response_id: responseId, responded_at: at }).where('id', '=', id).where('response_id', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
