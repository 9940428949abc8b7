import { z } from 'zod';
import { LOCALES, type Locale } from '../roles.js';

/*
 * What a survey is made of: sections of questions, each question with a stable key (answers,
 * statistics, import columns and exports are keyed on it) and every text in the three product
 * languages. Shared by the server (it validates and stores definitions) and the browser (the
 * builder and the answer form), so both apply the same rules.
 */

export const SERVQUAL_DIMENSIONS = ['tangibles', 'reliability', 'responsiveness', 'assurance', 'empathy'] as const;
export type ServqualDimension = (typeof SERVQUAL_DIMENSIONS)[number];

/** The method's item numbering: tangibles 1–4, reliability 5–9, responsiveness 10–13, assurance 14–17, empathy 18–22. */
export const SERVQUAL_ITEM_RANGES: Record<ServqualDimension, readonly [number, number]> = {
  tangibles: [1, 4],
  reliability: [5, 9],
  responsiveness: [10, 13],
  assurance: [14, 17],
  empathy: [18, 22],
};

/** The dimension an item number belongs to in the 22-item instrument. */
export function dimensionOfItem(itemNo: number): ServqualDimension | undefined {
  return SERVQUAL_DIMENSIONS.find((d) => itemNo >= SERVQUAL_ITEM_RANGES[d][0] && itemNo <= SERVQUAL_ITEM_RANGES[d][1]);
}

export const QUESTION_TYPES = ['single_choice', 'multiple_choice', 'likert', 'servqual_pair', 'allocation', 'nps', 'csat', 'text', 'customer_details'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const LIKERT_SCALES = ['1-5', '1-7', '0-10'] as const;
export type LikertScale = (typeof LIKERT_SCALES)[number];

/** The customer details a survey may ask for (stored as text answers, never merged into the customer record). */
export const CUSTOMER_DETAIL_FIELDS = ['name', 'phone', 'unit', 'email'] as const;
export type CustomerDetailField = (typeof CUSTOMER_DETAIL_FIELDS)[number];

/** The SERVQUAL pair is asked on the method's 1–7 scale; the importance allocation shares 100 points. */
export const PAIR_SCALE = { min: 1, max: 7 } as const;
export const ALLOCATION_TOTAL = 100;

/** Question types whose answer can drive skip logic: one choice, or one number on a scale. */
export const CONDITION_TYPES: readonly QuestionType[] = ['single_choice', 'likert', 'nps', 'csat'];

export const keySchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[a-z][a-z0-9_]*$/, 'key_format');

/** A text in every product language. Drafts may leave translations blank; publishing needs all three. */
export const localizedTextSchema = z.object({
  'zh-CN': z.string().trim().max(1000).default(''),
  'zh-TW': z.string().trim().max(1000).default(''),
  'en-US': z.string().trim().max(1000).default(''),
});
export type LocalizedText = Record<Locale, string>;

/** Show the question (or section) only when an earlier single-choice or scale answer is one of `anyOf`. */
export const showIfSchema = z.object({
  questionKey: keySchema,
  /** option keys for a single choice, numbers for a scale */
  anyOf: z.array(z.union([z.string().trim().min(1).max(40), z.number().int().min(0).max(10)])).min(1).max(20),
});
export type ShowIf = z.infer<typeof showIfSchema>;

const optionSchema = z.object({ key: keySchema, label: localizedTextSchema });

const base = {
  key: keySchema,
  title: localizedTextSchema,
  help: localizedTextSchema.optional(),
  required: z.boolean().default(false),
  showIf: showIfSchema.optional(),
};

export const questionSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('single_choice'), options: z.array(optionSchema).min(2).max(30) }),
  z.object({
    ...base,
    type: z.literal('multiple_choice'),
    options: z.array(optionSchema).min(2).max(30),
    /** at most this many options may be ticked (none: any number) */
    maxSelected: z.number().int().min(1).max(30).optional(),
  }),
  z.object({ ...base, type: z.literal('likert'), scale: z.enum(LIKERT_SCALES), lowLabel: localizedTextSchema.optional(), highLabel: localizedTextSchema.optional() }),
  z.object({
    ...base,
    type: z.literal('servqual_pair'),
    dimension: z.enum(SERVQUAL_DIMENSIONS),
    /** 1–22 as numbered in the method (the dimension must match the number) */
    itemNo: z.number().int().min(1).max(22),
  }),
  z.object({ ...base, type: z.literal('allocation') }),
  z.object({ ...base, type: z.literal('nps') }),
  z.object({ ...base, type: z.literal('csat') }),
  z.object({ ...base, type: z.literal('text'), multiline: z.boolean().default(true), maxLength: z.number().int().min(1).max(5000).default(2000) }),
  z.object({ ...base, type: z.literal('customer_details'), fields: z.array(z.enum(CUSTOMER_DETAIL_FIELDS)).min(1).max(4) }),
]);
export type Question = z.infer<typeof questionSchema>;
export type QuestionOf<T extends QuestionType> = Extract<Question, { type: T }>;

export const sectionSchema = z.object({
  key: keySchema,
  title: localizedTextSchema,
  description: localizedTextSchema.optional(),
  showIf: showIfSchema.optional(),
  questions: z.array(questionSchema).max(100),
});
export type Section = z.infer<typeof sectionSchema>;

export const surveyDefinitionSchema = z.object({
  title: localizedTextSchema,
  description: localizedTextSchema.optional(),
  /** shown after the last question */
  thanks: localizedTextSchema.optional(),
  sections: z.array(sectionSchema).min(1).max(30),
});
export type SurveyDefinition = z.infer<typeof surveyDefinitionSchema>;

/** Every question in order, with the section it is in. */
export function allQuestions(def: SurveyDefinition): { section: Section; question: Question; index: number }[] {
  const out: { section: Section; question: Question; index: number }[] = [];
  for (const section of def.sections) for (const question of section.questions) out.push({ section, question, index: out.length });
  return out;
}

/** The numeric range of a scale question, or undefined for other types. */
export function scaleRange(q: Question): { min: number; max: number } | undefined {
  switch (q.type) {
    case 'likert':
      return q.scale === '1-5' ? { min: 1, max: 5 } : q.scale === '1-7' ? { min: 1, max: 7 } : { min: 0, max: 10 };
    case 'nps':
      return { min: 0, max: 10 };
    case 'csat':
      return { min: 1, max: 5 };
    case 'servqual_pair':
      return PAIR_SCALE;
    default:
      return undefined;
  }
}

export interface DefinitionProblem {
  /** path inside the definition, e.g. `sections.0.questions.2.showIf.questionKey` */
  path: string;
  code: string;
  message: string;
}

/**
 * What is wrong with a definition beyond its shape: duplicate keys, skip logic that points
 * forwards or at a question that cannot drive it, SERVQUAL items whose number and dimension
 * disagree. With `forPublish`, every text must also be present in all three languages and the
 * survey must have at least one question.
 */
export function definitionProblems(def: SurveyDefinition, options: { forPublish?: boolean } = {}): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const seenQuestions = new Map<string, Question>();
  const seenSections = new Set<string>();
  const seenItems = new Set<number>();
  let questionCount = 0;

  const checkText = (text: LocalizedText | undefined, path: string, required: boolean) => {
    if (!options.forPublish) return;
    if (!text) {
      if (required) problems.push({ path, code: 'translation_missing', message: `${path} is missing` });
      return;
    }
    const blank = LOCALES.filter((l) => !text[l]?.trim());
    // An optional text (help, description) is either left out in every language or given in all.
    if (blank.length && (required || blank.length < LOCALES.length)) {
      for (const l of blank) problems.push({ path: `${path}.${l}`, code: 'translation_missing', message: `${path} has no ${l} text` });
    }
  };

  const checkShowIf = (showIf: ShowIf | undefined, path: string) => {
    if (!showIf) return;
    const target = seenQuestions.get(showIf.questionKey);
    if (!target) {
      problems.push({ path: `${path}.questionKey`, code: 'show_if_unknown', message: `${showIf.questionKey} is not an earlier question` });
      return;
    }
    if (!CONDITION_TYPES.includes(target.type)) {
      problems.push({ path: `${path}.questionKey`, code: 'show_if_type', message: `${showIf.questionKey} is not a single-choice or scale question` });
      return;
    }
    showIf.anyOf.forEach((value, i) => {
      if (target.type === 'single_choice') {
        if (typeof value !== 'string' || !target.options.some((o) => o.key === value)) {
          problems.push({ path: `${path}.anyOf.${i}`, code: 'show_if_value', message: `${String(value)} is not an option of ${target.key}` });
        }
      } else {
        const range = scaleRange(target)!;
        if (typeof value !== 'number' || value < range.min || value > range.max) {
          problems.push({ path: `${path}.anyOf.${i}`, code: 'show_if_value', message: `${String(value)} is not on the scale of ${target.key}` });
        }
      }
    });
  };

  checkText(def.title, 'title', true);
  checkText(def.description, 'description', false);
  checkText(def.thanks, 'thanks', false);
  def.sections.forEach((section, s) => {
    const sp = `sections.${s}`;
    if (seenSections.has(section.key)) problems.push({ path: `${sp}.key`, code: 'duplicate_key', message: `Section key ${section.key} is used twice` });
    seenSections.add(section.key);
    checkText(section.title, `${sp}.title`, true);
    checkText(section.description, `${sp}.description`, false);
    checkShowIf(section.showIf, `${sp}.showIf`);
    section.questions.forEach((q, i) => {
      const qp = `${sp}.questions.${i}`;
      questionCount++;
      if (seenQuestions.has(q.key)) problems.push({ path: `${qp}.key`, code: 'duplicate_key', message: `Question key ${q.key} is used twice` });
      checkText(q.title, `${qp}.title`, true);
      checkText(q.help, `${qp}.help`, false);
      // A question may not depend on itself or on a later one: the check runs before it is registered.
      checkShowIf(q.showIf, `${qp}.showIf`);
      if (q.type === 'single_choice' || q.type === 'multiple_choice') {
        const optionKeys = new Set<string>();
        q.options.forEach((o, j) => {
          if (optionKeys.has(o.key)) problems.push({ path: `${qp}.options.${j}.key`, code: 'duplicate_key', message: `Option key ${o.key} is used twice` });
          optionKeys.add(o.key);
          checkText(o.label, `${qp}.options.${j}.label`, true);
        });
        if (q.type === 'multiple_choice' && q.maxSelected !== undefined && q.maxSelected > q.options.length) {
          problems.push({ path: `${qp}.maxSelected`, code: 'too_big', message: 'maxSelected is larger than the number of options' });
        }
      }
      if (q.type === 'likert') {
        checkText(q.lowLabel, `${qp}.lowLabel`, false);
        checkText(q.highLabel, `${qp}.highLabel`, false);
      }
      if (q.type === 'servqual_pair') {
        if (dimensionOfItem(q.itemNo) !== q.dimension) {
          problems.push({ path: `${qp}.itemNo`, code: 'servqual_item_dimension', message: `Item ${q.itemNo} does not belong to ${q.dimension}` });
        }
        if (seenItems.has(q.itemNo)) problems.push({ path: `${qp}.itemNo`, code: 'duplicate_key', message: `Item ${q.itemNo} is used twice` });
        seenItems.add(q.itemNo);
      }
      if (!seenQuestions.has(q.key)) seenQuestions.set(q.key, q);
    });
  });
  if (options.forPublish && questionCount === 0) problems.push({ path: 'sections', code: 'no_questions', message: 'The survey has no questions' });
  return problems;
}

/** The text in the reader's language, falling back to Simplified Chinese, then any language given. */
export function localized(text: LocalizedText | undefined, locale: string): string {
  if (!text) return '';
  const own = text[locale as Locale];
  if (own) return own;
  return text['zh-CN'] || text['zh-TW'] || text['en-US'] || '';
}
