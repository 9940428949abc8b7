import type { Answers } from '../../../shared/surveys/answers.js';
import { allQuestions, type Question, SERVQUAL_DIMENSIONS, type SurveyDefinition } from '../../../shared/surveys/definition.js';

/*
 * The machine-readable columns of a survey's responses, shared by import and export so an exported
 * file imports again unchanged: one column per question key, a SERVQUAL pair as `<key>.e` / `<key>.p`,
 * an allocation as `<key>.<dimension>`, customer details as `<key>.<field>`, multiple choice as
 * `;`-separated option keys; plus the meta columns below.
 */

export const META_COLUMNS = ['responseId', 'siteCode', 'submittedAt', 'channel'] as const;
/** Meta columns an import reads; the others (written by export) are ignored. */
export const IMPORT_META = new Set(['siteCode', 'submittedAt']);

export interface QuestionColumns {
  question: Question;
  /** column name → part of the answer ('' = the whole answer) */
  columns: { name: string; part: string }[];
}

export function questionColumns(def: SurveyDefinition): QuestionColumns[] {
  return allQuestions(def).map(({ question: q }) => {
    const parts: string[] =
      q.type === 'servqual_pair' ? ['e', 'p'] : q.type === 'allocation' ? [...SERVQUAL_DIMENSIONS] : q.type === 'customer_details' ? [...q.fields] : [''];
    return { question: q, columns: parts.map((part) => ({ name: part ? `${q.key}.${part}` : q.key, part })) };
  });
}

/** A cell as read from a file: text, a number, a date (XLSX date cell) or nothing. */
export type Cell = string | number | Date | null;

const blank = (c: Cell): boolean => c === null || (typeof c === 'string' && c.trim() === '');

/** A number where the cell holds one (numeric cell or numeric text); otherwise the text, which validation reports. */
function numeric(c: Cell): unknown {
  if (typeof c === 'number') return c;
  if (c instanceof Date) return c.toISOString();
  const s = String(c).trim();
  return /^[+-]?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
}

const text = (c: Cell): string => (c instanceof Date ? c.toISOString() : typeof c === 'number' ? String(c) : String(c ?? '').trim());

/** The answer a question's cells give (undefined when they are all empty), in the shape validateAnswers() checks. */
export function answerFromCells(q: Question, cells: Map<string, Cell>): unknown {
  const get = (part: string) => cells.get(part) ?? null;
  switch (q.type) {
    case 'single_choice':
    case 'text':
      return blank(get('')) ? undefined : text(get(''));
    case 'multiple_choice':
      return blank(get(''))
        ? undefined
        : text(get(''))
            .split(/[;；]/)
            .map((s) => s.trim())
            .filter(Boolean);
    case 'likert':
    case 'nps':
    case 'csat':
      return blank(get('')) ? undefined : numeric(get(''));
    case 'servqual_pair':
      if (blank(get('e')) && blank(get('p'))) return undefined;
      return { expectation: blank(get('e')) ? undefined : numeric(get('e')), perception: blank(get('p')) ? undefined : numeric(get('p')) };
    case 'allocation': {
      if (SERVQUAL_DIMENSIONS.every((d) => blank(get(d)))) return undefined;
      return Object.fromEntries(SERVQUAL_DIMENSIONS.filter((d) => !blank(get(d))).map((d) => [d, numeric(get(d))]));
    }
    case 'customer_details': {
      const fields = q.fields.filter((f) => !blank(get(f)));
      return fields.length ? Object.fromEntries(fields.map((f) => [f, text(get(f))])) : undefined;
    }
  }
}

/** An answer → its cells by column name (the inverse of answerFromCells for valid answers). */
export function cellsOfAnswer(qc: QuestionColumns, value: unknown): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (value === undefined || value === null) return out;
  const q = qc.question;
  for (const { name, part } of qc.columns) {
    if (q.type === 'servqual_pair') {
      const v = (value as Record<string, number>)[part === 'e' ? 'expectation' : 'perception'];
      if (v !== undefined) out[name] = v;
    } else if (part) {
      const v = (value as Record<string, string | number>)[part];
      if (v !== undefined) out[name] = v;
    } else if (Array.isArray(value)) out[name] = value.join(';');
    else out[name] = value as string | number;
  }
  return out;
}

export type { Answers };
