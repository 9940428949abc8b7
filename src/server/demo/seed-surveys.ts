/**
 * Demo surveys: the SERVQUAL survey (from the template, published) and two half-year campaigns
 * (2025-H2 and 2026-H1) across every site, with responses of realistic structure. Expectations are
 * high (mostly 6–7); perceptions are lower, with each site's own pattern (some better on
 * reliability and worse on responsiveness, others the other way round) and a slight improvement
 * from one half-year to the next; importance allocations sum to 100 with reliability weighted most;
 * about a third leave a comment in Chinese; a few low overall scores became follow-up cases.
 * Everything is drawn from the demo's seeded generator and written in bulk.
 */
import { answerRows } from '../../shared/surveys/answers.js';
import { allQuestions, SERVQUAL_DIMENSIONS, type ServqualDimension } from '../../shared/surveys/definition.js';
import { surveyTemplate } from '../../shared/surveys/templates.js';
import type { Db } from '../db/database.js';
import type { SurveyAnswerRow, SurveyFollowUpRow, SurveyResponseRow } from '../db/types.js';
import { newId } from '../lib/ids.js';
import { insertAuditEvent } from '../modules/audit/audit.repository.js';
import { insertNewCase } from '../modules/cases/cases.service.js';
import { questionRows } from '../modules/surveys/surveys.service.js';
import type { Rng } from './random.js';

const CAMPAIGNS = [
  { name: '2025年下半年客户服务质量调查', startsOn: '2025-07-01', endsOn: '2025-12-31', from: Date.UTC(2025, 9, 8), days: 60, lift: 0 },
  { name: '2026年上半年客户服务质量调查', startsOn: '2026-01-01', endsOn: '2026-06-30', from: Date.UTC(2026, 3, 7), days: 60, lift: 0.25 },
] as const;

/** Average importance points per dimension (sum 100): reliability matters most, as the method finds. */
const IMPORTANCE: Record<ServqualDimension, number> = { tangibles: 12, reliability: 31, responsiveness: 22, assurance: 19, empathy: 16 };

const PRAISE = [
  '物业管家很负责，有问题随叫随到。',
  '保安大哥很热情，晚上回家觉得很安心。',
  '小区环境维护得很好，绿化越来越漂亮了。',
  '报修后师傅当天就来了，修得也很仔细。',
  '前台工作人员态度亲切，解释得很清楚。',
];
const COMPLAINTS = [
  '报修后等了三天才有人上门，希望提高响应速度。',
  '电话经常打不通，下班后找不到人处理问题。',
  '答应的事情经常拖着不办，要反复催促。',
  '地下车库照明不足，反映了几次还没有修好。',
  '电梯经常故障，维修后没多久又坏了。',
  '垃圾清运不及时，夏天气味很大。',
  '收费项目不够透明，希望公示明细。',
  '装修噪音管理不严，周末也在施工。',
];

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(n)));
const noise = (rng: Rng, spread: number) => (rng.next() + rng.next() + rng.next() - 1.5) * spread;

/** Shares 100 points around the typical weights, integers that sum to exactly 100. */
function allocation(rng: Rng): Record<ServqualDimension, number> {
  const raw = SERVQUAL_DIMENSIONS.map((d) => Math.max(2, IMPORTANCE[d] + noise(rng, 10)));
  const total = raw.reduce((a, b) => a + b, 0);
  const points = raw.map((r) => Math.round((r / total) * 100));
  points[1] += 100 - points.reduce((a, b) => a + b, 0);
  return Object.fromEntries(SERVQUAL_DIMENSIONS.map((d, i) => [d, points[i]])) as Record<ServqualDimension, number>;
}

export async function seedSurveys(db: Db, orgId: string, rng: Rng): Promise<{ responses: number; followUps: number }> {
  const k = db.kysely;
  const sites = await k.selectFrom('sites').select(['id', 'name']).where('org_id', '=', orgId).where('kind', '=', 'site').orderBy('code').execute();
  const customers = await k.selectFrom('customers').select(['id', 'site_id']).where('org_id', '=', orgId).where('deleted_at', 'is', null).orderBy('id').execute();
  const specialist = await k.selectFrom('role_grants').select('user_id as id').where('org_id', '=', orgId).where('role', '=', 'specialist').where('site_id', 'is', null).orderBy('user_id').executeTakeFirst();
  const bySite = new Map<string, string[]>();
  for (const c of customers) bySite.set(c.site_id, [...(bySite.get(c.site_id) ?? []), c.id]);

  const def = surveyTemplate('servqual');
  const pairs = allQuestions(def).flatMap(({ question }) => (question.type === 'servqual_pair' ? [{ key: question.key, dimension: question.dimension }] : []));
  const surveyId = newId();
  const publishedAt = new Date(Date.UTC(2025, 5, 20, 2)).toISOString();
  const createdBy = specialist?.id ?? null;

  // Each site's pattern: an offset per dimension below expectations; alternate sites lean to
  // reliability or to responsiveness, and one in four is weak on tangibles (older buildings).
  const profiles = sites.map((_, i) => {
    const strongReliability = i % 2 === 0;
    return {
      tangibles: (i % 4 === 3 ? -1.6 : -0.6) + noise(rng, 0.4),
      reliability: (strongReliability ? -0.4 : -1.5) + noise(rng, 0.4),
      responsiveness: (strongReliability ? -1.8 : -0.5) + noise(rng, 0.4),
      assurance: -0.8 + noise(rng, 0.5),
      empathy: -1.0 + noise(rng, 0.5),
    } satisfies Record<ServqualDimension, number>;
  });

  const responses: SurveyResponseRow[] = [];
  const answers: SurveyAnswerRow[] = [];
  const low: { response: SurveyResponseRow; siteName: string; overall: number; comment: string }[] = [];
  const campaignRows = CAMPAIGNS.map((c) => ({ ...c, id: newId() }));
  for (const campaign of campaignRows) {
    sites.forEach((site, s) => {
      const profile = profiles[s];
      const count = rng.int(14, 22);
      const siteCustomers = bySite.get(site.id) ?? [];
      for (let n = 0; n < count; n++) {
        const id = newId();
        // most respondents vary a little around the site's pattern; about one in twelve had a bad experience
        const personal = rng.chance(0.08) ? -2.8 + noise(rng, 1) : noise(rng, 1.2);
        const values: Record<string, unknown> = {};
        let perceptionSum = 0;
        for (const pair of pairs) {
          const expectation = clamp(6.5 + noise(rng, 1), 5, 7);
          const perception = clamp(expectation + profile[pair.dimension] + campaign.lift + personal + noise(rng, 1.4), 1, 7);
          perceptionSum += perception;
          values[pair.key] = { expectation, perception };
        }
        values.importance = allocation(rng);
        const overall = clamp(((perceptionSum / pairs.length - 1) / 6) * 4 + 1 + noise(rng, 0.8), 1, 5);
        values.overall = overall;
        let comment = '';
        if (overall <= 2 || rng.chance(0.3)) comment = overall <= 3 ? rng.pick(COMPLAINTS) : rng.pick(PRAISE);
        if (comment) values.comments = comment;
        const customerId = siteCustomers.length && rng.chance(0.7) ? rng.pick(siteCustomers) : null;
        const submitted = new Date(campaign.from + rng.int(0, campaign.days * 24 * 60) * 60_000).toISOString();
        const response: SurveyResponseRow = {
          id, org_id: orgId, survey_id: surveyId, series_id: surveyId, site_id: site.id, customer_id: customerId,
          channel: rng.weighted([['online', 5], ['qr', 3], ['phone', 1], ['paper', 1]]), locale: 'zh-CN', campaign_id: campaign.id,
          entered_by: null, submitted_at: submitted, created_at: submitted,
        };
        responses.push(response);
        for (const a of answerRows(def, values)) {
          answers.push({ org_id: orgId, response_id: id, survey_id: surveyId, site_id: site.id, question_key: a.questionKey, kind: a.kind, option: a.option, num: a.num, text: a.text, dimension: a.dimension });
        }
        if (overall <= 2 && customerId && comment) low.push({ response, siteName: site.name, overall, comment });
      }
    });
  }

  let followUps = 0;
  await k.transaction().execute(async (trx) => {
    await trx.insertInto('surveys').values({
      id: surveyId, org_id: orgId, series_id: surveyId, version_no: 1, status: 'published', template: 'servqual', title: JSON.stringify(def.title), definition: JSON.stringify(def),
      question_count: allQuestions(def).length, created_by: createdBy, published_by: createdBy, published_at: publishedAt, version: 1, created_at: publishedAt, updated_at: publishedAt,
    }).execute();
    await trx.insertInto('survey_questions').values(questionRows(orgId, surveyId, def)).execute();
    for (const c of campaignRows) {
      const at = new Date(c.from - 7 * 86_400_000).toISOString();
      await trx.insertInto('survey_campaigns').values({ id: c.id, org_id: orgId, survey_id: surveyId, series_id: surveyId, name: c.name, starts_on: c.startsOn, ends_on: c.endsOn, audience: '{}', created_by: createdBy, version: 1, created_at: at, updated_at: at }).execute();
      await trx.insertInto('survey_campaign_sites').values(sites.map((s) => ({ org_id: orgId, campaign_id: c.id, site_id: s.id, target: 20 }))).execute();
    }
    for (let i = 0; i < responses.length; i += 500) await trx.insertInto('survey_responses').values(responses.slice(i, i + 500)).execute();
    for (let i = 0; i < answers.length; i += 1000) await trx.insertInto('survey_answers').values(answers.slice(i, i + 1000)).execute();

    // A few low overall scores with a comment were turned into cases, with the live case writer.
    const rows: SurveyFollowUpRow[] = [];
    for (const { response, siteName, overall, comment } of rng.sample(low, 4)) {
      const created = await insertNewCase({ ...db, kysely: trx }, orgId, null, {
        type: 'complaint',
        channel: 'survey',
        priority: 'normal',
        siteId: response.site_id,
        customerId: response.customer_id,
        title: `调查反馈：${comment.replace(/[，。].*$/, '')}`,
        description: `问题：总体而言，您对我们的服务满意吗？\n回答：${overall} 分（1–5 分制）\n意见：${comment}\n\n问卷：客户服务质量调查（SERVQUAL），${response.submitted_at.slice(0, 10)} 提交\n项目：${siteName}`,
      });
      rows.push({ id: newId(), org_id: orgId, response_id: response.id, question_key: 'overall', case_id: created.id, note: null, created_by: createdBy, created_at: created.created_at });
      await insertAuditEvent(trx, null, orgId, { action: 'create', entity: 'case', entityId: created.id, after: { number: created.number, surveyResponseId: response.id, via: 'seed' } });
    }
    if (rows.length) await trx.insertInto('survey_follow_ups').values(rows).execute();
    followUps = rows.length;
    await insertAuditEvent(trx, null, orgId, { action: 'seed', entity: 'survey', entityId: surveyId, after: { campaigns: campaignRows.length, responses: responses.length, answers: answers.length, followUps } });
  });
  return { responses: responses.length, followUps };
}
