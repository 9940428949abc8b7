import type { z } from 'zod';
import { isClockPaused, nextStatus, OPEN_STATUSES, type CaseStatus } from '../../../shared/cases/state-machine.js';
import { AppError, type ErrorDetail } from '../../../shared/errors.js';
import { maskName, maskPhone } from '../../../shared/phone.js';
import { type CustomerTier, ROLE_PERMISSIONS, ROLES, type Role } from '../../../shared/roles.js';
import type { bulkAssignBody, Case, CaseDetail, CaseList, CaseEvent, caseCreateBody, caseListQuery, commentBody, transitionBody } from '../../../shared/schemas/cases.js';
import { deadline, type Pause } from '../../../shared/sla/business-calendar.js';
import type { Db } from '../../db/database.js';
import type { CaseEventRow, CaseRow } from '../../db/types.js';
import { newId, nowIso } from '../../lib/ids.js';
import { assertInScope, hasPermission, optionalSiteScope, requirePermission, scopeCovers, siteScope } from '../access/access.policy.js';
import { listCaseAttachments } from '../attachments/attachments.service.js';
import type { Actor, SiteScope } from '../access/actor.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import type { Executor, ServiceContext } from '../context.js';
import { indexCase, reindexCase } from '../search/search.repository.js';
import { insertCustomer, newCustomerRow } from '../customers/customers.repository.js';
import { findSiteRow } from '../sites/sites.repository.js';
import { recoveryOfCase } from '../recovery/recovery.view.js';
import { revisitsAfterCaseTransition } from '../revisits/revisits.service.js';
import { afterCaseWrite } from './case-effects.js';
import { caseSla, recordedCaseSla } from './case-sla.js';
import * as repo from './cases.repository.js';

function present(row: repo.CaseWithNames, piiScope: SiteScope): Case {
  const seesContact = scopeCovers(piiScope, row.site_id);
  return {
    id: row.id,
    number: row.number,
    type: row.type as Case['type'],
    channel: row.channel as Case['channel'],
    priority: row.priority as Case['priority'],
    status: row.status as CaseStatus,
    title: row.title,
    description: row.description,
    siteId: row.site_id,
    siteName: row.site_name,
    customer:
      row.customer_id && row.customer_name !== null && row.customer_phone !== null
        ? {
            id: row.customer_id,
            name: seesContact ? row.customer_name : maskName(row.customer_name),
            phone: seesContact ? row.customer_phone : maskPhone(row.customer_phone),
            tier: row.customer_tier as CustomerTier,
            stage: (row.customer_stage ?? 'none') as Case['stage'],
            masked: !seesContact,
          }
        : null,
    assigneeId: row.assignee_id,
    assigneeName: row.assignee_name,
    mergedIntoId: row.merged_into_id,
    firstResponseDueAt: row.first_response_due_at,
    firstRespondedAt: row.first_responded_at,
    resolutionDueAt: row.resolution_due_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    reopenCount: row.reopen_count,
    causeCode: row.cause_code,
    escalationLevel: row.escalation_level,
    stage: row.stage as Case['stage'],
    stageSignals: JSON.parse(row.stage_signals) as Case['stageSignals'],
    stageChangedAt: row.stage_changed_at,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function presentEvent(row: CaseEventRow): CaseEvent {
  return {
    id: row.id,
    kind: row.kind as CaseEvent['kind'],
    action: row.action as CaseEvent['action'],
    fromStatus: row.from_status as CaseStatus | null,
    toStatus: row.to_status as CaseStatus | null,
    body: row.body,
    public: Boolean(row.public),
    actorId: row.actor_id,
    actorName: row.actor_name,
    data: row.data ? (JSON.parse(row.data) as Record<string, unknown>) : null,
    createdAt: row.created_at,
  };
}

/** The organisation's local date as YYYYMMDD, for case numbers. */
// Constructing an Intl.DateTimeFormat costs more than the rest of numbering a case: one per zone.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

function localDay(at: Date, timezone: string): string {
  let format = dayFormats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('sv-SE', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
    if (dayFormats.size > 100) dayFormats.clear(); // organisations have a handful of zones; bounded anyway
    dayFormats.set(timezone, format);
  }
  return format.format(at).replaceAll('-', '');
}

/** Waiting-for-customer periods from the case's history: the SLA clock stops during them. */
function pausesOf(events: CaseEventRow[]): Pause[] {
  const pauses: Pause[] = [];
  for (const e of events) {
    if (e.kind !== 'transition') continue;
    if (e.to_status && isClockPaused(e.to_status as CaseStatus) && !(e.from_status && isClockPaused(e.from_status as CaseStatus))) {
      pauses.push({ from: new Date(e.created_at), to: null });
    } else if (e.from_status && isClockPaused(e.from_status as CaseStatus) && pauses.length && pauses[pauses.length - 1].to === null) {
      pauses[pauses.length - 1].to = new Date(e.created_at);
    }
  }
  return pauses;
}

const actorName = (actor: Actor) => ({ actorId: actor.userId, actorName: actor.name });

/** Roles that can work cases (hold cases.write): the people a team is made of. */
const CASE_WORKER_ROLES = ROLES.filter((role) => ROLE_PERMISSIONS[role].includes('cases.write'));

/**
 * The sites whose people form the caller's team. "My team" means the cases assigned to anyone who
 * holds cases.write through a grant on one of these sites (the site itself or one below it):
 * - supervisors, site directors and specialists (cases.assign): the sites they supervise, i.e.
 *   their cases.assign scope — an organisation-wide specialist's team is everyone who works cases;
 * - agents and inspectors (cases.write only): the sites they work on, so their team is their colleagues there;
 * - people who hold neither have no team (the queue is empty).
 * Staff granted above those sites (a region, organisation-wide) belong to the team of whoever
 * supervises that level, not to every site team below it. The list stays limited to the caller's
 * readable sites as always.
 */
async function teamSites(ctx: ServiceContext): Promise<SiteScope> {
  const supervised = await optionalSiteScope(ctx.db, ctx.actor, 'cases.assign');
  if (supervised.all || supervised.siteIds.length) return supervised;
  return optionalSiteScope(ctx.db, ctx.actor, 'cases.write');
}

/** Lists cases on the caller's sites, filtered and sorted (newest first unless asked otherwise). */
export async function listCases(ctx: ServiceContext, query: z.infer<typeof caseListQuery>): Promise<CaseList> {
  const [scope, piiScope] = await Promise.all([siteScope(ctx.db, ctx.actor, 'cases.read'), optionalSiteScope(ctx.db, ctx.actor, 'customers.pii')]);
  const assigneeId = query.assigneeId === 'me' ? ctx.actor.userId : query.assigneeId === 'none' ? null : query.assigneeId;
  const { rows, total, totalCapped } = await repo.findCases(
    ctx.db,
    ctx.actor.orgId,
    scope,
    {
      ...query,
      assigneeId,
      overdueAt: query.overdue === 'true' ? nowIso() : undefined,
      causeCode: query.causeCode === 'none' ? null : query.causeCode,
      assignedWithin: query.team === 'true' ? { roles: CASE_WORKER_ROLES, scope: await teamSites(ctx) } : undefined,
    },
    query,
  );
  return { items: rows.map((r) => present(r, piiScope)), total, ...(totalCapped ? { totalCapped } : {}), page: query.page, pageSize: query.pageSize };
}

/** One case with its full history; internal notes included (staff only). */
export async function getCase(ctx: ServiceContext, id: string): Promise<CaseDetail> {
  const scope = await siteScope(ctx.db, ctx.actor, 'cases.read');
  const row = await repo.findCase(ctx.db.kysely, ctx.actor.orgId, id);
  if (!row) throw new AppError('not_found', 'Case not found');
  assertInScope(scope, row.site_id, 'Case');
  const [events, piiScope, attachments, recovery] = await Promise.all([
    repo.findCaseEvents(ctx.db.kysely, ctx.actor.orgId, id),
    optionalSiteScope(ctx.db, ctx.actor, 'customers.pii'),
    listCaseAttachments(ctx.db.kysely, ctx.actor.orgId, id),
    recoveryOfCase(ctx, row.site_id, id),
  ]);
  return { ...present(row, piiScope), events: events.map(presentEvent), attachments, ...recovery };
}

/** Records a contact as a case: numbered, on a site, with deadlines from the service-level targets. */
export async function createCase(ctx: ServiceContext, input: z.infer<typeof caseCreateBody>): Promise<CaseDetail> {
  const scope = await siteScope(ctx.db, ctx.actor, 'cases.write');
  const created = await ctx.db.kysely.transaction().execute(async (trx) => {
    const site = await findSiteRow(trx, ctx.actor.orgId, input.siteId);
    if (!site || !scopeCovers(scope, site.id)) {
      throw new AppError('validation_failed', 'The site does not exist', [{ path: 'siteId', message: 'not_found', code: 'not_found' }]);
    }
    const customerId = await resolveCustomer(ctx, trx, input, site.id, nowIso());
    const row = await insertNewCase({ ...ctx.db, kysely: trx }, ctx.actor.orgId, ctx.actor, { ...input, siteId: site.id, customerId });
    await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'create', entity: 'case', entityId: row.id, after: { number: row.number, type: row.type, siteId: row.site_id } });
    return row.id;
  });
  return getCase(ctx, created);
}

/** A new case as any creator records it: staff in the workspace, or the customer on the portal (actor null). */
export interface NewCase {
  type: Case['type'];
  channel: Case['channel'];
  priority: Case['priority'];
  siteId: string;
  customerId: string | null;
  title: string;
  description: string;
}

/**
 * Writes a new case inside the caller's transaction (`db.kysely` is the transaction): its number,
 * its deadlines, its search index row, its "created" event and whatever follows from it. The site
 * and customer must already be checked; the caller writes the audit event.
 */
export async function insertNewCase(db: Db, orgId: string, actor: Actor | null, input: NewCase): Promise<CaseRow> {
  const trx = db.kysely;
  const now = new Date();
  const { timezone, calendar, targets } = await caseSla(trx, orgId, input);
  const day = localDay(now, timezone);
  const sequence = await repo.nextCaseSequence(trx, orgId, day);
  const row: CaseRow = {
    id: newId(),
    org_id: orgId,
    site_id: input.siteId,
    number: `FW-${day}-${String(sequence).padStart(4, '0')}`,
    type: input.type,
    channel: input.channel,
    priority: input.priority,
    status: 'new',
    title: input.title,
    description: input.description,
    customer_id: input.customerId,
    assignee_id: null,
    created_by: actor?.userId ?? null,
    merged_into_id: null,
    first_response_due_at: deadline(now, targets.firstResponse, [], calendar)?.toISOString() ?? null,
    first_responded_at: null,
    resolution_due_at: deadline(now, targets.resolution, [], calendar)?.toISOString() ?? null,
    resolved_at: null,
    closed_at: null,
    reopen_count: 0,
    cause_code: null, cause_coded_at: null, cause_coded_by: null,
    escalation_level: 0,
    first_response_target_minutes: targets.firstResponse,
    resolution_target_minutes: targets.resolution,
    stage: 'none', stage_signals: '[]', stage_changed_at: null,
    version: 1,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  await repo.insertCase(trx, row);
  await indexCase(db, orgId, row.id, `${row.title}\n${row.description}`);
  await repo.insertCaseEvent(trx, orgId, row.id, { kind: 'created', toStatus: 'new', actorId: actor?.userId ?? null, actorName: actor?.name ?? null, data: { channel: input.channel } });
  await afterCaseWrite(db, orgId, row.id, { kind: 'created', actor });
  return row;
}

/** The customer of a new case: the one named, the one already registered with this phone, or a new one. */
async function resolveCustomer(ctx: ServiceContext, trx: Executor, input: z.infer<typeof caseCreateBody>, siteId: string, now: string): Promise<string | null> {
  if (input.customerId) {
    const readScope = await siteScope({ ...ctx.db, kysely: trx }, ctx.actor, 'cases.read');
    const customer = await trx
      .selectFrom('customers')
      .select(['id', 'site_id'])
      .where('org_id', '=', ctx.actor.orgId)
      .where('id', '=', input.customerId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!customer || !scopeCovers(readScope, customer.site_id)) {
      throw new AppError('validation_failed', 'The customer does not exist', [{ path: 'customerId', message: 'not_found', code: 'not_found' }]);
    }
    return customer.id;
  }
  if (!input.customer) return null;
  const existing = await repo.findCustomerByPhone(trx, ctx.actor.orgId, input.customer.phone, siteId);
  if (existing) return existing.id;
  const id = newId();
  await insertCustomer(trx, newCustomerRow({ id, org_id: ctx.actor.orgId, site_id: siteId, name: input.customer.name, phone: input.customer.phone, created_at: now }));
  await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'create', entity: 'customer', entityId: id, after: { name: input.customer.name, via: 'case' } });
  return id;
}

/** Someone a case may be given to: their cases.write scope, or null when they cannot own cases at all. */
type Assignee = { id: string; writeScope: SiteScope | null };

/** Loads a prospective owner of cases (an active account of the organisation) and the sites they may work. */
async function loadAssignee(ctx: ServiceContext, trx: Executor, userId: string): Promise<Assignee> {
  const user = await repo.findAssignable(trx, ctx.actor.orgId, userId);
  const candidate: Actor | undefined = user && {
    kind: 'session',
    orgId: ctx.actor.orgId,
    userId: user.id,
    username: '',
    name: user.name,
    grants: user.grants.map((g) => ({ role: g.role as Role, siteId: g.site_id })),
  };
  if (!candidate || !hasPermission(candidate, 'cases.write')) return { id: userId, writeScope: null };
  // Read through the transaction: on SQLite a query outside it would wait for it forever.
  return { id: userId, writeScope: await siteScope({ ...ctx.db, kysely: trx }, candidate, 'cases.write') };
}

/** What one transition needs besides the case and the input: the caller's scopes and, per assignee, the assignee's. */
interface TransitionScopes {
  write: SiteScope;
  assign: SiteScope;
  assignees: Map<string, Assignee>;
}

async function transitionScopes(ctx: ServiceContext): Promise<TransitionScopes> {
  const [write, assign] = await Promise.all([siteScope(ctx.db, ctx.actor, 'cases.write'), optionalSiteScope(ctx.db, ctx.actor, 'cases.assign')]);
  return { write, assign, assignees: new Map() };
}

/**
 * One lifecycle step of one case inside the caller's transaction, with every rule: scope (404),
 * version (409 stale_version), who may assign to whom (403 / 400 not_assignable), the state
 * machine (409 illegal_transition); then the row, its event, the search index, the audit row and
 * afterCaseWrite. Single transitions and bulk assignment both go through here.
 */
async function applyTransition(ctx: ServiceContext, trx: Executor, scopes: TransitionScopes, id: string, input: z.infer<typeof transitionBody>): Promise<void> {
  const row = await repo.findCase(trx, ctx.actor.orgId, id);
  if (!row) throw new AppError('not_found', 'Case not found');
  assertInScope(scopes.write, row.site_id, 'Case');
  if (row.version !== input.version) {
    throw new AppError('stale_version', 'The case was changed by someone else; reload and try again', { expected: input.version, current: row.version });
  }
  const from = row.status as CaseStatus;
  let assigneeId = row.assignee_id;
  if (input.action === 'assign') {
    const target = input.assigneeId ?? ctx.actor.userId;
    if (target !== ctx.actor.userId && !scopeCovers(scopes.assign, row.site_id)) {
      throw new AppError('forbidden', 'Only supervisors may assign cases to others');
    }
    let assignee = scopes.assignees.get(target);
    if (!assignee) {
      assignee = await loadAssignee(ctx, trx, target);
      scopes.assignees.set(target, assignee);
    }
    if (!assignee.writeScope || !scopeCovers(assignee.writeScope, row.site_id)) {
      throw new AppError('validation_failed', 'This person cannot take cases of this site', [{ path: 'assigneeId', message: 'not_assignable', code: 'not_assignable' }]);
    }
    assigneeId = target;
  }
  const to = nextStatus(from, input.action, { hasAssignee: assigneeId !== null });
  if (to === null) {
    throw new AppError('illegal_transition', `A case that is ${from} cannot be ${input.action}`, { from, action: input.action });
  }
  const now = nowIso();
  const changes: Partial<CaseRow> = { status: to, assignee_id: assigneeId, updated_at: now };
  if (input.action === 'resolve') changes.resolved_at = now;
  if (input.action === 'close') changes.closed_at = now;
  if (input.action === 'reopen') {
    changes.reopen_count = row.reopen_count + 1;
    changes.resolved_at = null;
    changes.closed_at = null;
  }
  // Starting work or resolving counts as the first response when no reply came before.
  if ((to === 'in_progress' || to === 'resolved') && !row.first_responded_at) changes.first_responded_at = now;
  if (input.action === 'merge') {
    if (!input.intoCaseId || input.intoCaseId === id) {
      throw new AppError('validation_failed', 'Name the case to merge into', [{ path: 'intoCaseId', message: 'required', code: 'required' }]);
    }
    const target = await repo.findCase(trx, ctx.actor.orgId, input.intoCaseId);
    if (!target || !scopeCovers(scopes.write, target.site_id) || !OPEN_STATUSES.includes(target.status as CaseStatus)) {
      throw new AppError('validation_failed', 'The case to merge into does not exist or is no longer open', [{ path: 'intoCaseId', message: 'not_found', code: 'not_found' }]);
    }
    changes.merged_into_id = target.id;
    await repo.insertCaseEvent(trx, ctx.actor.orgId, target.id, { kind: 'merged_in', ...actorName(ctx.actor), data: { caseId: id, number: row.number } });
  }
  if (isClockPaused(from) && !isClockPaused(to) && row.resolution_due_at) {
    // Leaving "waiting for the customer": the resolution deadline moves by the business time spent waiting.
    const events = await repo.findCaseEvents(trx, ctx.actor.orgId, id);
    const pauses = pausesOf(events).map((p) => (p.to === null ? { ...p, to: new Date(now) } : p));
    const { calendar, targets } = await recordedCaseSla(trx, ctx.actor.orgId, row);
    changes.resolution_due_at = deadline(new Date(row.created_at), targets.resolution, pauses, calendar)?.toISOString() ?? row.resolution_due_at;
  }
  if (!(await repo.updateCaseRow(trx, ctx.actor.orgId, id, row.version, changes))) {
    throw new AppError('stale_version', 'The case was changed by someone else; reload and try again');
  }
  await repo.insertCaseEvent(trx, ctx.actor.orgId, id, {
    kind: 'transition',
    action: input.action,
    fromStatus: from,
    toStatus: to,
    body: input.note || null,
    ...actorName(ctx.actor),
    data: input.action === 'assign' ? { assigneeId } : input.action === 'merge' ? { intoCaseId: input.intoCaseId } : null,
  });
  // Resolving schedules the customer's callback; reopening, cancelling or merging cancels an open one.
  await revisitsAfterCaseTransition({ ...ctx.db, kysely: trx }, ctx.actor, { ...row, assignee_id: assigneeId }, input.action);
  // A note typed with a status change is searchable like any other note.
  if (input.note) await reindexCase({ ...ctx.db, kysely: trx }, ctx.actor.orgId, id);
  await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, {
    action: input.action,
    entity: 'case',
    entityId: id,
    before: { status: from, assigneeId: row.assignee_id },
    after: { status: to, assigneeId },
  });
  await afterCaseWrite({ ...ctx.db, kysely: trx }, ctx.actor.orgId, id, { kind: 'transition', action: input.action, actor: ctx.actor });
}

/**
 * Moves a case through its lifecycle. The state machine decides what is legal (409 otherwise);
 * the version guards against two people acting on the same case at once (409 stale_version).
 */
export async function transitionCase(ctx: ServiceContext, id: string, input: z.infer<typeof transitionBody>): Promise<CaseDetail> {
  const scopes = await transitionScopes(ctx);
  await ctx.db.kysely.transaction().execute((trx) => applyTransition(ctx, trx, scopes, id, input));
  return getCase(ctx, id);
}

/** How a refused case counts towards the answer of a bulk request: conflicts first, then permission, then input. */
const BULK_REFUSAL_RANK: Partial<Record<AppError['code'], number>> = { stale_version: 3, illegal_transition: 3, forbidden: 2 };

/**
 * Assigns up to 200 cases to one person, all or none, in one transaction: every case goes through
 * the same rules as a single assignment and gets its own event, audit row and afterCaseWrite. When
 * any case is refused nothing changes and the answer names every refused case (its number when
 * the caller may see it): 409 if one was changed meanwhile or cannot be assigned in its status,
 * else 403 / 400.
 */
export async function bulkAssignCases(ctx: ServiceContext, input: z.infer<typeof bulkAssignBody>): Promise<{ items: Case[] }> {
  requirePermission(ctx.actor, 'cases.assign');
  const scopes = await transitionScopes(ctx);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const refused: (ErrorDetail & { caseId: string; number?: string; status: AppError['code'] })[] = [];
    for (const [index, item] of input.cases.entries()) {
      try {
        await applyTransition(ctx, trx, scopes, item.id, { action: 'assign', assigneeId: input.assigneeId, version: item.version });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        // A case outside the caller's sites is only "not found": its number stays unrevealed.
        const row = error.code === 'not_found' ? undefined : await repo.findCase(trx, ctx.actor.orgId, item.id);
        const reason = Array.isArray(error.details) && error.details[0]?.code ? error.details[0].code : error.code;
        refused.push({
          path: `cases.${index}.${error.code === 'stale_version' ? 'version' : 'id'}`,
          message: row ? `${row.number}: ${error.message}` : error.message,
          code: reason,
          caseId: item.id,
          number: row?.number,
          status: error.code,
        });
      }
    }
    if (refused.length) {
      const worst = Math.max(...refused.map((r) => BULK_REFUSAL_RANK[r.status] ?? 1));
      const code: AppError['code'] = worst === 3 ? (refused.some((r) => r.status === 'stale_version') ? 'stale_version' : 'illegal_transition') : worst === 2 ? 'forbidden' : 'validation_failed';
      const numbers = refused.map((r) => r.number ?? r.caseId).join(', ');
      // Throwing rolls the whole transaction back: the cases already assigned in the loop are undone.
      throw new AppError(code, `No case was assigned; refused: ${numbers}`, refused.map(({ status: _status, ...detail }) => detail));
    }
  });
  const piiScope = await optionalSiteScope(ctx.db, ctx.actor, 'customers.pii');
  const rows = await repo.findCasesByIds(ctx.db.kysely, ctx.actor.orgId, input.cases.map((c) => c.id));
  return { items: rows.map((r) => present(r, piiScope)) };
}

/** Adds a public reply (the customer sees it) or an internal note. */
export async function addComment(ctx: ServiceContext, id: string, input: z.infer<typeof commentBody>): Promise<CaseDetail> {
  const scope = await siteScope(ctx.db, ctx.actor, 'cases.write');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await repo.findCase(trx, ctx.actor.orgId, id);
    if (!row) throw new AppError('not_found', 'Case not found');
    assertInScope(scope, row.site_id, 'Case');
    if (row.status === 'merged' || row.status === 'cancelled') {
      throw new AppError('illegal_transition', `A case that is ${row.status} takes no more comments`, { from: row.status, action: 'comment' });
    }
    const now = nowIso();
    await repo.insertCaseEvent(trx, ctx.actor.orgId, id, { kind: input.public ? 'comment' : 'note', body: input.body, public: input.public, ...actorName(ctx.actor) });
    await reindexCase({ ...ctx.db, kysely: trx }, ctx.actor.orgId, id);
    const changes: Partial<CaseRow> = { updated_at: now };
    if (input.public && !row.first_responded_at) changes.first_responded_at = now;
    // A comment does not conflict with other edits, so it does not demand the version the writer read.
    await trx.updateTable('cases').set({ ...changes, version: row.version + 1 }).where('id', '=', id).where('org_id', '=', ctx.actor.orgId).execute();
    await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: input.public ? 'reply' : 'note', entity: 'case', entityId: id, after: { public: input.public } });
    await afterCaseWrite({ ...ctx.db, kysely: trx }, ctx.actor.orgId, id, { kind: input.public ? 'comment' : 'note', actor: ctx.actor });
  });
  return getCase(ctx, id);
}
