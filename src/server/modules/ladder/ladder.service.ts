import { AppError } from '../../../shared/errors.js';
import {
  computeLadder,
  higherStage,
  leadingSignals,
  type LadderFacts,
  REPEAT_WINDOW_DAYS,
  SCORE_SCALES,
  SCORE_WINDOW_DAYS,
  type ScoreScale,
  scoreSignal,
  type Stage,
  type StageSignal,
  stageRank,
} from '../../../shared/ladder/ladder.js';
import type { Db } from '../../db/database.js';
import { nowIso } from '../../lib/ids.js';
import { scanSentiment } from '../../text/lexicon.js';
import { segmentWords } from '../../text/segment.js';
import { insertCaseEvent } from '../cases/cases.repository.js';
import type { Executor } from '../context.js';
import * as repo from './ladder.repository.js';

const DAY_MS = 86_400_000;
const daysBefore = (at: Date, days: number) => new Date(at.getTime() - days * DAY_MS).toISOString();
const daysAfter = (at: Date, days: number) => new Date(at.getTime() + days * DAY_MS).toISOString();

/** Segmented texts by case id, shared by the recomputations of one write (a new case and the cases it repeats). */
type WordCache = Map<string, Set<string>>;
const minutesBetween = (from: string, to: Date) => Math.round((to.getTime() - new Date(from).getTime()) / 60_000);

// Words too common in service cases to say two of them are about the same matter.
const COMMON_WORDS = new Set(['我们', '你们', '他们', '已经', '物业', '业主', '问题', '一下', '还是', '没有', '这个', '那个', '什么', '可以', '现在', '今天', '请问', '麻烦', '处理', '谢谢', '小区', '客户']);

function matterWords(text: string): Set<string> {
  return new Set(segmentWords(text).filter((w) => w.length >= 2 && !COMMON_WORDS.has(w)));
}

/** Two texts are about the same matter when they share at least two telling words, a quarter of the shorter one's. */
function similarWords(a: Set<string>, b: Set<string>): boolean {
  if (!a.size || !b.size) return false;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared >= 2 && shared / Math.min(a.size, b.size) >= 0.25;
}

type LadderCase = NonNullable<Awaited<ReturnType<typeof repo.findLadderCase>>>;

/**
 * Other cases of the customer on the same matter (same type, same cause, or similar words)
 * recorded within the window of this one, before or after: the relation is symmetric, so a new
 * case changes exactly the cases it finds.
 */
async function relatedCases(trx: Executor, orgId: string, row: LadderCase, words: WordCache): Promise<LadderFacts['related']> {
  // Praise is not a grievance, coming back with more praise is no warning.
  if (!row.customer_id || row.type === 'praise') return [];
  const created = new Date(row.created_at);
  const others = await repo.findCustomerCasesBetween(trx, orgId, row.customer_id, row.id, daysBefore(created, REPEAT_WINDOW_DAYS), daysAfter(created, REPEAT_WINDOW_DAYS));
  if (!others.length) return [];
  const wordsOf = (c: { id: string; title: string; description: string }) => {
    let set = words.get(c.id);
    if (!set) words.set(c.id, (set = matterWords(`${c.title}\n${c.description}`)));
    return set;
  };
  const mine = wordsOf(row);
  const related: LadderFacts['related'] = [];
  for (const other of others) {
    if (other.type === 'praise') continue;
    const reasons: Array<'type' | 'cause' | 'words'> = [];
    if (other.type === row.type) reasons.push('type');
    if (row.cause_code && other.cause_code === row.cause_code) reasons.push('cause');
    if (similarWords(mine, wordsOf(other))) reasons.push('words');
    if (reasons.length) related.push({ id: other.id, number: other.number, reasons });
  }
  return related;
}

/** Deadlines missed as of `now`: still open past due, or met late. The resolution clock is paused while waiting for the customer. */
function overdueDeadlines(row: LadderCase, now: Date): LadderFacts['overdue'] {
  if (row.status === 'cancelled' || row.status === 'merged') return [];
  const out: LadderFacts['overdue'] = [];
  const late = (due: string | null, done: string | null, kind: 'first_response' | 'resolution') => {
    if (!due) return;
    const at = done ? new Date(done) : now;
    if (at.getTime() > new Date(due).getTime()) out.push({ kind, dueAt: due, minutesLate: minutesBetween(due, at) });
  };
  late(row.first_response_due_at, row.first_responded_at, 'first_response');
  if (row.status !== 'waiting_customer' || row.resolved_at) late(row.resolution_due_at, row.resolved_at, 'resolution');
  return out;
}

/** The facts the ladder rules read, gathered inside the caller's transaction. */
async function gatherFacts(trx: Executor, orgId: string, row: LadderCase, now: Date, words: WordCache): Promise<LadderFacts> {
  const text = [row.title, row.description, ...(await repo.findCustomerWords(trx, orgId, row.id))].join('\n');
  const sentiment = scanSentiment(text);
  const score = await repo.findLatestCaseScore(trx, orgId, row.id);
  return {
    type: row.type,
    tier: row.customer_tier,
    reopenCount: row.reopen_count,
    wording: {
      score: sentiment.score,
      strong: sentiment.level === 'strong',
      terms: sentiment.matches.map((m) => ({ term: m.term, category: m.category, weight: m.weight })),
    },
    related: await relatedCases(trx, orgId, row, words),
    overdue: overdueDeadlines(row, now),
    score: score ? { score: score.score, scale: score.scale, source: score.source, recordedAt: score.recorded_at } : null,
  };
}

/**
 * Places the case on the ladder again and stores the result; a rise writes a `stage` event naming
 * the signals behind it, except when `announce` is false (a new case: where it starts is shown by
 * its stage, the timeline tells how it climbed since). Then the customer's stage follows.
 * `db.kysely` must be the transaction.
 */
export async function recomputeCaseStage(
  db: Db,
  orgId: string,
  caseId: string,
  options: { now?: Date; announce?: boolean; words?: WordCache } = {},
): Promise<{ from: Stage; to: Stage; related: string[] } | null> {
  const { now = new Date(), announce = true, words = new Map() } = options;
  const trx = db.kysely;
  const row = await repo.findLadderCase(trx, orgId, caseId);
  if (!row) return null;
  const facts = await gatherFacts(trx, orgId, row, now, words);
  const result = computeLadder(facts);
  const from = row.stage as Stage;
  const signals = JSON.stringify(result.signals);
  if (from !== result.stage || row.stage_signals !== signals) {
    await repo.updateCaseStage(trx, orgId, caseId, { stage: result.stage, stage_signals: signals, ...(from !== result.stage ? { stage_changed_at: now.toISOString() } : {}) });
  }
  if (announce && stageRank(result.stage) > stageRank(from)) {
    await insertCaseEvent(trx, orgId, caseId, {
      kind: 'stage',
      actorId: null,
      actorName: null,
      data: { from, to: result.stage, signals: leadingSignals(result.signals) },
    });
  }
  if (row.customer_id) await recomputeCustomerStage(trx, orgId, row.customer_id, now);
  // The cases related before and now: a change of this case (its cause) can start or end a relation.
  const before = (JSON.parse(row.stage_signals) as StageSignal[]).flatMap((sig) => (sig.code === 'repeat_contact' ? sig.evidence.cases.map((c) => c.id) : []));
  return { from, to: result.stage, related: [...new Set([...before, ...facts.related.map((c) => c.id)])] };
}

/** A customer's stage: the highest of their open cases, and of the latest score they gave within the window. */
export async function recomputeCustomerStage(trx: Executor, orgId: string, customerId: string, now = new Date()): Promise<Stage | null> {
  const customer = await repo.findCustomerStage(trx, orgId, customerId);
  if (!customer) return null;
  let stage: Stage = await repo.findHighestOpenCaseStage(trx, orgId, customerId);
  const score = await repo.findLatestCustomerScore(trx, orgId, customerId, daysBefore(now, SCORE_WINDOW_DAYS));
  const low = score && scoreSignal({ score: score.score, scale: score.scale, source: score.source, recordedAt: score.recorded_at });
  if (low) stage = higherStage(stage, low.floor);
  if (stage !== customer.stage) await repo.updateCustomerStage(trx, orgId, customerId, stage, now.toISOString());
  return stage;
}

/**
 * The ladder's part of every case write (afterCaseWrite). A new case, or a newly coded cause, can
 * make the customer's other open cases repeats of the same matter, so those are placed again too.
 */
export async function ladderAfterCaseWrite(db: Db, orgId: string, caseId: string, kind: string): Promise<void> {
  const now = new Date();
  const words: WordCache = new Map();
  const placed = await recomputeCaseStage(db, orgId, caseId, { now, announce: kind !== 'created', words });
  if (!placed || (kind !== 'created' && kind !== 'cause')) return;
  for (const other of await repo.findOpenCases(db.kysely, orgId, placed.related)) {
    // A new case only adds relations. A case that already counts two or more repeats is at the
    // repeat signal's top rule, so one more changes nothing; skipping it keeps a customer with many
    // open cases from making every new case re-place all of them (each re-reading all the others).
    if (kind === 'created' && repeatCount(other.stage_signals) >= 2) continue;
    await recomputeCaseStage(db, orgId, other.id, { now, words });
  }
}

/** How many repeated contacts a case's stored signals name. */
function repeatCount(stageSignals: string): number {
  const repeat = (JSON.parse(stageSignals) as StageSignal[]).find((sig) => sig.code === 'repeat_contact');
  return repeat && repeat.code === 'repeat_contact' ? repeat.evidence.cases.length : 0;
}

export type ScoreTarget = { caseId: string; customerId?: undefined } | { customerId: string; caseId?: undefined };

/**
 * Records a score a customer gave (a revisit call, a survey answer) and moves the ladder: the
 * case's stage when the score is about a case, the customer's in any case. For the revisit and
 * survey modules: call it inside the writing transaction (`db.kysely` is the transaction); the
 * caller checks permissions and writes its own audit event. Scales: 5 (1–5), 7 (1–7), 10 (0–10), 100 (0–100).
 */
export async function recordSatisfactionScore(
  db: Db,
  orgId: string,
  target: ScoreTarget,
  score: number,
  scale: number,
  source: string,
  recordedAt: string = nowIso(),
): Promise<string> {
  const trx = db.kysely;
  if (!(scale in SCORE_SCALES)) throw new AppError('validation_failed', 'Unknown score scale', [{ path: 'scale', message: 'invalid_value', code: 'invalid_value' }]);
  const min = SCORE_SCALES[scale as ScoreScale];
  if (!Number.isFinite(score) || score < min || score > scale) {
    throw new AppError('validation_failed', `The score must lie between ${min} and ${scale}`, [{ path: 'score', message: 'too_big', code: 'out_of_range' }]);
  }
  let caseId: string | null = null;
  let customerId: string | null = null;
  if (target.caseId) {
    const row = await repo.findCaseCustomer(trx, orgId, target.caseId);
    if (!row) throw new AppError('validation_failed', 'The case does not exist', [{ path: 'caseId', message: 'not_found', code: 'not_found' }]);
    caseId = row.id;
    customerId = row.customer_id;
  } else if (target.customerId) {
    if (!(await repo.customerExists(trx, orgId, target.customerId))) {
      throw new AppError('validation_failed', 'The customer does not exist', [{ path: 'customerId', message: 'not_found', code: 'not_found' }]);
    }
    customerId = target.customerId;
  }
  const id = await repo.insertScore(trx, { org_id: orgId, case_id: caseId, customer_id: customerId, score, scale, source, recorded_at: recordedAt });
  if (caseId) await recomputeCaseStage(db, orgId, caseId);
  else if (customerId) await recomputeCustomerStage(trx, orgId, customerId);
  return id;
}
