import {
  ALLOCATION_TOTAL,
  allQuestions,
  CUSTOMER_DETAIL_FIELDS,
  type CustomerDetailField,
  type Question,
  scaleRange,
  SERVQUAL_DIMENSIONS,
  type ServqualDimension,
  type ShowIf,
  type SurveyDefinition,
} from './definition.js';

/*
 * Answers to a survey: which questions are shown (skip logic), whether each answer is valid for
 * its question, and the normalised rows answers are stored as. The same code runs in the answer
 * form (to show and check as the person answers) and on the server (which has the last word).
 */

export type PairAnswer = { expectation: number; perception: number };
export type AllocationAnswer = Record<ServqualDimension, number>;
export type CustomerDetailsAnswer = Partial<Record<CustomerDetailField, string>>;
/** An answer as sent: option key, option keys, a number, a pair, an allocation, a text, or customer details. */
export type AnswerValue = string | string[] | number | PairAnswer | AllocationAnswer | CustomerDetailsAnswer;
export type Answers = Record<string, unknown>;

export interface AnswerProblem {
  /** the question's key */
  key: string;
  /** required | skipped | unknown_question | invalid_value | out_of_range | unknown_option | too_many | too_long | allocation_sum */
  code: string;
  message: string;
}

/** No answer: absent, null, blank text, an empty list or an object with nothing filled in. */
export function isEmptyAnswer(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.values(value as object).every((v) => v === undefined || v === null || (typeof v === 'string' && v.trim() === ''));
  return false;
}

function conditionHolds(showIf: ShowIf | undefined, answers: Answers, shown: Set<string>): boolean {
  if (!showIf) return true;
  // An answer to a question that is itself hidden does not count.
  if (!shown.has(showIf.questionKey)) return false;
  const value = answers[showIf.questionKey];
  if (isEmptyAnswer(value)) return false;
  return showIf.anyOf.some((v) => v === value);
}

/** Keys of the questions shown for these answers, in order: a section's or question's condition on an earlier answer. */
export function visibleQuestionKeys(def: SurveyDefinition, answers: Answers): Set<string> {
  const shown = new Set<string>();
  for (const section of def.sections) {
    if (!conditionHolds(section.showIf, answers, shown)) continue;
    for (const q of section.questions) if (conditionHolds(q.showIf, answers, shown)) shown.add(q.key);
  }
  return shown;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** The problem with one answer to one question, or null when it is valid (an empty answer is never checked here). */
export function answerProblem(q: Question, value: unknown): AnswerProblem | null {
  const bad = (code: string, message: string): AnswerProblem => ({ key: q.key, code, message: `${q.key}: ${message}` });
  switch (q.type) {
    case 'single_choice':
      if (typeof value !== 'string') return bad('invalid_value', 'expected one option key');
      if (!q.options.some((o) => o.key === value)) return bad('unknown_option', `${value} is not an option`);
      return null;
    case 'multiple_choice': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return bad('invalid_value', 'expected a list of option keys');
      const unknown = value.find((v) => !q.options.some((o) => o.key === v));
      if (unknown !== undefined) return bad('unknown_option', `${unknown} is not an option`);
      if (new Set(value).size !== value.length) return bad('invalid_value', 'an option is ticked twice');
      if (q.maxSelected !== undefined && value.length > q.maxSelected) return bad('too_many', `at most ${q.maxSelected} options`);
      return null;
    }
    case 'likert':
    case 'nps':
    case 'csat': {
      const { min, max } = scaleRange(q)!;
      if (!isInt(value)) return bad('invalid_value', `expected a whole number from ${min} to ${max}`);
      if (value < min || value > max) return bad('out_of_range', `${value} is not from ${min} to ${max}`);
      return null;
    }
    case 'servqual_pair': {
      const { min, max } = scaleRange(q)!;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('invalid_value', 'expected {expectation, perception}');
      const v = value as Record<string, unknown>;
      const extra = Object.keys(v).find((k) => k !== 'expectation' && k !== 'perception');
      if (extra) return bad('invalid_value', `unexpected ${extra}`);
      for (const part of ['expectation', 'perception'] as const) {
        if (!isInt(v[part])) return bad('invalid_value', `${part} must be a whole number from ${min} to ${max}`);
        if ((v[part] as number) < min || (v[part] as number) > max) return bad('out_of_range', `${part} ${String(v[part])} is not from ${min} to ${max}`);
      }
      return null;
    }
    case 'allocation': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('invalid_value', `expected points for ${SERVQUAL_DIMENSIONS.join(', ')}`);
      const v = value as Record<string, unknown>;
      const extra = Object.keys(v).find((k) => !(SERVQUAL_DIMENSIONS as readonly string[]).includes(k));
      if (extra) return bad('invalid_value', `${extra} is not a dimension`);
      let sum = 0;
      for (const d of SERVQUAL_DIMENSIONS) {
        const points = v[d] ?? 0;
        if (!isInt(points) || points < 0 || points > ALLOCATION_TOTAL) return bad('invalid_value', `${d} must be whole points from 0 to ${ALLOCATION_TOTAL}`);
        sum += points;
      }
      if (sum !== ALLOCATION_TOTAL) return bad('allocation_sum', `the points add up to ${sum}, not ${ALLOCATION_TOTAL}`);
      return null;
    }
    case 'text':
      if (typeof value !== 'string') return bad('invalid_value', 'expected text');
      if (value.trim().length > q.maxLength) return bad('too_long', `longer than ${q.maxLength} characters`);
      return null;
    case 'customer_details': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('invalid_value', 'expected an object of details');
      for (const [field, text] of Object.entries(value as Record<string, unknown>)) {
        if (!(q.fields as readonly string[]).includes(field)) return bad('invalid_value', `${field} is not asked`);
        if (text !== undefined && text !== null && typeof text !== 'string') return bad('invalid_value', `${field} must be text`);
        if (typeof text === 'string' && text.trim().length > 200) return bad('too_long', `${field} is longer than 200 characters`);
      }
      return null;
    }
  }
}

/**
 * Every problem with a set of answers: answers to unknown questions or to questions the skip logic
 * hides, invalid values, required questions left empty (only where shown). Empty list = valid.
 */
export function validateAnswers(def: SurveyDefinition, answers: Answers): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  const questions = new Map(allQuestions(def).map(({ question }) => [question.key, question]));
  for (const key of Object.keys(answers)) {
    if (!questions.has(key)) problems.push({ key, code: 'unknown_question', message: `${key} is not a question of this survey` });
  }
  const shown = visibleQuestionKeys(def, answers);
  for (const q of questions.values()) {
    const value = answers[q.key];
    if (!shown.has(q.key)) {
      if (!isEmptyAnswer(value)) problems.push({ key: q.key, code: 'skipped', message: `${q.key} is not asked after the earlier answers` });
      continue;
    }
    if (isEmptyAnswer(value)) {
      if (q.required) problems.push({ key: q.key, code: 'required', message: `${q.key} must be answered` });
      continue;
    }
    const problem = answerProblem(q, value);
    if (problem) problems.push(problem);
  }
  return problems;
}

/** How one stored answer row reads a value: the whole answer, one side of a pair, one dimension's points, one ticked option, one detail. */
export const ANSWER_KINDS = ['value', 'expectation', 'perception', 'allocation', 'choice', 'text', 'detail'] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number];

/** One stored answer value; see migration 0016 for how statistics read them. */
export interface AnswerRowValue {
  questionKey: string;
  questionType: Question['type'];
  kind: AnswerKind;
  /** the option key (choice), dimension (allocation) or field (detail); '' otherwise */
  option: string;
  num: number | null;
  text: string | null;
  /** the SERVQUAL dimension of a pair, or of an allocation row */
  dimension: ServqualDimension | null;
}

/** Valid answers → the rows they are stored as, empty answers left out, text trimmed. */
export function answerRows(def: SurveyDefinition, answers: Answers): AnswerRowValue[] {
  const rows: AnswerRowValue[] = [];
  for (const { question: q } of allQuestions(def)) {
    const value = answers[q.key];
    if (isEmptyAnswer(value)) continue;
    const row = (kind: AnswerKind, extra: Partial<AnswerRowValue>): AnswerRowValue => ({ questionKey: q.key, questionType: q.type, kind, option: '', num: null, text: null, dimension: null, ...extra });
    switch (q.type) {
      case 'single_choice': {
        // The option's position (1-based) as the number, so an ordered choice can be averaged.
        const position = q.options.findIndex((o) => o.key === value) + 1;
        rows.push(row('choice', { option: value as string, num: position }));
        break;
      }
      case 'multiple_choice':
        for (const key of value as string[]) rows.push(row('choice', { option: key, num: q.options.findIndex((o) => o.key === key) + 1 }));
        break;
      case 'likert':
      case 'nps':
      case 'csat':
        rows.push(row('value', { num: value as number }));
        break;
      case 'servqual_pair': {
        const v = value as PairAnswer;
        rows.push(row('expectation', { num: v.expectation, dimension: q.dimension }));
        rows.push(row('perception', { num: v.perception, dimension: q.dimension }));
        break;
      }
      case 'allocation': {
        const v = value as Partial<AllocationAnswer>;
        for (const d of SERVQUAL_DIMENSIONS) rows.push(row('allocation', { option: d, num: v[d] ?? 0, dimension: d }));
        break;
      }
      case 'text':
        rows.push(row('text', { text: (value as string).trim() }));
        break;
      case 'customer_details':
        for (const field of CUSTOMER_DETAIL_FIELDS) {
          const text = (value as CustomerDetailsAnswer)[field];
          if (typeof text === 'string' && text.trim()) rows.push(row('detail', { option: field, text: text.trim() }));
        }
        break;
    }
  }
  return rows;
}

/** Stored rows → the answers object again (what the API shows for a response). */
export function answersFromRows(def: SurveyDefinition, rows: readonly Pick<AnswerRowValue, 'questionKey' | 'kind' | 'option' | 'num' | 'text'>[]): Record<string, AnswerValue> {
  const types = new Map(allQuestions(def).map(({ question }) => [question.key, question.type]));
  const out: Record<string, AnswerValue> = {};
  for (const r of rows) {
    const type = types.get(r.questionKey);
    switch (r.kind) {
      case 'choice':
        if (type === 'multiple_choice') out[r.questionKey] = [...((out[r.questionKey] as string[] | undefined) ?? []), r.option];
        else out[r.questionKey] = r.option;
        break;
      case 'value':
        out[r.questionKey] = Number(r.num);
        break;
      case 'expectation':
      case 'perception':
        out[r.questionKey] = { ...((out[r.questionKey] as PairAnswer | undefined) ?? {}), [r.kind]: Number(r.num) } as PairAnswer;
        break;
      case 'allocation':
        out[r.questionKey] = { ...((out[r.questionKey] as AllocationAnswer | undefined) ?? {}), [r.option]: Number(r.num) } as AllocationAnswer;
        break;
      case 'text':
        out[r.questionKey] = r.text ?? '';
        break;
      case 'detail':
        out[r.questionKey] = { ...((out[r.questionKey] as CustomerDetailsAnswer | undefined) ?? {}), [r.option]: r.text ?? '' };
        break;
    }
  }
  return out;
}

/** Only the answers to questions still shown: what a form submits after earlier answers changed the path. */
export function visibleAnswers(def: SurveyDefinition, answers: Answers): Answers {
  const shown = visibleQuestionKeys(def, answers);
  return Object.fromEntries(Object.entries(answers).filter(([key, value]) => shown.has(key) && !isEmptyAnswer(value)));
}
