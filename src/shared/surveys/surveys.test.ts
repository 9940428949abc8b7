import { describe, expect, it } from 'vitest';
import { LOCALES } from '../roles.js';
import { answerRows, answersFromRows, validateAnswers, visibleQuestionKeys } from './answers.js';
import { allQuestions, definitionProblems, type Question, SERVQUAL_DIMENSIONS, surveyDefinitionSchema, type SurveyDefinition } from './definition.js';
import { SURVEY_TEMPLATES, surveyTemplate } from './templates.js';

const text = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, 'en-US': s });

/** One question of every type, with skip logic on a choice and on a scale. */
const definition: SurveyDefinition = surveyDefinitionSchema.parse({
  title: text('测试问卷'),
  sections: [
    {
      key: 'main',
      title: text('主要'),
      questions: [
        { key: 'role', type: 'single_choice', required: true, title: text('身份'), options: [{ key: 'owner', label: text('业主') }, { key: 'tenant', label: text('租户') }] },
        { key: 'areas', type: 'multiple_choice', maxSelected: 2, title: text('领域'), options: [{ key: 'a', label: text('甲') }, { key: 'b', label: text('乙') }, { key: 'c', label: text('丙') }] },
        { key: 'l5', type: 'likert', scale: '1-5', title: text('五分') },
        { key: 'l7', type: 'likert', scale: '1-7', title: text('七分') },
        { key: 'l10', type: 'likert', scale: '0-10', title: text('十分') },
        { key: 'sq05', type: 'servqual_pair', dimension: 'reliability', itemNo: 5, required: true, title: text('按时') },
        { key: 'imp', type: 'allocation', title: text('重要性') },
        { key: 'nps', type: 'nps', required: true, title: text('推荐') },
        { key: 'sat', type: 'csat', title: text('满意') },
        { key: 'note', type: 'text', maxLength: 10, title: text('意见') },
        { key: 'who', type: 'customer_details', fields: ['name', 'phone'], title: text('联系方式') },
        // only owners are asked, and it is required when asked
        { key: 'owner_only', type: 'csat', required: true, title: text('业主题'), showIf: { questionKey: 'role', anyOf: ['owner'] } },
        { key: 'low_why', type: 'text', required: true, title: text('为何低分'), showIf: { questionKey: 'nps', anyOf: [0, 1, 2, 3, 4, 5, 6] } },
      ],
    },
    { key: 'tenants', title: text('租户'), showIf: { questionKey: 'role', anyOf: ['tenant'] }, questions: [{ key: 'lease', type: 'csat', required: true, title: text('租约') }] },
  ],
});

const valid = { role: 'owner', sq05: { expectation: 7, perception: 5 }, nps: 9, owner_only: 4 };
const problemsOf = (answers: Record<string, unknown>) => validateAnswers(definition, answers).map((p) => `${p.key}:${p.code}`);

describe('survey answers', () => {
  it('accepts a complete, valid set of answers', () => {
    expect(problemsOf(valid)).toEqual([]);
    expect(
      problemsOf({
        ...valid,
        areas: ['a', 'c'],
        l5: 1,
        l7: 7,
        l10: 0,
        imp: { tangibles: 10, reliability: 40, responsiveness: 20, assurance: 20, empathy: 10 },
        sat: 5,
        note: '  很好  ',
        who: { name: '王先生', phone: '13800000000' },
      }),
    ).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    ['role', 'landlord', 'unknown_option'],
    ['role', 1, 'invalid_value'],
    ['role', ['owner'], 'invalid_value'],
    ['areas', ['a', 'b', 'c'], 'too_many'],
    ['areas', ['a', 'a'], 'invalid_value'],
    ['areas', ['z'], 'unknown_option'],
    ['areas', 'a', 'invalid_value'],
    ['l5', 6, 'out_of_range'],
    ['l5', 0, 'out_of_range'],
    ['l5', 2.5, 'invalid_value'],
    ['l5', '3', 'invalid_value'],
    ['l7', 8, 'out_of_range'],
    ['l10', 11, 'out_of_range'],
    ['l10', -1, 'out_of_range'],
    ['sq05', { expectation: 8, perception: 5 }, 'out_of_range'],
    ['sq05', { expectation: 0, perception: 5 }, 'out_of_range'],
    ['sq05', { expectation: 6 }, 'invalid_value'],
    ['sq05', { expectation: 6, perception: 5, extra: 1 }, 'invalid_value'],
    ['sq05', 6, 'invalid_value'],
    ['imp', { tangibles: 10, reliability: 40, responsiveness: 20, assurance: 20, empathy: 11 }, 'allocation_sum'],
    ['imp', { tangibles: 100, reliability: 0, responsiveness: 0, assurance: 0, empathy: -0.5 }, 'invalid_value'],
    ['imp', { tangibles: 50, price: 50 }, 'invalid_value'],
    ['imp', [20, 20, 20, 20, 20], 'invalid_value'],
    ['nps', 11, 'out_of_range'],
    ['nps', true, 'invalid_value'],
    ['sat', 0, 'out_of_range'],
    ['sat', 6, 'out_of_range'],
    ['note', '这段意见写得太长了超过十个字', 'too_long'],
    ['note', 42, 'invalid_value'],
    ['who', { name: '王', email: 'a@b.cn' }, 'invalid_value'],
    ['who', { phone: 13800000000 }, 'invalid_value'],
    ['who', '王先生', 'invalid_value'],
  ])('refuses %s = %j (%s), naming the key', (key, value, code) => {
    // (a bad role also hides the owners' question: leave its answer out)
    const base = key === 'role' ? { ...valid, owner_only: undefined } : valid;
    const problems = validateAnswers(definition, { ...base, [key]: value });
    expect(problems.map((p) => `${p.key}:${p.code}`)).toEqual([`${key}:${code}`]);
    expect(problems[0].message).toContain(key);
  });

  it('allocation: a dimension left out counts as 0 points, the sum must still be 100', () => {
    expect(problemsOf({ ...valid, imp: { reliability: 60, responsiveness: 40 } })).toEqual([]);
    expect(problemsOf({ ...valid, imp: { reliability: 60 } })).toEqual(['imp:allocation_sum']);
  });

  it('requires the required questions that are shown, and nothing else', () => {
    expect(problemsOf({})).toEqual(['role:required', 'sq05:required', 'nps:required']);
    expect(problemsOf({ ...valid, role: '', owner_only: undefined })).toEqual(['role:required']);
    expect(problemsOf({ ...valid, sq05: {} })).toEqual(['sq05:required']);
  });

  it('refuses answers to unknown questions', () => {
    expect(problemsOf({ ...valid, surprise: 1 })).toEqual(['surprise:unknown_question']);
  });

  describe('skip logic', () => {
    it('shows a question only when the earlier choice matches', () => {
      expect(visibleQuestionKeys(definition, { role: 'owner' }).has('owner_only')).toBe(true);
      expect(visibleQuestionKeys(definition, { role: 'tenant' }).has('owner_only')).toBe(false);
      expect(visibleQuestionKeys(definition, {}).has('owner_only')).toBe(false);
    });

    it('does not require a skipped required question, and refuses an answer to it', () => {
      const tenant = { role: 'tenant', sq05: { expectation: 6, perception: 6 }, nps: 10, lease: 5 };
      expect(problemsOf(tenant)).toEqual([]);
      expect(problemsOf({ ...tenant, owner_only: 3 })).toEqual(['owner_only:skipped']);
      // …while for an owner it is required
      expect(problemsOf({ ...tenant, role: 'owner', lease: undefined })).toEqual(['owner_only:required']);
    });

    it('hides a whole section, and follows a scale answer', () => {
      expect(problemsOf({ ...valid, lease: 5 })).toEqual(['lease:skipped']);
      expect(problemsOf({ role: 'tenant', sq05: { expectation: 6, perception: 6 }, nps: 10 })).toEqual(['lease:required']);
      expect(problemsOf({ ...valid, nps: 3 })).toEqual(['low_why:required']);
      expect(problemsOf({ ...valid, nps: 3, low_why: '维修太慢' })).toEqual([]);
      expect(problemsOf({ ...valid, nps: 8, low_why: '维修太慢' })).toEqual(['low_why:skipped']);
    });
  });

  it('stores one row per value and reads them back', () => {
    const answers = {
      ...valid,
      areas: ['a', 'c'],
      imp: { tangibles: 10, reliability: 40, responsiveness: 20, assurance: 20, empathy: 10 },
      note: '  很好  ',
      who: { name: '王先生', phone: '' },
    };
    const rows = answerRows(definition, answers);
    const brief = rows.map((r) => `${r.questionKey}/${r.kind}/${r.option}/${r.num ?? r.text}/${r.dimension ?? ''}`);
    expect(brief).toEqual([
      'role/choice/owner/1/',
      'areas/choice/a/1/',
      'areas/choice/c/3/',
      'sq05/expectation//7/reliability',
      'sq05/perception//5/reliability',
      'imp/allocation/tangibles/10/tangibles',
      'imp/allocation/reliability/40/reliability',
      'imp/allocation/responsiveness/20/responsiveness',
      'imp/allocation/assurance/20/assurance',
      'imp/allocation/empathy/10/empathy',
      'nps/value//9/',
      'note/text//很好/',
      'who/detail/name/王先生/',
      'owner_only/value//4/',
    ]);
    expect(answersFromRows(definition, rows)).toEqual({ ...answers, note: '很好', who: { name: '王先生' } });
  });
});

describe('survey definitions', () => {
  const withQuestions = (questions: unknown[]) => surveyDefinitionSchema.parse({ title: text('问卷'), sections: [{ key: 's', title: text('节'), questions }] });

  it('finds duplicate keys, skip logic that points forwards or at the wrong kind of question, and item numbers in the wrong dimension', () => {
    const def = withQuestions([
      { key: 'a', type: 'text', title: text('甲'), showIf: { questionKey: 'b', anyOf: ['x'] } },
      { key: 'b', type: 'single_choice', title: text('乙'), options: [{ key: 'x', label: text('x') }, { key: 'x', label: text('y') }] },
      { key: 'b', type: 'csat', title: text('重复') },
      { key: 'c', type: 'text', title: text('丙'), showIf: { questionKey: 'a', anyOf: ['x'] } },
      { key: 'd', type: 'text', title: text('丁'), showIf: { questionKey: 'b', anyOf: ['zz'] } },
      { key: 'e', type: 'servqual_pair', dimension: 'empathy', itemNo: 3, title: text('戊') },
      { key: 'f', type: 'csat', title: text('己') },
      { key: 'g', type: 'text', title: text('庚'), showIf: { questionKey: 'f', anyOf: [0] } },
    ]);
    expect(definitionProblems(def).map((p) => `${p.path}:${p.code}`)).toEqual([
      'sections.0.questions.0.showIf.questionKey:show_if_unknown',
      'sections.0.questions.1.options.1.key:duplicate_key',
      'sections.0.questions.2.key:duplicate_key',
      'sections.0.questions.3.showIf.questionKey:show_if_type',
      'sections.0.questions.4.showIf.anyOf.0:show_if_value',
      'sections.0.questions.5.itemNo:servqual_item_dimension',
      'sections.0.questions.7.showIf.anyOf.0:show_if_value',
    ]);
  });

  it('lets a draft leave translations blank, but not a published version', () => {
    const def = withQuestions([{ key: 'a', type: 'csat', title: { 'zh-CN': '满意吗', 'zh-TW': '', 'en-US': '' }, help: { 'zh-CN': '说明', 'zh-TW': '說明', 'en-US': '' } }]);
    expect(definitionProblems(def)).toEqual([]);
    expect(definitionProblems(def, { forPublish: true }).map((p) => p.path)).toEqual(['sections.0.questions.0.title.zh-TW', 'sections.0.questions.0.title.en-US', 'sections.0.questions.0.help.en-US']);
    expect(definitionProblems(withQuestions([]), { forPublish: true }).map((p) => p.code)).toEqual(['no_questions']);
  });

  it('refuses malformed keys and unknown question types in the schema', () => {
    expect(surveyDefinitionSchema.safeParse({ title: text('x'), sections: [{ key: 's', title: text('s'), questions: [{ key: 'Bad Key', type: 'csat', title: text('x') }] }] }).success).toBe(false);
    expect(surveyDefinitionSchema.safeParse({ title: text('x'), sections: [{ key: 's', title: text('s'), questions: [{ key: 'a', type: 'slider', title: text('x') }] }] }).success).toBe(false);
    expect(surveyDefinitionSchema.safeParse({ title: text('x'), sections: [] }).success).toBe(false);
  });
});

describe('survey templates', () => {
  it.each(SURVEY_TEMPLATES)('%s is valid and complete in all three languages', (name) => {
    const def = surveyTemplate(name);
    expect(surveyDefinitionSchema.parse(def)).toEqual(def);
    expect(definitionProblems(def, { forPublish: true })).toEqual([]);
    // Every text filled in every language, and the three differ where Chinese and English must.
    const texts: Record<string, string>[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        if ('zh-CN' in v) texts.push(v as Record<string, string>);
        else Object.values(v).forEach(walk);
      }
    };
    walk(def);
    expect(texts.length).toBeGreaterThan(5);
    for (const t of texts) {
      for (const l of LOCALES) expect(t[l]?.trim(), JSON.stringify(t)).toBeTruthy();
      expect(t['en-US']).not.toBe(t['zh-CN']);
      expect(/[\u4e00-\u9fff]/.test(t['en-US']), t['en-US']).toBe(false);
    }
  });

  it('servqual has the 22 items numbered as in the method, in their dimensions, and the importance allocation', () => {
    const questions = allQuestions(surveyTemplate('servqual')).map((q) => q.question);
    const pairs = questions.filter((q): q is Extract<Question, { type: 'servqual_pair' }> => q.type === 'servqual_pair');
    expect(pairs.map((q) => q.itemNo)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
    const dims = Object.fromEntries(SERVQUAL_DIMENSIONS.map((d) => [d, pairs.filter((q) => q.dimension === d).map((q) => q.itemNo)]));
    expect(dims).toEqual({
      tangibles: [1, 2, 3, 4],
      reliability: [5, 6, 7, 8, 9],
      responsiveness: [10, 11, 12, 13],
      assurance: [14, 15, 16, 17],
      empathy: [18, 19, 20, 21, 22],
    });
    expect(pairs.every((q) => q.required)).toBe(true);
    expect(questions.filter((q) => q.type === 'allocation').map((q) => q.key)).toEqual(['importance']);
    // The items read differently in Simplified and Traditional Chinese where the characters differ.
    expect(pairs.some((q) => q.title['zh-CN'] !== q.title['zh-TW'])).toBe(true);
  });

  it('property covers the six service areas; csat and nps use skip logic', () => {
    expect(surveyTemplate('property').sections.map((s) => s.key)).toEqual(expect.arrayContaining(['security', 'cleaning', 'greening', 'repairs', 'front_desk', 'fees']));
    expect(allQuestions(surveyTemplate('nps')).some(({ question }) => question.type === 'nps' && question.required)).toBe(true);
    expect(allQuestions(surveyTemplate('csat')).filter(({ question }) => question.showIf).length).toBeGreaterThan(0);
  });
});
