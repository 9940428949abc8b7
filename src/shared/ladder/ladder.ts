/**
 * The dissatisfaction ladder (顾客抱怨的发展过程): latent dissatisfaction (潜在不满) → expressed
 * dissatisfaction (表达不满) → potential complaint (潜在投诉) → complaint (投诉). A case is placed on it
 * from signals the server gathers (wording, repeated contacts, deadlines, scores, tier, reopening,
 * type); this file holds the rules only, pure data and functions shared with the browser, so that
 * the case page can explain the stage with the very table that computed it.
 */

/** `none` (no sign at all) below the four rungs: most cases never climb, and the queues must say so. */
export const STAGES = ['none', 'latent', 'expressed', 'potential_complaint', 'complaint'] as const;
export type Stage = (typeof STAGES)[number];

/** The four rungs the case page draws. */
export const LADDER_RUNGS = STAGES.slice(1) as Exclude<Stage, 'none'>[];

/** Stages that put an open case in the "at risk" queue: the customer has said something. */
export const AT_RISK_STAGES: readonly Stage[] = ['expressed', 'potential_complaint', 'complaint'];

export const stageRank = (stage: Stage): number => STAGES.indexOf(stage);
export const higherStage = (a: Stage, b: Stage): Stage => (stageRank(a) >= stageRank(b) ? a : b);

export const SIGNAL_CODES = ['complaint_type', 'wording', 'repeat_contact', 'overdue', 'low_score', 'customer_tier', 'reopened'] as const;
export type SignalCode = (typeof SIGNAL_CODES)[number];

/** What the customer wrote that counted, as the lexicon found it (negated words never get here). */
export interface WordingEvidence {
  terms: Array<{ term: string; category: string }>;
}
export interface RepeatEvidence {
  days: number;
  /** the customer's other cases on the same matter, and why each counts as the same matter */
  cases: Array<{ id: string; number: string; reasons: Array<'type' | 'cause' | 'words'> }>;
}
export interface OverdueEvidence {
  deadlines: Array<{ kind: 'first_response' | 'resolution'; dueAt: string; minutesLate: number }>;
}
export interface ScoreEvidence {
  score: number;
  scale: number;
  source: string;
  recordedAt: string;
}

/** One reason for the stage: its code, the points it adds, the rung it holds the case at least on, and what the UI shows. */
export type StageSignal =
  | { code: 'complaint_type'; points: number; floor: Stage; evidence: Record<string, never> }
  | { code: 'wording'; points: number; floor: Stage; evidence: WordingEvidence }
  | { code: 'repeat_contact'; points: number; floor: Stage; evidence: RepeatEvidence }
  | { code: 'overdue'; points: number; floor: Stage; evidence: OverdueEvidence }
  | { code: 'low_score'; points: number; floor: Stage; evidence: ScoreEvidence }
  | { code: 'customer_tier'; points: number; floor: Stage; evidence: { tier: 'vip' | 'key' } }
  | { code: 'reopened'; points: number; floor: Stage; evidence: { count: number } };

/**
 * The rules, in one place. Each signal gives points and a floor. The floor is what the signal
 * proves on its own (a complaint is a complaint; naming 12345 or a lawyer is a potential complaint;
 * a customer who came back has expressed dissatisfaction). Points stand for pressure: signals that
 * are weak alone add up, so an overdue case of a customer who called twice climbs to potential
 * complaint although neither fact would put it there. The stage is the higher of the highest floor
 * and the rung the points reach (POINT_THRESHOLDS).
 */
export const LADDER_RULES = {
  /** A formal complaint is the top rung by definition, whatever else is known. */
  complaint_type: { points: 0, floor: 'complaint' },
  /** Complaint channels, regulators, media, lawyers (投诉, 12345, 曝光) or a pile of strong words: one step from complaining. */
  wording_escalation: { points: 5, floor: 'potential_complaint' },
  /** Dissatisfied, delay and "again" words (太慢, 推诿, 又漏): the customer has said it. */
  wording_negative: { points: 3, floor: 'expressed' },
  /** Only urgency (尽快, 着急): not a grievance yet, but patience is short. */
  wording_urgency: { points: 1, floor: 'latent' },
  /** Another case of the customer on the same matter lately: they had to come back. */
  repeat_contact_once: { points: 3, floor: 'expressed' },
  /** Two or more: they keep coming back. */
  repeat_contact_many: { points: 5, floor: 'potential_complaint' },
  /** A deadline passed: a service failure the customer feels before they say anything. */
  overdue: { points: 2, floor: 'latent' },
  /** Very low score (bottom quarter of the scale, e.g. 1–2 of 5). */
  low_score_severe: { points: 5, floor: 'potential_complaint' },
  /** Middling score (up to half of the scale, e.g. 3 of 5). */
  low_score_mild: { points: 3, floor: 'expressed' },
  /** VIP and key customers: the same slip costs more, so they climb one point sooner. */
  customer_tier: { points: 1, floor: 'latent' },
  /** Reopened once: the customer said the matter was not solved. */
  reopened_once: { points: 3, floor: 'expressed' },
  /** Reopened twice or more. */
  reopened_many: { points: 5, floor: 'potential_complaint' },
} as const satisfies Record<string, { points: number; floor: Stage }>;

/** Points needed for each rung; `complaint` is reached only by its floor (a formal complaint is an act, not a sum). */
export const POINT_THRESHOLDS: ReadonlyArray<[number, Stage]> = [
  [5, 'potential_complaint'],
  [3, 'expressed'],
  [1, 'latent'],
];

/** Two cases of a customer on the same matter recorded within this many days of each other are repeated contacts. */
export const REPEAT_WINDOW_DAYS = 30;
/** How long a score keeps counting for the customer's stage. */
export const SCORE_WINDOW_DAYS = 90;

/** Score scales accepted, with their lowest value. */
export const SCORE_SCALES = { 5: 1, 7: 1, 10: 0, 100: 0 } as const;
export type ScoreScale = keyof typeof SCORE_SCALES;

/** Everything the rules read about a case; the server gathers it. */
export interface LadderFacts {
  type: string;
  tier: string | null;
  reopenCount: number;
  /** lexicon matches in the customer's words (negated ones already dropped) */
  wording: { score: number; strong: boolean; terms: Array<{ term: string; category: string; weight: number }> };
  related: RepeatEvidence['cases'];
  overdue: OverdueEvidence['deadlines'];
  /** the latest score given on the case, if any */
  score: ScoreEvidence | null;
}

export interface LadderResult {
  stage: Stage;
  points: number;
  signals: StageSignal[];
}

/** 0 (worst) … 1 (best) on any accepted scale. */
export function normalisedScore(score: number, scale: ScoreScale): number {
  const min = SCORE_SCALES[scale];
  return (score - min) / (scale - min);
}

/** The signal a score gives, or null when it is not low. */
export function scoreSignal(evidence: ScoreEvidence): StageSignal | null {
  const n = normalisedScore(evidence.score, evidence.scale as ScoreScale);
  const rule = n <= 0.25 ? LADDER_RULES.low_score_severe : n <= 0.5 ? LADDER_RULES.low_score_mild : null;
  return rule ? { code: 'low_score', ...rule, evidence } : null;
}

/** Places a case on the ladder and says why. */
export function computeLadder(facts: LadderFacts): LadderResult {
  const signals: StageSignal[] = [];
  if (facts.type === 'complaint') signals.push({ code: 'complaint_type', ...LADDER_RULES.complaint_type, evidence: {} });

  if (facts.wording.terms.length) {
    const escalates = facts.wording.strong || facts.wording.terms.some((t) => t.category === 'escalation');
    const grievance = facts.wording.terms.some((t) => t.category !== 'urgency');
    const rule = escalates ? LADDER_RULES.wording_escalation : grievance ? LADDER_RULES.wording_negative : LADDER_RULES.wording_urgency;
    signals.push({ code: 'wording', ...rule, evidence: { terms: facts.wording.terms.map(({ term, category }) => ({ term, category })) } });
  }

  if (facts.related.length) {
    const rule = facts.related.length >= 2 ? LADDER_RULES.repeat_contact_many : LADDER_RULES.repeat_contact_once;
    signals.push({ code: 'repeat_contact', ...rule, evidence: { days: REPEAT_WINDOW_DAYS, cases: facts.related } });
  }

  if (facts.overdue.length) signals.push({ code: 'overdue', ...LADDER_RULES.overdue, evidence: { deadlines: facts.overdue } });

  const low = facts.score ? scoreSignal(facts.score) : null;
  if (low) signals.push(low);

  if (facts.tier === 'vip' || facts.tier === 'key') signals.push({ code: 'customer_tier', ...LADDER_RULES.customer_tier, evidence: { tier: facts.tier } });

  if (facts.reopenCount > 0) {
    const rule = facts.reopenCount >= 2 ? LADDER_RULES.reopened_many : LADDER_RULES.reopened_once;
    signals.push({ code: 'reopened', ...rule, evidence: { count: facts.reopenCount } });
  }

  const points = signals.reduce((sum, s) => sum + s.points, 0);
  const byPoints = POINT_THRESHOLDS.find(([min]) => points >= min)?.[1] ?? 'none';
  const stage = signals.reduce<Stage>((top, s) => higherStage(top, s.floor), byPoints);
  return { stage, points, signals };
}

/** The signals that lifted the stage, strongest first: what the timeline names ("逾期未处理, 重复来电"). */
export function leadingSignals(signals: readonly StageSignal[]): SignalCode[] {
  return [...signals].sort((a, b) => stageRank(b.floor) - stageRank(a.floor) || b.points - a.points).map((s) => s.code);
}
