import type { TFunction } from 'i18next';
import { LOCALES } from '../../../shared/roles';
import { allQuestions, type LocalizedText, type Question, type QuestionType, type SurveyDefinition } from '../../../shared/surveys/definition';

/*
 * Pure helpers of the survey builder: new questions with sensible defaults, unique keys, moving
 * items. The builder edits a SurveyDefinition value and sends it whole.
 */

export const emptyText = (): LocalizedText => ({ 'zh-CN': '', 'zh-TW': '', 'en-US': '' });

/** The same interface text in all three languages (for a new survey's placeholders). */
export function allLanguages(t: TFunction, key: string): LocalizedText {
  return Object.fromEntries(LOCALES.map((l) => [l, t(key, { lng: l })])) as LocalizedText;
}

export function blankDefinition(t: TFunction): SurveyDefinition {
  return {
    title: allLanguages(t, 'surveys.builder.untitled'),
    sections: [{ key: 'section_1', title: allLanguages(t, 'surveys.builder.firstSection'), questions: [] }],
  };
}

/** `prefix_n` with the smallest n not yet taken. */
export function uniqueKey(taken: Set<string>, prefix: string): string {
  for (let n = 1; ; n++) {
    const key = `${prefix}_${n}`;
    if (!taken.has(key)) return key;
  }
}

export function questionKeys(def: SurveyDefinition): Set<string> {
  return new Set(allQuestions(def).map((q) => q.question.key));
}

export function newQuestion(type: QuestionType, key: string, t: TFunction): Question {
  const base = { key, title: emptyText(), required: false };
  switch (type) {
    case 'single_choice':
    case 'multiple_choice':
      return { ...base, type, options: [1, 2].map((n) => ({ key: `option_${n}`, label: optionLabel(t, n) })) } as Question;
    case 'likert':
      return { ...base, type, scale: '1-5' };
    case 'servqual_pair':
      return { ...base, type, dimension: 'tangibles', itemNo: 1, required: true };
    case 'text':
      return { ...base, type, multiline: true, maxLength: 2000 };
    case 'customer_details':
      return { ...base, type, fields: ['name', 'phone'] };
    default:
      return { ...base, type } as Question;
  }
}

export function optionLabel(t: TFunction, n: number): LocalizedText {
  return Object.fromEntries(LOCALES.map((l) => [l, t('surveys.builder.optionN', { n, lng: l })])) as LocalizedText;
}

export function move<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return list;
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}
