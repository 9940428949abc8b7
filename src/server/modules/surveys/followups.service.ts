import type { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import type { SurveyResponse, surveyFollowUpBody } from '../../../shared/schemas/surveys.js';
import { type AnswerKind, answersFromRows, type PairAnswer } from '../../../shared/surveys/answers.js';
import { allQuestions, type LocalizedText, type Question, scaleRange, type SurveyDefinition } from '../../../shared/surveys/definition.js';
import { isLowScore } from '../../../shared/surveys/followups.js';
import { newId, nowIso } from '../../lib/ids.js';
import { scopeCovers, siteScope } from '../access/access.policy.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import { insertNewCase } from '../cases/cases.service.js';
import type { ServiceContext } from '../context.js';
import * as followRepo from './followups.repository.js';
import * as repo from './surveys.repository.js';
import { getResponse } from './surveys.service.js';

/*
 * Follow-ups (整改跟进): a low score or a comment of a survey response becomes a case through
 * insertNewCase() (channel 'survey'), linked to the response in survey_follow_ups. The response
 * shows its follow-ups with the case's live status until the case is solved.
 */

const zh = (t: LocalizedText | undefined) => (t ? t['zh-CN'] || t['zh-TW'] || t['en-US'] : '');

/** The answer as a sentence for the case description, in the organisation's (Chinese) voice. */
function describeAnswer(q: Question, value: unknown): string {
  switch (q.type) {
    case 'csat':
    case 'nps':
    case 'likert': {
      const range = scaleRange(q)!;
      return `${String(value)} 分（${range.min}–${range.max} 分制）`;
    }
    case 'servqual_pair': {
      const pair = value as PairAnswer;
      return `期望 ${pair.expectation} 分，实际感受 ${pair.perception} 分（1–7 分制，差距 ${pair.perception - pair.expectation}）`;
    }
    case 'single_choice':
    case 'multiple_choice': {
      const keys = Array.isArray(value) ? (value as string[]) : [String(value)];
      return keys.map((k) => zh(q.options.find((o) => o.key === k)?.label) || k).join('、');
    }
    case 'allocation':
      return Object.entries(value as Record<string, number>).map(([d, n]) => `${d} ${n}`).join('，');
    case 'customer_details':
      return '（客户信息）';
    default:
      return String(value);
  }
}

export async function createFollowUp(ctx: ServiceContext, responseId: string, input: z.infer<typeof surveyFollowUpBody>): Promise<SurveyResponse> {
  const [readScope, writeScope] = await Promise.all([siteScope(ctx.db, ctx.actor, 'cases.read'), siteScope(ctx.db, ctx.actor, 'cases.write')]);
  const orgId = ctx.actor.orgId;
  const questionKey = input.questionKey ?? '';
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const response = await repo.findResponse(trx, orgId, responseId);
    if (!response || !scopeCovers(readScope, response.site_id) || !scopeCovers(writeScope, response.site_id)) throw new AppError('not_found', 'Response not found');
    const existing = await followRepo.findFollowUpFor(trx, orgId, response.id, questionKey);
    if (existing) throw new AppError('conflict', 'This answer already has a follow-up case', { caseId: existing.case_id });
    const survey = await repo.findSurvey(trx, orgId, response.survey_id);
    const def = JSON.parse(survey!.definition) as SurveyDefinition;
    const answers = answersFromRows(
      def,
      (await repo.findAnswers(trx, orgId, [response.id])).map((a) => ({ questionKey: a.question_key, kind: a.kind as AnswerKind, option: a.option, num: a.num, text: a.text })),
    );

    let quoted: string;
    let low = false;
    let questionTitle = '';
    if (questionKey) {
      const question = allQuestions(def).find((q) => q.question.key === questionKey)?.question;
      if (!question) throw new AppError('validation_failed', 'The survey has no such question', [{ path: 'questionKey', message: 'not_found', code: 'not_found' }]);
      const value = answers[questionKey];
      if (value === undefined) throw new AppError('validation_failed', 'The response does not answer this question', [{ path: 'questionKey', message: 'not_answered', code: 'not_answered' }]);
      low = isLowScore(question, value);
      questionTitle = zh(question.title);
      quoted = `问题：${questionTitle}\n回答：${describeAnswer(question, value)}`;
    } else {
      low = allQuestions(def).some(({ question }) => answers[question.key] !== undefined && isLowScore(question, answers[question.key]));
      quoted = allQuestions(def)
        .filter(({ question }) => answers[question.key] !== undefined && question.type !== 'customer_details')
        .map(({ question }) => `${zh(question.title)}：${describeAnswer(question, answers[question.key])}`)
        .join('\n');
    }
    const when = response.submitted_at.slice(0, 10);
    const context = [
      `问卷：${zh(JSON.parse(survey!.title) as LocalizedText)}（第 ${survey!.version_no} 版），${when} 提交`,
      `项目：${response.site_name}`,
      response.customer_name ? `客户：${response.customer_name}` : '客户：匿名答卷',
      input.note ? `跟进说明：${input.note}` : null,
    ].filter(Boolean);
    const baseTitle = questionTitle ? `调查反馈：${questionTitle}` : `调查反馈：${response.site_name}的答卷`;
    const title = input.title ?? (baseTitle.length > 60 ? `${baseTitle.slice(0, 59)}…` : baseTitle);
    const created = await insertNewCase({ ...ctx.db, kysely: trx }, orgId, ctx.actor, {
      type: input.type ?? (low ? 'complaint' : 'suggestion'),
      channel: 'survey',
      priority: input.priority,
      siteId: response.site_id,
      customerId: response.customer_id,
      title,
      description: `${quoted}\n\n${context.join('\n')}`,
    });
    const id = newId();
    const inserted = await followRepo.insertFollowUp(trx, { id, org_id: orgId, response_id: response.id, question_key: questionKey, case_id: created.id, note: input.note ?? null, created_by: ctx.actor.userId, created_at: nowIso() });
    if (!inserted) throw new AppError('conflict', 'This answer already has a follow-up case');
    await insertAuditEvent(trx, ctx.actor, orgId, { action: 'create', entity: 'case', entityId: created.id, after: { number: created.number, type: created.type, siteId: created.site_id, surveyResponseId: response.id } });
    await insertAuditEvent(trx, ctx.actor, orgId, { action: 'create', entity: 'survey_follow_up', entityId: id, after: { responseId: response.id, questionKey, caseId: created.id, caseNumber: created.number } });
  });
  return getResponse(ctx, responseId);
}
