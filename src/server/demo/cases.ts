/**
 * Demo (and benchmark) cases: months of contacts of every type across the sites, each with the
 * history a real case would have: taken by an agent or assigned by a supervisor, started, answered
 * in public, sometimes noted internally, parked while waiting for the customer, resolved (some
 * after their deadline), closed, a few reopened, cancelled or merged as duplicates; complaints and
 * repairs coded to causes as a specialist would. Planned in memory from a seed; the writer in
 * seed-cases.ts stores them in batches.
 */
import { defaultSlaTargets } from '../../shared/cases/sla-targets.js';
import type { CaseChannel, CasePriority, CaseType } from '../../shared/schemas/cases.js';
import { type BusinessCalendar, deadline } from '../../shared/sla/business-calendar.js';
import type { CaseEventRow, CaseRecoveryRow, CaseRow } from '../db/types.js';
import { newId } from '../lib/ids.js';
import { DEFAULT_CAUSES } from '../text/default-causes.js';
import { caseText, type Matter, pickMatter, replyText } from './case-texts.js';
import type { Rng } from './random.js';
import type { LocalClock } from './time.js';

export interface CaseSiteContext {
  id: string;
  /** building names customers of the site mention (1号楼, A座…) */
  buildings: readonly string[];
  agents: readonly { id: string; name: string }[];
  supervisors: readonly { id: string; name: string }[];
  customers: readonly { id: string; unit: string | null }[];
  /** relative share of the contacts */
  weight: number;
}

export interface CasePlanContext {
  orgId: string;
  sites: readonly CaseSiteContext[];
  specialist: { id: string; name: string } | null;
  clock: LocalClock;
  calendar: BusinessCalendar;
  now: Date;
  /** cases are spread over this many days before today */
  historyDays: number;
}

export interface PlannedCase {
  row: CaseRow;
  events: CaseEventRow[];
  /** the local day (YYYYMMDD) of its number, for the counters */
  day: string;
  /** the text the search index holds: title, description, replies and notes */
  searchText: string;
  /** service recovery on a complaint that went wrong on our side */
  recovery: CaseRecoveryRow | null;
}

const ATTRIBUTION = new Map(DEFAULT_CAUSES.map((c) => [c.code, c.attributionClass]));

/** What a recovery gave, by how bad the failure was: mostly an apology, sometimes something in kind, rarely money. */
const COMPENSATIONS: readonly (readonly [{ type: CaseRecoveryRow['compensation_type']; fen: [number, number]; note: string | null }, number])[] = [
  [{ type: 'none', fen: [0, 0], note: null }, 50],
  [{ type: 'free_service', fen: [5_000, 30_000], note: '免费上门维修一次' }, 18],
  [{ type: 'gift', fen: [5_000, 20_000], note: '赠送节日礼盒' }, 12],
  [{ type: 'discount', fen: [10_000, 60_000], note: '减免一个月物业费' }, 12],
  [{ type: 'refund', fen: [3_000, 50_000], note: '退还多收费用' }, 6],
  [{ type: 'cash', fen: [100_000, 300_000], note: '赔偿地板及吊顶损失' }, 2],
];
const EXPLANATIONS = ['已当面向业主致歉并说明原因。', '电话致歉，说明处理进度和后续措施。', '上门说明情况，业主表示理解。'];

const CHANNELS: Record<CaseType, readonly (readonly [CaseChannel, number])[]> = {
  complaint: [['hotline', 4], ['phone', 3], ['portal', 2], ['counter', 2], ['visit', 1], ['letter', 0.3], ['social', 0.5], ['email', 0.3]],
  repair: [['phone', 4], ['portal', 3], ['counter', 2], ['chat', 1], ['inspection', 0.5]],
  inquiry: [['phone', 4], ['counter', 3], ['portal', 2], ['chat', 2], ['email', 0.5]],
  message: [['portal', 4], ['chat', 2], ['counter', 1], ['letter', 0.5]],
  suggestion: [['portal', 3], ['letter', 1], ['counter', 1], ['survey', 1], ['email', 0.5]],
  praise: [['phone', 2], ['portal', 2], ['letter', 2], ['counter', 1], ['social', 0.5]],
};

const PRIORITIES: readonly (readonly [CasePriority, number])[] = [['urgent', 3], ['high', 12], ['normal', 75], ['low', 10]];

const NOTES = ['已电话联系客户，客户表示理解。', '需协调工程部共同处理。', '客户情绪较激动，注意沟通方式。', '已拍照留档。', '客户要求主管回电。'];
const WAIT_REASONS = ['等待客户确认上门时间。', '等待客户提供照片。', '客户出差，约定下周处理。'];

const MINUTE = 60_000;

function localDay(iso: string, timezone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso)).replaceAll('-', '');
}

/**
 * `count` cases with their events. Numbers are given per local day in creation order, so the
 * generator walks the days oldest first; `startSequence` lets a writer continue after existing cases.
 */
export function* planCases(rng: Rng, context: CasePlanContext, count: number): Generator<PlannedCase> {
  const siteWeights = context.sites.map((s) => [s, s.weight] as const);
  const dayFormat = new Map<number, string>();
  // Cases per day follow the calendar: fewer at weekends. Planned as a list of (daysAgo) sorted oldest first.
  const days: number[] = [];
  for (let i = 0; i < count; i++) {
    let daysAgo = rng.int(0, context.historyDays - 1);
    const weekday = context.clock.weekday(daysAgo);
    if ((weekday === 0 || weekday === 6) && rng.chance(0.45)) daysAgo = rng.int(0, context.historyDays - 1);
    days.push(daysAgo);
  }
  days.sort((a, b) => b - a);
  const sequences = new Map<string, number>();
  const nowMs = context.now.getTime();

  for (const daysAgo of days) {
    const minute = daysAgo === 0 ? rng.int(8 * 60, Math.max(8 * 60, minuteOfDayNow(context) - 30)) : rng.int(8 * 60, 20 * 60);
    const createdAt = context.clock.at(daysAgo, minute);
    if (Date.parse(createdAt) > nowMs) continue;
    const site = rng.weighted(siteWeights);
    const matter = pickMatter(rng);
    const type = rng.weighted(matter.types);
    let day = dayFormat.get(daysAgo);
    if (!day) {
      day = localDay(createdAt, context.calendar.timezone);
      dayFormat.set(daysAgo, day);
    }
    const sequence = (sequences.get(day) ?? 0) + 1;
    sequences.set(day, sequence);
    yield planOne(rng, context, site, matter, type, createdAt, `FW-${day}-${String(sequence).padStart(4, '0')}`, day);
  }
}

function minuteOfDayNow(context: CasePlanContext): number {
  // The clock gives today's instants; find how far into the local day "now" is.
  const midnight = Date.parse(context.clock.at(0, 0));
  return Math.floor((context.now.getTime() - midnight) / MINUTE);
}

function planOne(rng: Rng, context: CasePlanContext, site: CaseSiteContext, matter: Matter, type: CaseType, createdAt: string, number: string, day: string): PlannedCase {
  const id = newId();
  const customer = site.customers.length && rng.chance(0.92) ? rng.pick(site.customers) : null;
  const building = rng.pick(site.buildings);
  const { title, description } = caseText(rng, matter, { building, unit: customer?.unit ?? '' });
  const priority = type === 'praise' || type === 'suggestion' ? 'low' : rng.weighted(PRIORITIES);
  const targets = defaultSlaTargets(type, priority);
  const created = new Date(createdAt);
  const firstDue = deadline(created, targets.firstResponse, [], context.calendar);
  const resolutionDue = deadline(created, targets.resolution, [], context.calendar);
  const agent = rng.pick(site.agents);
  const supervisor = site.supervisors.length ? rng.pick(site.supervisors) : agent;
  const nowMs = context.now.getTime();
  const ageMinutes = (nowMs - created.getTime()) / MINUTE;

  const events: CaseEventRow[] = [];
  const texts = [title, description];
  const t = created.getTime();
  // Events never go back in time, whatever the plan drew: each comes at least a minute after the last.
  let cursor = t - MINUTE;
  const event = (planned: number, e: Partial<CaseEventRow> & { kind: string }, who: { id: string; name: string } | null) => {
    const at = Math.max(planned, cursor + MINUTE);
    cursor = at;
    events.push({
      id: newId(),
      org_id: context.orgId,
      case_id: id,
      action: null,
      from_status: null,
      to_status: null,
      body: null,
      public: 0,
      data: null,
      ...e,
      actor_id: who?.id ?? null,
      actor_name: who?.name ?? null,
      created_at: new Date(at).toISOString(),
    });
  };
  const channel = rng.weighted(CHANNELS[type]);
  event(t, { kind: 'created', to_status: 'new', data: JSON.stringify({ channel }) }, channel === 'portal' ? null : agent);

  // How far the case got: old cases are almost all finished; young ones are still being worked.
  const late = rng.chance(type === 'complaint' ? 0.16 : 0.1);
  const dueMs = resolutionDue?.getTime() ?? t + 3 * 24 * 60 * MINUTE;
  const firstDueMs = firstDue?.getTime() ?? t + 4 * 60 * MINUTE;
  const resolveAt = late ? dueMs + rng.int(60, 4 * 24 * 60) * MINUTE : t + (dueMs - t) * (0.15 + 0.8 * rng.next());
  const closeAt = resolveAt + rng.int(24 * 60, 4 * 24 * 60) * MINUTE;

  let status = 'new';
  let assignee: { id: string; name: string } | null = null;
  let firstRespondedAt: string | null = null;
  let resolvedAt: string | null = null;
  let closedAt: string | null = null;
  let reopenCount = 0;
  const transition = (at: number, action: string, to: string, who: { id: string; name: string } | null, body: string | null = null, data: unknown = null) => {
    event(at, { kind: 'transition', action, from_status: status, to_status: to, body, data: data === null ? null : JSON.stringify(data) }, who);
    status = to;
  };
  const reached = (at: number) => Math.max(at, cursor + MINUTE) <= nowMs;

  // A few duplicates and mistaken contacts never get far.
  if (rng.chance(0.012)) {
    const at = t + rng.int(10, 120) * MINUTE;
    if (reached(at)) transition(at, 'cancel', 'cancelled', supervisor, '客户来电说明已自行解决，撤销。');
  } else {
    const assignAt = t + rng.int(3, Math.max(5, Math.min(180, (firstDueMs - t) / MINUTE))) * MINUTE * (late && rng.chance(0.3) ? 2.5 : 1);
    if (reached(assignAt)) {
      assignee = agent;
      const byOther = rng.chance(0.5);
      transition(assignAt, 'assign', 'assigned', byOther ? supervisor : agent, null, { assigneeId: agent.id });
      const startAt = assignAt + rng.int(5, 120) * MINUTE;
      if (reached(startAt)) {
        transition(startAt, 'start', 'in_progress', agent);
        firstRespondedAt = new Date(cursor).toISOString();
        const replyAt = startAt + rng.int(10, 240) * MINUTE;
        if (reached(replyAt) && replyAt < resolveAt) {
          const reply = replyText(rng, matter);
          texts.push(reply);
          event(replyAt, { kind: 'comment', body: reply, public: 1 }, agent);
        }
        if (rng.chance(0.25)) {
          const noteAt = startAt + rng.int(5, 60) * MINUTE;
          if (reached(noteAt) && noteAt < resolveAt) {
            const note = rng.pick(NOTES);
            texts.push(note);
            event(noteAt, { kind: 'note', body: note }, agent);
          }
        }
        if (rng.chance(0.08)) {
          const waitAt = startAt + rng.int(30, 300) * MINUTE;
          const backAt = waitAt + rng.int(2 * 60, 3 * 24 * 60) * MINUTE;
          if (reached(waitAt) && waitAt < resolveAt) {
            const reason = rng.pick(WAIT_REASONS);
            texts.push(reason);
            transition(waitAt, 'wait', 'waiting_customer', agent, reason);
            if (reached(backAt) && backAt < resolveAt) transition(backAt, 'start', 'in_progress', agent);
          }
        }
        const resolveTime = Math.max(resolveAt, cursor + rng.int(30, 600) * MINUTE);
        if (reached(resolveTime) && rng.chance(0.985)) {
          transition(resolveTime, 'resolve', 'resolved', agent, '已处理完毕。');
          resolvedAt = new Date(cursor).toISOString();
          // Some customers are not satisfied with the fix: the case comes back once.
          if ((type === 'complaint' || type === 'repair') && rng.chance(0.05)) {
            const reopenAt = cursor + rng.int(60, 2 * 24 * 60) * MINUTE;
            if (reached(reopenAt)) {
              transition(reopenAt, 'reopen', 'in_progress', supervisor, '客户回访表示问题仍未解决。');
              reopenCount = 1;
              resolvedAt = null;
              const again = cursor + rng.int(4 * 60, 3 * 24 * 60) * MINUTE;
              if (reached(again)) {
                transition(again, 'resolve', 'resolved', agent, '返修完成。');
                resolvedAt = new Date(cursor).toISOString();
              }
            }
          }
          const closeTime = Math.max(closeAt, resolvedAt ? Date.parse(resolvedAt) + 24 * 60 * MINUTE : closeAt);
          if (resolvedAt && reached(closeTime) && ageMinutes > 3 * 24 * 60) {
            transition(closeTime, 'close', 'closed', supervisor);
            closedAt = new Date(cursor).toISOString();
          }
        }
      }
    }
  }

  const coded = (type === 'complaint' || type === 'repair') && matter.causes.length && (status === 'resolved' || status === 'closed' || rng.chance(0.3));
  const causeCode = coded ? rng.weighted(matter.causes) : null;
  const lastAt = events[events.length - 1].created_at;
  const row: CaseRow = {
    id,
    org_id: context.orgId,
    site_id: site.id,
    number,
    type,
    channel,
    priority,
    status,
    title,
    description,
    customer_id: customer?.id ?? null,
    assignee_id: assignee?.id ?? null,
    created_by: channel === 'portal' ? null : agent.id,
    merged_into_id: null,
    first_response_due_at: firstDue?.toISOString() ?? null,
    first_responded_at: firstRespondedAt,
    resolution_due_at: resolutionDue?.toISOString() ?? null,
    resolved_at: resolvedAt,
    closed_at: closedAt,
    reopen_count: reopenCount,
    // The escalation sweep raises overdue open cases when the app runs.
    escalation_level: 0,
    first_response_target_minutes: targets.firstResponse,
    resolution_target_minutes: targets.resolution,
    // Placed on the ladder by the writer, from the stored rows (seed-cases.ts).
    stage: 'none',
    stage_signals: '[]',
    stage_changed_at: null,
    version: events.length,
    created_at: createdAt,
    updated_at: lastAt,
    cause_code: causeCode,
    cause_coded_at: causeCode ? lastAt : null,
    cause_coded_by: causeCode ? (context.specialist?.id ?? supervisor.id) : null,
  };
  if (causeCode) event(Date.parse(lastAt), { kind: 'cause', data: JSON.stringify({ from: null, to: causeCode }) }, context.specialist ?? supervisor);
  // Complaints whose cause lies with us (classes 1 and 2) get a recovery a good part of the time.
  const attribution = causeCode ? ATTRIBUTION.get(causeCode) : undefined;
  let recovery: CaseRecoveryRow | null = null;
  if (type === 'complaint' && firstRespondedAt && attribution && attribution <= 2 && rng.chance(0.45)) {
    const planned = Date.parse(firstRespondedAt) + rng.int(10, 24 * 60) * MINUTE;
    // After everything already in the timeline (events never go back in time), and not in the future.
    const given = Math.max(planned, cursor + MINUTE);
    if (given <= nowMs) {
      const c = rng.weighted(COMPENSATIONS);
      const fen = c.fen[0] === c.fen[1] ? c.fen[0] : Math.round(rng.int(c.fen[0], c.fen[1]) / 1000) * 1000;
      // Above an agent's ¥200 the supervisor authorises; above ¥1,000 the site director would (here: the supervisor's record).
      const decider = fen > 20_000 ? supervisor : agent;
      const decidedAt = new Date(Math.min(nowMs, given + (decider === agent ? 0 : rng.int(30, 8 * 60) * MINUTE))).toISOString();
      const explanationText = rng.pick(EXPLANATIONS);
      recovery = {
        id: newId(),
        org_id: context.orgId,
        case_id: id,
        attribution_class: attribution,
        failure_reported_at: createdAt,
        explanation_given_at: new Date(given).toISOString(),
        explanation_method: rng.pick(['phone', 'visit', 'in_person'] as const),
        explanation_text: explanationText,
        compensation_type: c.type,
        compensation_amount_fen: fen,
        compensation_note: c.note,
        status: 'approved',
        requested_by: agent.id,
        requested_by_name: agent.name,
        requested_at: new Date(given).toISOString(),
        decided_by: decider.id,
        decided_by_name: decider.name,
        decided_at: decidedAt,
        decision_note: null,
        recovered_at: decidedAt,
        recovery_minutes: Math.round((Date.parse(decidedAt) - Date.parse(createdAt)) / MINUTE),
        version: 1,
        created_at: new Date(given).toISOString(),
        updated_at: decidedAt,
      };
      event(given, { kind: 'recovery', body: explanationText, data: JSON.stringify({ action: 'record', status: 'approved', attributionClass: attribution, compensationType: c.type, amountFen: fen, recoveryMinutes: recovery.recovery_minutes }) }, agent);
      row.updated_at = events[events.length - 1].created_at;
      row.version = events.length;
    }
  }
  return { row, events, day, searchText: texts.join('\n'), recovery };
}
