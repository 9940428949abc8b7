import type { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import { maskName } from '../../../shared/phone.js';
import { addDays, type Cadence, localDate, localInstant, nextOccurrences } from '../../../shared/revisits/cadence.js';
import type { Role } from '../../../shared/roles.js';
import type { Page } from '../../../shared/schemas/common.js';
import type { ContactChannel, PlanRevisitSummary, RevisitPlan, planCreateBody, planListQuery, planUpdateBody } from '../../../shared/schemas/plans.js';
import type { RevisitPlanRow } from '../../db/types.js';
import { changedFields } from '../../lib/concurrency.js';
import { newId, nowIso } from '../../lib/ids.js';
import { optionalSiteScope, scopeCovers, siteScope } from '../access/access.policy.js';
import type { Actor, SiteScope } from '../access/actor.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import type { Executor, ServiceContext } from '../context.js';
import { findSiteRow } from '../sites/sites.repository.js';
import { siteChain } from '../sla/sla.repository.js';
import * as repo from './plans.repository.js';

/** How many next due dates a plan shows. */
const PREVIEW_COUNT = 3;

const fieldError = (path: string, message: string, code = message) => new AppError('validation_failed', `Invalid ${path}`, [{ path, message, code }]);

/** A plan is visible where its site is readable; an organisation-wide plan (no site) concerns every site. */
const planCovered = (scope: SiteScope, siteId: string | null) => (siteId === null ? true : scopeCovers(scope, siteId));
/** Writing a plan needs the permission on its site; an organisation-wide plan needs it organisation-wide. */
const planWritable = (scope: SiteScope, siteId: string | null) => (siteId === null ? scope.all : scopeCovers(scope, siteId));

function present(row: repo.PlanWithNames, piiScope: SiteScope, today: string): RevisitPlan {
  const cadence = row.cadence as Cadence;
  const from = row.start_date > today ? row.start_date : today;
  return {
    id: row.id,
    name: row.name,
    siteId: row.site_id,
    siteName: row.site_name,
    customerId: row.customer_id,
    customerName: row.customer_name === null ? null : row.customer_site_id && scopeCovers(piiScope, row.customer_site_id) ? row.customer_name : maskName(row.customer_name),
    tier: row.tier as RevisitPlan['tier'],
    cadence,
    channel: row.channel as ContactChannel,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    startDate: row.start_date,
    active: row.active === 1,
    note: row.note,
    nextDue: row.active === 1 ? nextOccurrences(row.start_date, cadence, from, PREVIEW_COUNT) : [],
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function today(db: Executor, orgId: string): Promise<string> {
  const { timezone } = await repo.findOrgTimezone(db, orgId);
  return localDate(new Date(), timezone);
}

/** Lists the revisit plans of the caller's sites (and the organisation-wide ones), active first. */
export async function listPlans(ctx: ServiceContext, query: z.infer<typeof planListQuery>): Promise<Page<RevisitPlan>> {
  const [scope, piiScope, day] = await Promise.all([
    siteScope(ctx.db, ctx.actor, 'cases.read'),
    optionalSiteScope(ctx.db, ctx.actor, 'customers.pii'),
    today(ctx.db.kysely, ctx.actor.orgId),
  ]);
  const active = query.active === undefined ? undefined : query.active === 'true';
  let reaching: repo.PlanFilter['reaching'];
  if (query.forCustomerId) {
    const customer = await ctx.db.kysely.selectFrom('customers').select(['id', 'site_id', 'tier']).where('org_id', '=', ctx.actor.orgId).where('id', '=', query.forCustomerId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!customer || !scopeCovers(scope, customer.site_id)) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
    reaching = { customerId: customer.id, tier: customer.tier, siteIds: await siteChain(ctx.db.kysely, ctx.actor.orgId, customer.site_id) };
  }
  const { rows, total } = await repo.findPlans(ctx.db, ctx.actor.orgId, scope, { ...query, active, reaching }, query);
  return { items: rows.map((r) => present(r, piiScope, day)), total, page: query.page, pageSize: query.pageSize };
}

/** One plan with its next due dates, or 404 outside the caller's sites. */
export async function getPlan(ctx: ServiceContext, id: string): Promise<RevisitPlan> {
  const scope = await siteScope(ctx.db, ctx.actor, 'cases.read');
  const row = await repo.findPlan(ctx.db.kysely, ctx.actor.orgId, id);
  if (!row || !planCovered(scope, row.site_id)) throw new AppError('not_found', 'Revisit plan not found');
  return present(row, await optionalSiteScope(ctx.db, ctx.actor, 'customers.pii'), await today(ctx.db.kysely, ctx.actor.orgId));
}

/** The owner must be an active colleague who may make revisits on the plan's site (organisation-wide for an organisation-wide plan). */
async function checkOwner(ctx: ServiceContext, trx: Executor, ownerId: string, siteId: string | null): Promise<void> {
  const user = await repo.findUserWithGrants(trx, ctx.actor.orgId, ownerId);
  if (!user) throw fieldError('ownerId', 'not_found');
  const candidate: Actor = { kind: 'session', orgId: ctx.actor.orgId, userId: user.id, username: '', name: user.name, grants: user.grants.map((g) => ({ role: g.role as Role, siteId: g.site_id })) };
  const scope = await optionalSiteScope({ ...ctx.db, kysely: trx }, candidate, 'revisits.write');
  if (!planWritable(scope, siteId)) throw fieldError('ownerId', 'not_assignable');
}

/** The site a tier plan is limited to: one of the caller's manageable sites, or none (organisation-wide, for organisation-wide managers). */
async function checkPlanSite(ctx: ServiceContext, trx: Executor, scope: SiteScope, siteId: string | null): Promise<string | null> {
  if (siteId === null) {
    if (!scope.all) throw fieldError('siteId', 'required');
    return null;
  }
  const site = await findSiteRow(trx, ctx.actor.orgId, siteId);
  if (!site || !scopeCovers(scope, site.id)) throw fieldError('siteId', 'not_found');
  return site.id;
}

/** Creates a revisit plan for one customer or for every customer of a tier (on a site and below it). */
export async function createPlan(ctx: ServiceContext, input: z.infer<typeof planCreateBody>): Promise<RevisitPlan> {
  const scope = await siteScope(ctx.db, ctx.actor, 'revisits.manage');
  const id = await ctx.db.kysely.transaction().execute(async (trx) => {
    let siteId: string | null;
    if (input.customerId) {
      // A customer's plan lives on the customer's site.
      const customer = await trx
        .selectFrom('customers')
        .select(['id', 'site_id'])
        .where('org_id', '=', ctx.actor.orgId)
        .where('id', '=', input.customerId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!customer || !scopeCovers(scope, customer.site_id)) throw fieldError('customerId', 'not_found');
      siteId = customer.site_id;
    } else {
      siteId = await checkPlanSite(ctx, trx, scope, input.siteId ?? null);
    }
    await checkOwner(ctx, trx, input.ownerId, siteId);
    const now = nowIso();
    const row: RevisitPlanRow = {
      id: newId(),
      org_id: ctx.actor.orgId,
      site_id: siteId,
      customer_id: input.customerId ?? null,
      tier: input.customerId ? null : input.tier!,
      name: input.name,
      cadence: input.cadence,
      channel: input.channel,
      owner_id: input.ownerId,
      start_date: input.startDate,
      active: 1,
      note: input.note || null,
      created_by: ctx.actor.userId,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    await repo.insertPlan(trx, row);
    await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'create', entity: 'revisit_plan', entityId: row.id, after: auditView(row) });
    return row.id;
  });
  return getPlan(ctx, id);
}

function auditView(row: RevisitPlanRow) {
  return {
    name: row.name,
    siteId: row.site_id,
    customerId: row.customer_id,
    tier: row.tier,
    cadence: row.cadence,
    channel: row.channel,
    ownerId: row.owner_id,
    startDate: row.start_date,
    active: row.active === 1,
    note: row.note,
  };
}

async function loadWritablePlan(ctx: ServiceContext, trx: Executor, scope: SiteScope, id: string, version: number): Promise<repo.PlanWithNames> {
  const row = await repo.findPlan(trx, ctx.actor.orgId, id);
  if (!row || !planWritable(scope, row.site_id)) throw new AppError('not_found', 'Revisit plan not found');
  if (row.version !== version) throw new AppError('stale_version', 'The plan was changed by someone else; reload and try again', { expected: version, current: row.version });
  return row;
}

/**
 * Edits a plan. A new schedule (cadence, start date, coverage) or a stopped plan withdraws the
 * plan's revisits not yet due and not yet started; the generator makes them again on the new
 * schedule. A new owner or channel carries over to the plan's open, unstarted revisits.
 */
export async function updatePlan(ctx: ServiceContext, id: string, input: z.infer<typeof planUpdateBody>): Promise<RevisitPlan> {
  const scope = await siteScope(ctx.db, ctx.actor, 'revisits.manage');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await loadWritablePlan(ctx, trx, scope, id, input.version);
    const changes: Partial<RevisitPlanRow> = {};
    if (row.customer_id && (input.tier !== undefined || input.siteId !== undefined)) {
      throw fieldError(input.tier !== undefined ? 'tier' : 'siteId', 'customer_plan');
    }
    if (input.siteId !== undefined && input.siteId !== row.site_id) changes.site_id = await checkPlanSite(ctx, trx, scope, input.siteId);
    if (input.tier !== undefined) changes.tier = input.tier;
    if (input.name !== undefined) changes.name = input.name;
    if (input.cadence !== undefined) changes.cadence = input.cadence;
    if (input.channel !== undefined) changes.channel = input.channel;
    if (input.startDate !== undefined) changes.start_date = input.startDate;
    if (input.note !== undefined) changes.note = input.note || null;
    if (input.active !== undefined) changes.active = input.active ? 1 : 0;
    if (input.ownerId !== undefined) changes.owner_id = input.ownerId;
    const next = { ...row, ...changes };
    if (changes.owner_id !== undefined || changes.site_id !== undefined) {
      if (!next.owner_id) throw fieldError('ownerId', 'required');
      await checkOwner(ctx, trx, next.owner_id, next.site_id);
    }
    const diff = changedFields(auditView(row), auditView(next));
    if (Object.keys(diff.after).length === 0) return;
    const now = nowIso();
    if (!(await repo.updatePlanRow(trx, ctx.actor.orgId, id, row.version, { ...changes, updated_at: now }))) {
      throw new AppError('stale_version', 'The plan was changed by someone else; reload and try again');
    }
    await applyToRevisits(trx, row, next, now);
    await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'update', entity: 'revisit_plan', entityId: id, ...diff });
  });
  return getPlan(ctx, id);
}

async function applyToRevisits(trx: Executor, before: RevisitPlanRow, after: RevisitPlanRow, now: string): Promise<void> {
  const rescheduled = before.cadence !== after.cadence || before.start_date !== after.start_date || before.site_id !== after.site_id || before.tier !== after.tier;
  if (after.active === 0 || rescheduled) await repo.withdrawFutureRevisits(trx, after.org_id, after.id, now);
  if (before.owner_id !== after.owner_id || before.channel !== after.channel) {
    await repo.updateOpenRevisits(trx, after.org_id, after.id, { owner_id: after.owner_id, channel: after.channel, updated_at: now });
  }
}

/** Stops a plan: it generates nothing more, and its revisits not yet due and not started are withdrawn. */
export async function deactivatePlan(ctx: ServiceContext, id: string, version: number): Promise<RevisitPlan> {
  return updatePlan(ctx, id, { active: false, version });
}

/** Overdue plan revisits and those due today on the caller's sites: the workbench card. */
export async function planRevisitSummary(ctx: ServiceContext): Promise<PlanRevisitSummary> {
  const scope = await siteScope(ctx.db, ctx.actor, 'cases.read');
  const { timezone } = await repo.findOrgTimezone(ctx.db.kysely, ctx.actor.orgId);
  const now = new Date();
  const endOfToday = localInstant(addDays(localDate(now, timezone), 1), 0, timezone).toISOString();
  return repo.countPlanRevisits(ctx.db.kysely, ctx.actor.orgId, scope, now.toISOString(), endOfToday);
}
