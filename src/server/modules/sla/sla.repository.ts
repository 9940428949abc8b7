import type { CalendarDaysTable, SlaPolicyRow } from '../../db/types.js';
import { updateIfVersion } from '../../db/versioned.js';
import type { Executor } from '../context.js';

export type SlaPolicyWithSite = SlaPolicyRow & { site_name: string | null };

/** Every policy of the organisation with its site's name, organisation-wide ones first. */
export async function findPolicies(db: Executor, orgId: string): Promise<SlaPolicyWithSite[]> {
  return db
    .selectFrom('sla_policies')
    .leftJoin('sites', 'sites.id', 'sla_policies.site_id')
    .selectAll('sla_policies')
    .select('sites.name as site_name')
    .where('sla_policies.org_id', '=', orgId)
    .orderBy('sla_policies.site_id')
    .orderBy('sla_policies.case_type')
    .orderBy('sla_policies.priority')
    .execute();
}

/** The policies (organisation-wide and per site) for one case type and priority; usually none or a few. */
export async function findPoliciesFor(db: Executor, orgId: string, caseType: string, priority: string): Promise<SlaPolicyRow[]> {
  return db.selectFrom('sla_policies').selectAll().where('org_id', '=', orgId).where('case_type', '=', caseType).where('priority', '=', priority).execute();
}

export async function findPolicyById(db: Executor, orgId: string, id: string): Promise<SlaPolicyRow | undefined> {
  return db.selectFrom('sla_policies').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export async function findPolicyByKey(db: Executor, orgId: string, caseType: string, priority: string, siteId: string | null): Promise<SlaPolicyRow | undefined> {
  let query = db.selectFrom('sla_policies').selectAll().where('org_id', '=', orgId).where('case_type', '=', caseType).where('priority', '=', priority);
  query = siteId === null ? query.where('site_id', 'is', null) : query.where('site_id', '=', siteId);
  return query.executeTakeFirst();
}

export async function insertPolicy(db: Executor, row: SlaPolicyRow): Promise<void> {
  await db.insertInto('sla_policies').values(row).execute();
}

export function updatePolicyRow(db: Executor, orgId: string, id: string, version: number, changes: Partial<SlaPolicyRow>): Promise<boolean> {
  return updateIfVersion(db, 'sla_policies', orgId, id, version, changes);
}

export async function deletePolicy(db: Executor, orgId: string, id: string): Promise<void> {
  await db.deleteFrom('sla_policies').where('org_id', '=', orgId).where('id', '=', id).execute();
}

/** The site and its ancestors up to the top of the hierarchy, nearest first. */
export async function siteChain(db: Executor, orgId: string, siteId: string): Promise<string[]> {
  const chain: string[] = [];
  let current: string | null = siteId;
  // The hierarchy is a few levels deep; the bound only guards against a cycle in bad data.
  while (current && chain.length < 16 && !chain.includes(current)) {
    chain.push(current);
    const row: { parent_id: string | null } | undefined = await db.selectFrom('sites').select('parent_id').where('org_id', '=', orgId).where('id', '=', current).executeTakeFirst();
    current = row?.parent_id ?? null;
  }
  return chain;
}

/** The organisation's time zone and, when it has its own calendar, the calendar's row. */
export async function findCalendarHead(db: Executor, orgId: string) {
  return db
    .selectFrom('organizations')
    .leftJoin('business_calendars', 'business_calendars.org_id', 'organizations.id')
    .select([
      'organizations.timezone',
      'business_calendars.id as calendar_id',
      'business_calendars.weekly_hours',
      'business_calendars.version',
      'business_calendars.updated_at',
    ])
    .where('organizations.id', '=', orgId)
    .executeTakeFirstOrThrow();
}

export async function findCalendarDays(db: Executor, orgId: string) {
  return db.selectFrom('calendar_days').select(['date', 'kind', 'name', 'hours']).where('org_id', '=', orgId).orderBy('date').execute();
}

export async function insertCalendar(db: Executor, row: { id: string; org_id: string; weekly_hours: string; created_at: string; updated_at: string }): Promise<void> {
  await db.insertInto('business_calendars').values({ ...row, version: 1 }).execute();
}

export function updateCalendarRow(db: Executor, orgId: string, id: string, version: number, changes: { weekly_hours: string; updated_at: string }): Promise<boolean> {
  return updateIfVersion(db, 'business_calendars', orgId, id, version, changes);
}

/** Replaces the organisation's holidays and make-up days. */
export async function replaceCalendarDays(db: Executor, orgId: string, days: CalendarDaysTable[]): Promise<void> {
  await db.deleteFrom('calendar_days').where('org_id', '=', orgId).execute();
  // Chunked: SQLite limits the number of bound parameters in one statement.
  for (let i = 0; i < days.length; i += 100) await db.insertInto('calendar_days').values(days.slice(i, i + 100)).execute();
}

/** Active users holding `role` through a grant organisation-wide or on one of `siteIds`. */
export async function findRoleHolders(db: Executor, orgId: string, role: string, siteIds: string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('role_grants')
    .innerJoin('users', 'users.id', 'role_grants.user_id')
    .select('users.id')
    .distinct()
    .where('role_grants.org_id', '=', orgId)
    .where('role_grants.role', '=', role)
    .where('users.active', '=', 1)
    .where((eb) => eb.or([eb('role_grants.site_id', 'is', null), eb('role_grants.site_id', 'in', siteIds.length ? siteIds : [''])]))
    .execute();
  return rows.map((r) => r.id);
}

/** Open, unpaused cases of every organisation whose first-response or resolution deadline has passed and that can still escalate. */
export async function findBreachedCases(db: Executor, now: string, maxLevel: number, limit: number) {
  return db
    .selectFrom('cases')
    .select([
      'id',
      'org_id',
      'site_id',
      'number',
      'title',
      'type',
      'priority',
      'assignee_id',
      'escalation_level',
      'first_response_target_minutes',
      'resolution_target_minutes',
      'first_response_due_at',
      'first_responded_at',
      'resolution_due_at',
    ])
    // waiting_customer is left out: its clock is stopped.
    .where('status', 'in', ['new', 'assigned', 'in_progress'])
    .where('escalation_level', '<', maxLevel)
    .where((eb) =>
      eb.or([eb.and([eb('first_responded_at', 'is', null), eb('first_response_due_at', '<', now)]), eb('resolution_due_at', '<', now)]),
    )
    .orderBy('resolution_due_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Raises a case's escalation level only if it is still `from` and the case still open: when two
 * app instances sweep at once, the second update finds the level already changed (PostgreSQL
 * re-checks the condition after waiting for the first writer's row lock) and claims nothing.
 */
export async function claimEscalation(db: Executor, orgId: string, caseId: string, from: number, to: number): Promise<boolean> {
  const result = await db
    .updateTable('cases')
    .set({ escalation_level: to })
    .where('org_id', '=', orgId)
    .where('id', '=', caseId)
    .where('escalation_level', '=', from)
    .where('status', 'in', ['new', 'assigned', 'in_progress'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
