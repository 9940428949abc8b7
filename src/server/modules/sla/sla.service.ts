import type { z } from 'zod';
import { defaultSlaTargets, type SlaTargets } from '../../../shared/cases/sla-targets.js';
import { AppError, type ErrorDetail } from '../../../shared/errors.js';
import { CASE_PRIORITIES, CASE_TYPES, type CasePriority, type CaseType } from '../../../shared/schemas/cases.js';
import type { BusinessCalendarInput, BusinessCalendarView, SlaPolicies, SlaPolicy, slaPoliciesPutBody } from '../../../shared/schemas/sla.js';
import { type BusinessCalendar, DEFAULT_CALENDAR, validateCalendar, type WorkInterval } from '../../../shared/sla/business-calendar.js';
import { isUniqueViolation } from '../../db/dialect.js';
import type { SlaPolicyRow } from '../../db/types.js';
import { assertVersion, changedFields } from '../../lib/concurrency.js';
import { newId, nowIso } from '../../lib/ids.js';
import { requirePermission, scopeCovers, siteScope } from '../access/access.policy.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import type { Executor, ServiceContext } from '../context.js';
import { findSiteRow } from '../sites/sites.repository.js';
import * as repo from './sla.repository.js';

/*
 * Service levels of an organisation: targets per case type × priority (organisation-wide, with
 * overrides per site) and the business calendar they are counted in. Both apply to cases created
 * after the change: a case's deadlines are computed when it is created (and moved only by its own
 * pauses), so a customer is never told one due time and held to another.
 */

// ---------------------------------------------------------------------------------------------
// What caseSla() reads

/** Calendars compiled from rows, keyed by organisation, version and time zone; read again whenever either changes. */
const calendarCache = new Map<string, BusinessCalendar>();

/** The organisation's business calendar: its own when it has one, the default hours otherwise, in its time zone. */
export async function organisationCalendar(trx: Executor, orgId: string): Promise<BusinessCalendar> {
  const head = await repo.findCalendarHead(trx, orgId);
  const key = `${orgId}|${head.version ?? 0}|${head.updated_at ?? ''}|${head.timezone}`;
  const cached = calendarCache.get(key);
  if (cached) return cached;
  let calendar: BusinessCalendar;
  if (head.calendar_id === null || head.weekly_hours === null) {
    calendar = { ...DEFAULT_CALENDAR, timezone: head.timezone };
  } else {
    const days = await repo.findCalendarDays(trx, orgId);
    calendar = {
      timezone: head.timezone,
      weeklyHours: JSON.parse(head.weekly_hours) as WorkInterval[][],
      holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.date),
      makeUpDays: days.filter((d) => d.kind === 'make_up').map((d) => ({ date: d.date, hours: JSON.parse(d.hours ?? '[]') as WorkInterval[] })),
    };
  }
  if (calendarCache.size > 1_000) calendarCache.clear();
  calendarCache.set(key, calendar);
  return calendar;
}

/**
 * The targets for a case: the policy on its site or the nearest site above it, else the
 * organisation's policy, else the built-in default.
 */
export async function policyTargets(trx: Executor, orgId: string, c: { type: CaseType; priority: CasePriority; siteId: string }): Promise<SlaTargets> {
  const rows = await repo.findPoliciesFor(trx, orgId, c.type, c.priority);
  if (rows.length === 0) return defaultSlaTargets(c.type, c.priority);
  const bySite = new Map(rows.map((r) => [r.site_id, r]));
  const chain = rows.some((r) => r.site_id !== null) ? await repo.siteChain(trx, orgId, c.siteId) : [];
  const row = chain.map((id) => bySite.get(id)).find(Boolean) ?? bySite.get(null);
  return row ? { firstResponse: row.first_response_minutes, resolution: row.resolution_minutes } : defaultSlaTargets(c.type, c.priority);
}

// ---------------------------------------------------------------------------------------------
// Policies

function presentPolicy(row: repo.SlaPolicyWithSite): SlaPolicy {
  return {
    id: row.id,
    caseType: row.case_type as CaseType,
    priority: row.priority as CasePriority,
    siteId: row.site_id,
    siteName: row.site_name,
    firstResponseMinutes: row.first_response_minutes,
    resolutionMinutes: row.resolution_minutes,
    version: row.version,
    updatedAt: row.updated_at,
  };
}

const DEFAULTS = CASE_TYPES.flatMap((caseType) =>
  CASE_PRIORITIES.map((priority) => {
    const t = defaultSlaTargets(caseType, priority);
    return { caseType, priority, firstResponseMinutes: t.firstResponse, resolutionMinutes: t.resolution };
  }),
);

/** The organisation's targets and the site overrides on the caller's sites, with the built-in defaults. */
export async function listSlaPolicies(ctx: ServiceContext): Promise<SlaPolicies> {
  const scope = await siteScope(ctx.db, ctx.actor, 'cases.read');
  const rows = await repo.findPolicies(ctx.db.kysely, ctx.actor.orgId);
  return { items: rows.filter((r) => r.site_id === null || scopeCovers(scope, r.site_id)).map(presentPolicy), defaults: DEFAULTS };
}

const staleVersion = () => new AppError('stale_version', 'The service levels were changed by someone else; reload and try again');

/**
 * Sets targets for the organisation (siteId null: organisation-wide grants only) or overrides for
 * one site the caller manages. Each policy carries the version it read when it already exists.
 */
export async function putSlaPolicies(ctx: ServiceContext, input: z.infer<typeof slaPoliciesPutBody>): Promise<SlaPolicies> {
  const scope = await siteScope(ctx.db, ctx.actor, 'sla.manage');
  const orgId = ctx.actor.orgId;
  if (input.siteId === null) {
    if (!scope.all) throw new AppError('forbidden', 'Only organisation-wide administrators and specialists may set the organisation’s targets');
  } else {
    const site = await findSiteRow(ctx.db.kysely, orgId, input.siteId);
    if (!site || !scopeCovers(scope, site.id)) {
      throw new AppError('validation_failed', 'The site does not exist', [{ path: 'siteId', message: 'not_found', code: 'not_found' }]);
    }
  }
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      for (const [i, p] of input.policies.entries()) {
        const existing = await repo.findPolicyByKey(trx, orgId, p.caseType, p.priority, input.siteId);
        const now = nowIso();
        if (!existing) {
          if (p.version !== undefined) throw staleVersion(); // it was there when read, and has since been removed
          const row: SlaPolicyRow = {
            id: newId(),
            org_id: orgId,
            site_id: input.siteId,
            case_type: p.caseType,
            priority: p.priority,
            first_response_minutes: p.firstResponseMinutes,
            resolution_minutes: p.resolutionMinutes,
            version: 1,
            created_at: now,
            updated_at: now,
          };
          await repo.insertPolicy(trx, row);
          await insertAuditEvent(trx, ctx.actor, orgId, { action: 'create', entity: 'sla_policy', entityId: row.id, after: auditView(row) });
          continue;
        }
        assertVersion(existing.version, p.version, `The policy at policies.${i}`);
        const diff = changedFields(auditView(existing), { firstResponseMinutes: p.firstResponseMinutes, resolutionMinutes: p.resolutionMinutes });
        if (Object.keys(diff.after).length === 0) continue;
        const ok = await repo.updatePolicyRow(trx, orgId, existing.id, existing.version, {
          first_response_minutes: p.firstResponseMinutes,
          resolution_minutes: p.resolutionMinutes,
          updated_at: now,
        });
        if (!ok) throw staleVersion();
        await insertAuditEvent(trx, ctx.actor, orgId, { action: 'update', entity: 'sla_policy', entityId: existing.id, before: diff.before, after: diff.after });
      }
    });
  } catch (error) {
    // Two people adding the same policy at once: the unique index decides, the loser reloads.
    if (isUniqueViolation(error)) throw staleVersion();
    throw error;
  }
  return listSlaPolicies(ctx);
}

function auditView(row: SlaPolicyRow) {
  return { caseType: row.case_type, priority: row.priority, siteId: row.site_id, firstResponseMinutes: row.first_response_minutes, resolutionMinutes: row.resolution_minutes };
}

/** Removes a policy: the case type and priority fall back to the next less specific target. */
export async function deleteSlaPolicy(ctx: ServiceContext, id: string): Promise<void> {
  const scope = await siteScope(ctx.db, ctx.actor, 'sla.manage');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await repo.findPolicyById(trx, ctx.actor.orgId, id);
    if (!row || (row.site_id !== null && !scopeCovers(scope, row.site_id))) throw new AppError('not_found', 'Policy not found');
    if (row.site_id === null && !scope.all) throw new AppError('forbidden', 'Only organisation-wide administrators and specialists may change the organisation’s targets');
    await repo.deletePolicy(trx, ctx.actor.orgId, id);
    await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'delete', entity: 'sla_policy', entityId: id, before: auditView(row) });
  });
}

// ---------------------------------------------------------------------------------------------
// Business calendar

/** The organisation's calendar as the settings page edits it (the default hours until it saves its own). */
export async function getBusinessCalendar(ctx: ServiceContext): Promise<BusinessCalendarView> {
  requirePermission(ctx.actor, 'cases.read');
  return readCalendarView(ctx.db.kysely, ctx.actor.orgId);
}

async function readCalendarView(db: Executor, orgId: string): Promise<BusinessCalendarView> {
  const head = await repo.findCalendarHead(db, orgId);
  if (head.calendar_id === null || head.weekly_hours === null) {
    return { timezone: head.timezone, weeklyHours: DEFAULT_CALENDAR.weeklyHours.map((d) => d.map((i) => ({ ...i }))), holidays: [], makeUpDays: [], version: 0, updatedAt: null };
  }
  const days = await repo.findCalendarDays(db, orgId);
  return {
    timezone: head.timezone,
    weeklyHours: JSON.parse(head.weekly_hours) as WorkInterval[][],
    holidays: days.filter((d) => d.kind === 'holiday').map((d) => ({ date: d.date, name: d.name })),
    makeUpDays: days.filter((d) => d.kind === 'make_up').map((d) => ({ date: d.date, name: d.name, hours: JSON.parse(d.hours ?? '[]') as WorkInterval[] })),
    version: head.version ?? 0,
    updatedAt: head.updated_at,
  };
}

/** 'makeUpDays[0].hours[1]: end …' → field path 'makeUpDays.0.hours.1' and a code the browser translates. */
function calendarProblem(problem: string): ErrorDetail {
  const colon = problem.indexOf(': ');
  let path = (colon > 0 ? problem.slice(0, colon) : '').replace(/\[(\d+)\]/g, '.$1');
  const message = colon > 0 ? problem.slice(colon + 2) : problem;
  if (/^(holidays|makeUpDays)\.\d+$/.test(path)) path += '.date';
  const code = /overlaps/.test(message)
    ? 'overlap'
    : /must be later/.test(message)
      ? 'end_before_start'
      : /also listed as a holiday/.test(message)
        ? 'holiday_and_make_up'
        : /listed twice/.test(message)
          ? 'duplicate'
          : /no working hours|never fall due/.test(message)
            ? 'no_working_hours'
            : /not a date/.test(message)
              ? 'invalid_date'
              : /not a time/.test(message)
                ? 'invalid_time'
                : 'invalid_value';
  return { path, message, code };
}

/** A weekday's hours for make-up days entered without their own: Monday's, or the first working weekday's. */
function workdayHours(weekly: WorkInterval[][]): WorkInterval[] {
  return weekly[1].length ? weekly[1] : (weekly.find((d) => d.length > 0) ?? []);
}

/**
 * Replaces the organisation's calendar (weekly hours, holidays, make-up days) if it is still at
 * `version` (0 = the default calendar was shown). Invalid periods, overlaps, a date that is both a
 * holiday and a make-up day answer 400 with the field paths, and nothing is written.
 */
export async function putBusinessCalendar(ctx: ServiceContext, input: BusinessCalendarInput): Promise<BusinessCalendarView> {
  const scope = await siteScope(ctx.db, ctx.actor, 'sla.manage');
  if (!scope.all) throw new AppError('forbidden', 'Only organisation-wide administrators and specialists may edit the business calendar');
  const orgId = ctx.actor.orgId;
  const fallback = workdayHours(input.weeklyHours);
  const makeUpDays = input.makeUpDays.map((m) => ({ ...m, hours: m.hours ?? fallback }));

  const problems: ErrorDetail[] = [];
  const holidayAt = new Map<string, number>();
  input.holidays.forEach((h, i) => {
    if (holidayAt.has(h.date)) problems.push({ path: `holidays.${i}.date`, message: `${h.date} is listed twice`, code: 'duplicate' });
    else holidayAt.set(h.date, i);
  });
  const head = await repo.findCalendarHead(ctx.db.kysely, orgId);
  const calendar: BusinessCalendar = {
    timezone: head.timezone,
    weeklyHours: input.weeklyHours,
    holidays: input.holidays.map((h) => h.date),
    makeUpDays: makeUpDays.map((m) => ({ date: m.date, hours: m.hours })),
  };
  problems.push(...validateCalendar(calendar).map(calendarProblem));
  if (problems.length) throw new AppError('validation_failed', 'The business calendar is not valid', problems);

  await ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await readCalendarView(trx, orgId);
    if (before.version !== input.version) {
      throw new AppError('stale_version', 'The business calendar was changed by someone else; reload and try again', { expected: input.version, current: before.version });
    }
    const now = nowIso();
    const weekly = JSON.stringify(input.weeklyHours);
    if (before.version === 0) {
      await repo.insertCalendar(trx, { id: newId(), org_id: orgId, weekly_hours: weekly, created_at: now, updated_at: now });
    } else {
      const row = await repo.findCalendarHead(trx, orgId);
      if (!(await repo.updateCalendarRow(trx, orgId, row.calendar_id!, before.version, { weekly_hours: weekly, updated_at: now }))) {
        throw new AppError('stale_version', 'The business calendar was changed by someone else; reload and try again');
      }
    }
    await repo.replaceCalendarDays(trx, orgId, [
      ...input.holidays.map((h) => ({ id: newId(), org_id: orgId, date: h.date, kind: 'holiday' as const, name: h.name, hours: null })),
      ...makeUpDays.map((m) => ({ id: newId(), org_id: orgId, date: m.date, kind: 'make_up' as const, name: m.name, hours: JSON.stringify(m.hours) })),
    ]);
    const after = { weeklyHours: input.weeklyHours, holidays: input.holidays, makeUpDays };
    const diff = changedFields({ weeklyHours: before.weeklyHours, holidays: before.holidays, makeUpDays: before.makeUpDays }, after);
    await insertAuditEvent(trx, ctx.actor, orgId, { action: 'update', entity: 'business_calendar', entityId: null, ...diff });
  }).catch((error: unknown) => {
    // Two first saves at once: the unique organisation row decides.
    if (isUniqueViolation(error)) throw new AppError('stale_version', 'The business calendar was changed by someone else; reload and try again');
    throw error;
  });
  return readCalendarView(ctx.db.kysely, orgId);
}
