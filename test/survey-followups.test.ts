import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/server/lib/ids.js';
import { api, createTestApp, type TestApp } from './helpers/app.js';
import { DIALECTS } from './helpers/db.js';
import { createOrgFixture, type OrgFixture } from './helpers/factories.js';

interface FollowUp { id: string; questionKey: string; caseId: string; caseNumber: string; caseStatus: string; note: string | null }

describe.each(DIALECTS)('survey follow-ups on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let surveyId: string;
  const as = (key: string) => ({ bearer: org.users[key].token });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    org = await createOrgFixture(t.db, 'fup');
    surveyId = (await api(t.app, 'POST', '/api/v1/surveys/from-template', as('admin'), { template: 'csat' })).json().id;
    const published = await api(t.app, 'POST', `/api/v1/surveys/${surveyId}/publish`, as('admin'), {});
    expect(published.statusCode, published.body).toBe(200);
  });
  afterAll(async () => t?.drop());

  const respond = async (answers: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const res = await api(t.app, 'POST', `/api/v1/surveys/${surveyId}/responses`, as('agent@A'), { siteId: org.siteA, customerId: org.customerA, channel: 'phone', answers, ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const lowAnswers = { resolved: 'no', unresolved: '漏水还在继续，卫生间天花板发霉。', csat: 1, speed: 2, comments: '希望维修师傅能准时上门。' };

  it('turns a low score into a case on channel survey quoting the question, the answer, the site and the customer; audited; shown on the response', async () => {
    const responseId = await respond(lowAnswers);
    const res = await api(t.app, 'POST', `/api/v1/survey-responses/${responseId}/follow-ups`, as('agent@A'), { questionKey: 'csat', note: '请回访客户' });
    expect(res.statusCode, res.body).toBe(201);
    const followUps: FollowUp[] = res.json().followUps;
    expect(followUps).toHaveLength(1);
    expect(followUps[0]).toMatchObject({ questionKey: 'csat', caseStatus: 'new', note: '请回访客户' });
    expect(followUps[0].caseNumber).toMatch(/^FW-\d{8}-\d{4}$/);

    const kase = await t.db.kysely.selectFrom('cases').selectAll().where('id', '=', followUps[0].caseId).executeTakeFirstOrThrow();
    expect(kase).toMatchObject({ channel: 'survey', type: 'complaint', priority: 'normal', site_id: org.siteA, customer_id: org.customerA, status: 'new' });
    expect(kase.title).toBe('调查反馈：您对这次处理的总体满意程度');
    expect(kase.description).toContain('问题：您对这次处理的总体满意程度');
    expect(kase.description).toContain('回答：1 分（1–5 分制）');
    expect(kase.description).toContain('项目：阳光花园');
    expect(kase.description).toContain('客户：王建国');
    expect(kase.description).toContain('跟进说明：请回访客户');

    const audit = await t.db.kysely.selectFrom('audit_events').select(['entity', 'action']).where('entity_id', 'in', [followUps[0].id, kase.id]).execute();
    expect(audit.map((a) => a.entity).sort()).toEqual(['case', 'survey_follow_up']);

    // the single read and the list both show it, with the case's live status
    await t.db.kysely.updateTable('cases').set({ status: 'resolved' }).where('id', '=', kase.id).execute();
    const one = await api(t.app, 'GET', `/api/v1/survey-responses/${responseId}`, as('agent@A'));
    expect(one.statusCode).toBe(200);
    expect(one.json().followUps.map((f: FollowUp) => [f.caseNumber, f.caseStatus])).toEqual([[kase.number, 'resolved']]);
    const list = await api(t.app, 'GET', `/api/v1/surveys/${surveyId}/responses?pageSize=100`, as('agent@A'));
    const listed = list.json().items.find((r: { id: string }) => r.id === responseId);
    expect(listed.followUps.map((f: FollowUp) => f.caseId)).toEqual([kase.id]);
  });

  it('turns a comment into a suggestion, and refuses a second follow-up for the same answer with 409 (one case)', async () => {
    const responseId = await respond(lowAnswers);
    const first = await api(t.app, 'POST', `/api/v1/survey-responses/${responseId}/follow-ups`, as('agent@A'), { questionKey: 'comments' });
    expect(first.statusCode, first.body).toBe(201);
    const caseId = first.json().followUps[0].caseId;
    const kase = await t.db.kysely.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(kase.type).toBe('suggestion');
    expect(kase.description).toContain('回答：希望维修师傅能准时上门。');
    const cases = async () => Number((await t.db.kysely.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await cases();
    const second = await api(t.app, 'POST', `/api/v1/survey-responses/${responseId}/follow-ups`, as('agent@A'), { questionKey: 'comments', type: 'complaint' });
    expect(second.statusCode).toBe(409);
    expect(await cases()).toBe(before);
    // another question of the same response, and the whole response, are separate follow-ups
    const other = await api(t.app, 'POST', `/api/v1/survey-responses/${responseId}/follow-ups`, as('agent@A'), { questionKey: 'speed', priority: 'high' });
    expect(other.statusCode, other.body).toBe(201);
    const whole = await api(t.app, 'POST', `/api/v1/survey-responses/${responseId}/follow-ups`, as('agent@A'), {});
    expect(whole.statusCode, whole.body).toBe(201);
    expect(whole.json().followUps.map((f: FollowUp) => f.questionKey)).toEqual(['comments', 'speed', '']);
    const wholeCase = await t.db.kysely.selectFrom('cases').selectAll().where('id', '=', whole.json().followUps[2].caseId).executeTakeFirstOrThrow();
    expect(wholeCase.type).toBe('complaint');
    expect(wholeCase.description).toContain('您对这次处理的总体满意程度：1 分（1–5 分制）');
    expect((await api(t.app, 'POST', `/api/v1/survey-responses/${responseId}/follow-ups`, as('agent@A'), {})).statusCode).toBe(409);
  });

  it('refuses unknown or unanswered questions with 400, out-of-scope callers with 404 and callers without cases.write with 403, and writes nothing', async () => {
    const responseId = await respond({ resolved: 'yes', csat: 5 });
    const cases = async () => Number((await t.db.kysely.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await cases();
    const unknown = await api(t.app, 'POST', `/api/v1/survey-responses/${responseId}/follow-ups`, as('agent@A'), { questionKey: 'nope' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0].path).toBe('questionKey');
    const unanswered = await api(t.app, 'POST', `/api/v1/survey-responses/${responseId}/follow-ups`, as('agent@A'), { questionKey: 'comments' });
    expect(unanswered.statusCode).toBe(400);
    expect(unanswered.json().error.details[0].code).toBe('not_answered');
    expect((await api(t.app, 'POST', `/api/v1/survey-responses/${responseId}/follow-ups`, as('general_manager@A'), { questionKey: 'csat' })).statusCode).toBe(403);
    expect((await api(t.app, 'POST', `/api/v1/survey-responses/${newId()}/follow-ups`, as('agent@A'), {})).statusCode).toBe(404);
    const onB = await api(t.app, 'POST', `/api/v1/surveys/${surveyId}/responses`, as('agent'), { siteId: org.siteB, channel: 'paper', answers: { resolved: 'no', unresolved: '无人处理', csat: 1 } });
    expect(onB.statusCode, onB.body).toBe(201);
    expect((await api(t.app, 'POST', `/api/v1/survey-responses/${onB.json().id}/follow-ups`, as('agent@A'), { questionKey: 'csat' })).statusCode).toBe(404);
    expect((await api(t.app, 'GET', `/api/v1/survey-responses/${onB.json().id}`, as('agent@A'))).statusCode).toBe(404);
    expect(await cases()).toBe(before);
    // an anonymous response becomes a case without a customer
    const anon = await api(t.app, 'POST', `/api/v1/survey-responses/${onB.json().id}/follow-ups`, as('agent'), { questionKey: 'unresolved' });
    expect(anon.statusCode, anon.body).toBe(201);
    const kase = await t.db.kysely.selectFrom('cases').selectAll().where('id', '=', anon.json().followUps[0].caseId).executeTakeFirstOrThrow();
    expect(kase.customer_id).toBeNull();
    expect(kase.description).toContain('客户：匿名答卷');
  });

  it('records CSAT answers on the customer’s dissatisfaction ladder (source survey), not for anonymous responses', async () => {
    const scores = async () => t.db.kysely.selectFrom('satisfaction_scores').select(['customer_id', 'score', 'scale', 'source']).where('source', '=', 'survey').where('customer_id', '=', org.customerB).execute();
    expect(await scores()).toEqual([]);
    const res = await api(t.app, 'POST', `/api/v1/surveys/${surveyId}/responses`, as('agent'), { siteId: org.siteB, customerId: org.customerB, channel: 'phone', answers: { resolved: 'no', unresolved: '电梯还是坏的', csat: 1 } });
    expect(res.statusCode, res.body).toBe(201);
    expect(await scores()).toEqual([{ customer_id: org.customerB, score: 1, scale: 5, source: 'survey' }]);
    const customer = await t.db.kysely.selectFrom('customers').select('stage').where('id', '=', org.customerB).executeTakeFirstOrThrow();
    expect(customer.stage).not.toBe('none');
    const total = async () => Number((await t.db.kysely.selectFrom('satisfaction_scores').select((eb) => eb.fn.countAll().as('n')).where('source', '=', 'survey').executeTakeFirstOrThrow()).n);
    const before = await total();
    await api(t.app, 'POST', `/api/v1/surveys/${surveyId}/responses`, as('agent'), { siteId: org.siteB, channel: 'paper', answers: { resolved: 'yes', csat: 2 } });
    expect(await total()).toBe(before);
  });
});
