import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVQUAL_DIMENSIONS } from '../src/shared/surveys/definition.js';
import { surveyTemplate } from '../src/shared/surveys/templates.js';
import { api, createTestApp, type TestApp } from './helpers/app.js';
import { DIALECTS } from './helpers/db.js';
import { createOrgFixture, type OrgFixture } from './helpers/factories.js';

const text = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, 'en-US': `${s} (en)` });

/** Answers to the SERVQUAL template: every item E = 6, P = 6 + gap of its dimension (clamped to 1–7). */
function servqualAnswers(gaps: Partial<Record<string, number>> = {}) {
  const answers: Record<string, unknown> = {};
  for (const section of surveyTemplate('servqual').sections) {
    for (const q of section.questions) {
      if (q.type === 'servqual_pair') answers[q.key] = { expectation: 6, perception: Math.max(1, Math.min(7, 6 + (gaps[q.dimension] ?? 0))) };
    }
  }
  answers.importance = { tangibles: 10, reliability: 30, responsiveness: 30, assurance: 20, empathy: 10 };
  answers.overall = 4;
  return answers;
}

describe.each(DIALECTS)('surveys on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  const as = (key: string) => ({ bearer: org.users[key].token });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    org = await createOrgFixture(t.db, 'sv');
  });
  afterAll(async () => t?.drop());

  const fromTemplate = async (template: string) => {
    const res = await api(t.app, 'POST', '/api/v1/surveys/from-template', as('specialist'), { template });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const publish = async (id: string, version?: number) => api(t.app, 'POST', `/api/v1/surveys/${id}/publish`, as('specialist'), version === undefined ? {} : { version });
  const respond = (id: string, body: Record<string, unknown>, who = 'agent@A') => api(t.app, 'POST', `/api/v1/surveys/${id}/responses`, as(who), body);

  it('creates every template as a draft with stable keys, SERVQUAL items carrying dimension and item number', async () => {
    for (const template of ['csat', 'nps', 'property']) expect((await fromTemplate(template)).status).toBe('draft');
    const survey = await fromTemplate('servqual');
    expect(survey).toMatchObject({ status: 'draft', versionNo: 1, template: 'servqual', questionCount: 25, responseCount: 0, version: 1 });
    expect(survey.seriesId).toBe(survey.id);
    const got = (await api(t.app, 'GET', `/api/v1/surveys/${survey.id}`, as('agent@A'))).json();
    const pair = got.definition.sections[1].questions[0];
    expect(pair).toMatchObject({ key: 'sq05', type: 'servqual_pair', dimension: 'reliability', itemNo: 5 });
    const indexed = await t.db.kysely.selectFrom('survey_questions').selectAll().where('survey_id', '=', survey.id).orderBy('position').execute();
    expect(indexed).toHaveLength(25);
    expect(indexed[4]).toMatchObject({ question_key: 'sq05', type: 'servqual_pair', dimension: 'reliability', item_no: 5, scale_min: 1, scale_max: 7, required: 1 });
    const audit = await t.db.kysely.selectFrom('audit_events').select(['action', 'entity']).where('entity_id', '=', survey.id).execute();
    expect(audit).toEqual([{ action: 'create', entity: 'survey' }]);
  });

  it('edits a draft in place with its version, and refuses a stale version or a broken definition', async () => {
    const survey = await fromTemplate('csat');
    const def = { ...survey.definition, title: text('回访满意度（修改）') };
    const saved = await api(t.app, 'PATCH', `/api/v1/surveys/${survey.id}`, as('specialist'), { definition: def, version: 1 });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ id: survey.id, version: 2, status: 'draft', versionNo: 1, title: text('回访满意度（修改）') });
    const stale = await api(t.app, 'PATCH', `/api/v1/surveys/${survey.id}`, as('specialist'), { definition: def, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_version');
    // skip logic pointing at a later question
    const broken = structuredClone(def);
    broken.sections[0].questions[0].showIf = { questionKey: 'csat', anyOf: [1] };
    const bad = await api(t.app, 'PATCH', `/api/v1/surveys/${survey.id}`, as('specialist'), { definition: broken, version: 2 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([{ path: 'definition.sections.0.questions.0.showIf.questionKey', message: 'show_if_unknown', code: 'show_if_unknown' }]);
  });

  it('publishes only a complete draft; publishing freezes it', async () => {
    const res = await api(t.app, 'POST', '/api/v1/surveys', as('specialist'), {
      definition: { title: { 'zh-CN': '门岗满意度', 'zh-TW': '', 'en-US': '' }, sections: [{ key: 'main', title: text('主要'), questions: [{ key: 'sat', type: 'csat', required: true, title: text('满意吗') }] }] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const draft = res.json();
    const refused = await publish(draft.id);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.map((d: { path: string }) => d.path)).toEqual(['definition.title.zh-TW', 'definition.title.en-US']);
    const fixed = await api(t.app, 'PATCH', `/api/v1/surveys/${draft.id}`, as('specialist'), { definition: { ...draft.definition, title: text('门岗满意度') }, version: 1 });
    expect((await publish(draft.id, 1)).statusCode).toBe(409); // stale: the edit above moved it to version 2
    const published = await publish(draft.id, fixed.json().version);
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published', versionNo: 1 });
    expect(published.json().publishedAt).toBeTruthy();
    const again = await publish(draft.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('conflict');
  });

  it('versions: editing a published survey starts the next draft; responses stay on their version', async () => {
    const v1 = await fromTemplate('nps');
    expect((await publish(v1.id)).statusCode).toBe(200);
    const first = await respond(v1.id, { siteId: org.siteA, channel: 'paper', answers: { nps: 9, why_promoter: '保安很负责' } });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ surveyId: v1.id, versionNo: 1, channel: 'paper', siteId: org.siteA, answers: { nps: 9, why_promoter: '保安很负责' } });

    const def = structuredClone(v1.definition);
    def.sections[0].questions.push({ key: 'extra', type: 'likert', scale: '1-7', required: true, title: text('新增题目') });
    const edited = await api(t.app, 'PATCH', `/api/v1/surveys/${v1.id}`, as('specialist'), { definition: def, version: 2 });
    expect(edited.statusCode, edited.body).toBe(200);
    const v2 = edited.json();
    expect(v2).toMatchObject({ seriesId: v1.id, versionNo: 2, status: 'draft' });
    expect(v2.id).not.toBe(v1.id);
    expect(v2.versions.map((v: { versionNo: number; status: string; responseCount: number }) => [v.versionNo, v.status, v.responseCount])).toEqual([
      [2, 'draft', 0],
      [1, 'published', 1],
    ]);
    // The published version is untouched, and a second "edit" of it is refused while the draft exists.
    const old = (await api(t.app, 'GET', `/api/v1/surveys/${v1.id}`, as('specialist'))).json();
    expect(old.status).toBe('published');
    expect(old.questionCount).toBe(v1.questionCount);
    const twice = await api(t.app, 'PATCH', `/api/v1/surveys/${v1.id}`, as('specialist'), { definition: def, version: 2 });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.details).toEqual({ draftId: v2.id });

    // A draft takes no responses; once published, each version takes its own.
    const early = await respond(v2.id, { siteId: org.siteA, answers: { nps: 5, extra: 3 } });
    expect(early.statusCode).toBe(409);
    expect((await publish(v2.id)).statusCode).toBe(200);
    expect((await respond(v2.id, { siteId: org.siteA, answers: { nps: 5, why_detractor: '维修慢', extra: 3 } })).statusCode).toBe(201);
    // The old version still takes paper forms printed from it, without the new question.
    expect((await respond(v1.id, { siteId: org.siteA, channel: 'paper', answers: { nps: 7 } })).statusCode).toBe(201);
    expect((await respond(v1.id, { siteId: org.siteA, answers: { nps: 7, extra: 3 } })).json().error.details).toEqual([{ path: 'answers.extra', message: 'unknown_question', code: 'unknown_question' }]);
    const rows = await t.db.kysely.selectFrom('survey_responses').select(['survey_id']).where('series_id', '=', v1.id).execute();
    expect(rows.filter((r) => r.survey_id === v1.id)).toHaveLength(2);
    expect(rows.filter((r) => r.survey_id === v2.id)).toHaveLength(1);

    const list = (await api(t.app, 'GET', '/api/v1/surveys?pageSize=100', as('specialist'))).json();
    const series = list.items.find((i: { seriesId: string }) => i.seriesId === v1.id);
    expect(series).toMatchObject({ id: v2.id, versionNo: 2, status: 'published', responseCount: 3 });
    expect(list.items.filter((i: { seriesId: string }) => i.seriesId === v1.id)).toHaveLength(1);

    const audit = await t.db.kysely.selectFrom('audit_events').select(['action']).where('entity', '=', 'survey').where('entity_id', 'in', [v1.id, v2.id]).orderBy('created_at').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'publish', 'new_version', 'publish']);
  });

  it('refuses invalid answers with 400 naming the key, and writes nothing', async () => {
    const survey = await fromTemplate('servqual');
    await publish(survey.id);
    const count = async () => Number((await t.db.kysely.selectFrom('survey_answers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ sq01: { expectation: 8, perception: 3 } }, 'answers.sq01', 'out_of_range'],
      [{ sq22: { expectation: 5 } }, 'answers.sq22', 'invalid_value'],
      [{ importance: { tangibles: 10, reliability: 30, responsiveness: 30, assurance: 20, empathy: 20 } }, 'answers.importance', 'allocation_sum'],
      [{ overall: 6 }, 'answers.overall', 'out_of_range'],
      [{ overall: undefined }, 'answers.overall', 'required'],
      [{ nonsense: 1 }, 'answers.nonsense', 'unknown_question'],
    ];
    for (const [change, path, code] of cases) {
      const answers = { ...servqualAnswers(), ...change };
      const res = await respond(survey.id, { siteId: org.siteA, answers });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.details).toEqual([{ path, message: code, code }]);
      expect(res.json().error.message).toContain(path.slice('answers.'.length));
    }
    const missing = { ...servqualAnswers() };
    delete missing.sq07;
    delete missing.sq13;
    expect((await respond(survey.id, { siteId: org.siteA, answers: missing })).json().error.details.map((d: { path: string }) => d.path)).toEqual(['answers.sq07', 'answers.sq13']);
    expect(await count()).toBe(before);
  });

  it('checks the site, the customer and the time of the response', async () => {
    const survey = await fromTemplate('csat');
    await publish(survey.id);
    const answers = { resolved: 'yes', csat: 5 };
    const other = await respond(survey.id, { siteId: org.siteB, answers });
    expect(other.statusCode).toBe(400);
    expect(other.json().error.details[0].path).toBe('siteId');
    const wrongCustomer = await respond(survey.id, { siteId: org.siteA, customerId: org.customerB, answers });
    expect(wrongCustomer.json().error.details[0].path).toBe('customerId');
    const mismatch = await respond(survey.id, { siteId: org.siteA, customerId: org.customerB, answers }, 'agent');
    expect(mismatch.json().error.details[0]).toMatchObject({ path: 'customerId', code: 'other_site' });
    const future = await respond(survey.id, { siteId: org.siteA, submittedAt: new Date(Date.now() + 3_600_000).toISOString(), answers });
    expect(future.json().error.details[0]).toMatchObject({ path: 'submittedAt', code: 'in_future' });
    const ok = await respond(survey.id, { siteId: org.siteA, customerId: org.customerA, submittedAt: '2026-01-05T02:00:00.000Z', channel: 'visit', locale: 'zh-TW', answers });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ customerId: org.customerA, customerName: '王建国', submittedAt: '2026-01-05T02:00:00.000Z', channel: 'visit', locale: 'zh-TW', enteredBy: { id: org.users['agent@A'].id } });
    // Skip logic: the follow-up question is required only for an unsolved problem.
    expect((await respond(survey.id, { siteId: org.siteA, answers: { resolved: 'no', csat: 2 } })).json().error.details).toEqual([{ path: 'answers.unresolved', message: 'required', code: 'required' }]);
    expect((await respond(survey.id, { siteId: org.siteA, answers: { resolved: 'yes', csat: 2, unresolved: '还漏水' } })).json().error.details).toEqual([{ path: 'answers.unresolved', message: 'skipped', code: 'skipped' }]);
    expect((await respond(survey.id, { siteId: org.siteA, answers: { resolved: 'no', csat: 2, unresolved: '还漏水' } })).statusCode).toBe(201);
    const audit = await t.db.kysely.selectFrom('audit_events').select(['action']).where('entity', '=', 'survey_response').where('entity_id', '=', ok.json().id).execute();
    expect(audit).toEqual([{ action: 'create' }]);
  });

  it('lists responses on the caller’s sites only, with answers, contact data masked without customers.pii', async () => {
    const survey = await fromTemplate('nps');
    await publish(survey.id);
    const contact = { name: '赵敏', phone: '13912345678', unit: '3栋502' };
    expect((await respond(survey.id, { siteId: org.siteA, answers: { nps: 3, why_detractor: '电梯经常坏', contact_ok: 'yes', contact } })).statusCode).toBe(201);
    expect((await respond(survey.id, { siteId: org.siteB, answers: { nps: 10 } }, 'agent')).statusCode).toBe(201);
    const all = (await api(t.app, 'GET', `/api/v1/surveys/${survey.id}/responses`, as('supervisor'))).json();
    expect(all.total).toBe(2);
    const onA = (await api(t.app, 'GET', `/api/v1/surveys/${survey.id}/responses`, as('agent@A'))).json();
    expect(onA.items.map((r: { siteId: string }) => r.siteId)).toEqual([org.siteA]);
    expect(onA.items[0].answers).toMatchObject({ nps: 3, why_detractor: '电梯经常坏', contact_ok: 'yes', contact });
    const filtered = (await api(t.app, 'GET', `/api/v1/surveys/${survey.id}/responses?siteId=${org.siteB}`, as('supervisor'))).json();
    expect(filtered.items.map((r: { siteId: string }) => r.siteId)).toEqual([org.siteB]);
    const inspector = (await api(t.app, 'GET', `/api/v1/surveys/${survey.id}/responses?siteId=${org.siteA}`, as('inspector'))).json();
    expect(inspector.items[0].answers.contact.phone).toBe('***');
    expect(inspector.items[0].answers.contact.name).not.toBe('赵敏');
  });

  it('stores answers so that per-site, per-dimension SERVQUAL gaps are plain SQL', async () => {
    const survey = await fromTemplate('servqual');
    await publish(survey.id);
    // Estate A: reliability 1 point above expectation, responsiveness 2 below; estate B: no gaps.
    for (let i = 0; i < 2; i++) expect((await respond(survey.id, { siteId: org.siteA, answers: servqualAnswers({ reliability: 1, responsiveness: -2 }) })).statusCode).toBe(201);
    expect((await respond(survey.id, { siteId: org.siteB, answers: servqualAnswers() }, 'agent')).statusCode).toBe(201);
    const gaps = await sql<{ site_id: string; dimension: string; gap: number }>`
      select site_id, dimension, cast(avg(gap) as double precision) as gap from (
        select response_id, site_id, dimension, sum(case kind when 'perception' then num else -num end) as gap
        from survey_answers where survey_id = ${survey.id} and kind in ('expectation', 'perception')
        group by response_id, site_id, dimension, question_key
      ) items group by site_id, dimension order by site_id, dimension`.execute(t.db.kysely);
    const bySite = (site: string) => Object.fromEntries(gaps.rows.filter((r) => r.site_id === site).map((r) => [r.dimension, Number(r.gap)]));
    expect(bySite(org.siteA)).toEqual({ tangibles: 0, reliability: 1, responsiveness: -2, assurance: 0, empathy: 0 });
    expect(bySite(org.siteB)).toEqual(Object.fromEntries(SERVQUAL_DIMENSIONS.map((d) => [d, 0])));
    const weights = await t.db.kysely
      .selectFrom('survey_answers')
      .select((eb) => ['option', eb.fn.sum<number>('num').as('points')])
      .where('survey_id', '=', survey.id)
      .where('kind', '=', 'allocation')
      .groupBy('option')
      .orderBy('option')
      .execute();
    expect(weights.map((w) => [w.option, Number(w.points)])).toEqual([
      ['assurance', 60],
      ['empathy', 30],
      ['reliability', 90],
      ['responsiveness', 90],
      ['tangibles', 30],
    ]);
  });

  it('keeps survey management to organisation-wide managers and response entry to the sites of the caller', async () => {
    expect((await api(t.app, 'POST', '/api/v1/surveys/from-template', as('specialist@A'), { template: 'nps' })).statusCode).toBe(403);
    expect((await api(t.app, 'POST', '/api/v1/surveys/from-template', as('agent'), { template: 'nps' })).statusCode).toBe(403);
    expect((await api(t.app, 'POST', '/api/v1/surveys/from-template', as('admin'), { template: 'unknown' })).statusCode).toBe(400);
    const other = await createOrgFixture(t.db, 'sx');
    const theirs = await api(t.app, 'POST', '/api/v1/surveys/from-template', { bearer: other.users.admin.token }, { template: 'nps' });
    expect((await api(t.app, 'GET', `/api/v1/surveys/${theirs.json().id}`, as('admin'))).statusCode).toBe(404);
    expect((await api(t.app, 'GET', '/api/v1/surveys?pageSize=200', as('admin'))).json().items.some((i: { id: string }) => i.id === theirs.json().id)).toBe(false);
  });
});
