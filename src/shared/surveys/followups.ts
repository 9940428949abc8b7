import type { PairAnswer } from './answers.js';
import { allQuestions, type Question, type SurveyDefinition } from './definition.js';

/*
 * Which answers of a response deserve a follow-up (转为工单): a low score or a written comment.
 * Shared by the server (which accepts a follow-up only for an answered question) and the web
 * (which highlights these answers and offers the action).
 */

/** The highest score that counts as low on each scale: dissatisfied, detractor, poor perception. */
export function lowScoreLimit(q: Question): number | undefined {
  switch (q.type) {
    case 'csat':
      return 2;
    case 'nps':
      return 6;
    case 'likert':
      return q.scale === '1-5' ? 2 : q.scale === '1-7' ? 3 : 4;
    case 'servqual_pair':
      return 3;
    default:
      return undefined;
  }
}

/** The score an answer stands for (a SERVQUAL pair: its perception), or undefined. */
export function scoreOf(q: Question, value: unknown): number | undefined {
  if (q.type === 'servqual_pair') return value && typeof value === 'object' ? (value as PairAnswer).perception : undefined;
  if (q.type === 'csat' || q.type === 'nps' || q.type === 'likert') return typeof value === 'number' ? value : undefined;
  return undefined;
}

export function isLowScore(q: Question, value: unknown): boolean {
  const limit = lowScoreLimit(q);
  const score = scoreOf(q, value);
  return limit !== undefined && score !== undefined && score <= limit;
}

export type FollowUpReason = 'low_score' | 'comment';

/** The answers of a response a case could be opened for, in question order. */
export function followUpCandidates(def: SurveyDefinition, answers: Record<string, unknown>): { key: string; reason: FollowUpReason }[] {
  const out: { key: string; reason: FollowUpReason }[] = [];
  for (const { question } of allQuestions(def)) {
    const value = answers[question.key];
    if (value === undefined || value === null) continue;
    if (isLowScore(question, value)) out.push({ key: question.key, reason: 'low_score' });
    else if (question.type === 'text' && typeof value === 'string' && value.trim()) out.push({ key: question.key, reason: 'comment' });
  }
  return out;
}
