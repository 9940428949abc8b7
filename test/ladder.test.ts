import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afterCaseWrite } from '../src/server/modules/cases/case-effects.js';
import { recordSatisfactionScore } from '../src/server/modules/ladder/ladder.service.js';
import { api, createTestApp, type TestApp } from './helpers/app.js';
import { DIALECTS } from './helpers/db.js';
import { createOrgFixture, insertCustomer, type OrgFixture } from './helpers/factories.js';

interface Signal {
  code: string;
  points: number;
  floor: string;
  evidence: Record<string, unknown>;
}
interface CaseBody {
  id: string;
  number: string;
  version: number;
  stage: string;
  stageSignals: Signal[];
  stageChangedAt: string | null;
  customer: { id: string } | null;
  events: Array<{ kind: string; data: Record<string, unknown> | null; actorId: string | null }>;
}

describe.each(DIALECTS)('dissatisfaction ladder on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  const as = (key: string) => ({ bearer: org.users[key].token });
  let phone = 13700000000;
  const newCustomer = () => ({ name: '赵女士', phone: String(++phone) });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    org = await createOrgFixture(t.db, 'lad');
  });
  afterAll(async () => t?.drop());

  const newCase = async (body: Record<string, unknown>, fixture = org): Promise<CaseBody> => {
    const res = await api(t.app, 'POST', '/api/v1/cases', { bearer: fixture.users.agent.token }, { type: 'inquiry', channel: 'phone', siteId: fixture.siteA, title: '咨询停车位', description: '想了解地下车库月租车位的价格。', ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const get = async (id: string): Promise<CaseBody> => (await api(t.app, 'GET', `/api/v1/cases/${id}`, as('agent'))).json();
  const signal = (c: CaseBody, code: string) => c.stageSignals.find((s) => s.code === code);
  const stageEvents = (c: CaseBody) => c.events.filter((e) => e.kind === 'stage');
  const customerStage = async (id: string) => (await t.db.kysely.selectFrom('customers').select('stage').where('id', '=', id).executeTakeFirstOrThrow()).stage;

  it('leaves a plain inquiry off the ladder', async () => {
    const c = await newCase({ customer: newCustomer() });
    expect(c).toMatchObject({ stage: 'none', stageSignals: [], stageChangedAt: null });
    expect(stageEvents(c)).toEqual([]);
  });

  it('raises a case on negative wording and shows the words that matched', async () => {
    const c = await newCase({ customer: newCustomer(), type: 'repair', title: '电梯维修太慢', description: '报修三天了还是没人管，物业一直推诿。' });
    expect(c.stage).toBe('expressed');
    const terms = (signal(c, 'wording')!.evidence.terms as Array<{ term: string }>).map((m) => m.term);
    expect(terms).toEqual(expect.arrayContaining(['太慢', '推诿']));
    expect(c.stageChangedAt).not.toBeNull();
    // Where a new case starts is its stage; the timeline tells only how it climbs afterwards.
    expect(stageEvents(c)).toEqual([]);
  });

  it('does not count negated words', async () => {
    const c = await newCase({ customer: newCustomer(), title: '咨询物业费', description: '我没有不满，也不会投诉，只是想问一下物业费怎么交。' });
    expect(c.stage).toBe('none');
    expect(signal(c, 'wording')).toBeUndefined();
  });

  it('puts a customer who names a complaint channel at potential complaint', async () => {
    const c = await newCase({ customer: newCustomer(), title: '噪音扰民', description: '楼下装修天天吵，再不管我就打12345。' });
    expect(c.stage).toBe('potential_complaint');
    expect(signal(c, 'wording')!.evidence.terms).toEqual(expect.arrayContaining([expect.objectContaining({ term: '12345', category: 'escalation' })]));
  });

  it('puts every complaint on the top rung', async () => {
    const c = await newCase({ customer: newCustomer(), type: 'complaint', title: '保洁不到位', description: '楼道地面有垃圾。' });
    expect(c.stage).toBe('complaint');
    expect(signal(c, 'complaint_type')).toBeDefined();
  });

  it('counts repeated contacts on the same matter and shows their numbers, on the new case and the earlier one', async () => {
    const customer = newCustomer();
    const first = await newCase({ customer, type: 'repair', title: '厨房下水道堵塞', description: '厨房下水道堵了，水排不下去。' });
    expect(first.stage).toBe('none');
    const second = await newCase({ customer, type: 'repair', title: '下水道又堵塞', description: '厨房下水道堵塞，请派人疏通。' });
    const repeat = signal(second, 'repeat_contact')!;
    expect(repeat.evidence.cases).toEqual([expect.objectContaining({ id: first.id, number: first.number, reasons: expect.arrayContaining(['type', 'words']) })]);
    expect(['expressed', 'potential_complaint']).toContain(second.stage);
    // The earlier case, still open, is now a repeat too.
    const earlier = await get(first.id);
    expect(signal(earlier, 'repeat_contact')!.evidence.cases).toEqual([expect.objectContaining({ number: second.number })]);
    expect(earlier.stage).toBe('expressed');
    // A third contact: they keep coming back.
    const third = await newCase({ customer, type: 'repair', title: '下水道', description: '还是堵。' });
    expect(third.stage).toBe('potential_complaint');
    expect((signal(third, 'repeat_contact')!.evidence.cases as unknown[]).length).toBe(2);
  });

  it('relates cases by their cause when coded, and unrelates them when recoded', async () => {
    const customer = newCustomer();
    const a = await newCase({ customer, type: 'message', title: '快递柜', description: '快递柜经常满。' });
    const b = await newCase({ customer, type: 'suggestion', title: '门口停车', description: '大门口经常有车乱停。' });
    expect(signal(b, 'repeat_contact')).toBeUndefined();
    const code = async (id: string, causeCode: string) => {
      const res = await api(t.app, 'PUT', `/api/v1/cases/${id}/cause`, as('agent'), { causeCode, version: (await get(id)).version });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as Promise<CaseBody>;
    };
    await code(a.id, 'FACILITY_FAULT');
    const coded = await code(b.id, 'FACILITY_FAULT');
    expect(signal(coded, 'repeat_contact')!.evidence.cases).toEqual([expect.objectContaining({ id: a.id, reasons: ['cause'] })]);
    expect(signal(await get(a.id), 'repeat_contact')!.evidence.cases).toEqual([expect.objectContaining({ id: b.id })]);
    await code(b.id, 'PRICE_FEE');
    expect(signal(await get(a.id), 'repeat_contact')).toBeUndefined();
  });

  it('does not treat another customer’s or an unrelated case as a repeat', async () => {
    const a = newCustomer();
    await newCase({ customer: a, type: 'repair', title: '门禁坏了', description: '单元门禁刷卡没反应。' });
    const other = await newCase({ customer: newCustomer(), type: 'repair', title: '门禁坏了', description: '单元门禁刷卡没反应。' });
    expect(signal(other, 'repeat_contact')).toBeUndefined();
    const praise = await newCase({ customer: a, type: 'praise', title: '表扬保安', description: '保安帮我搬了东西。' });
    expect(signal(praise, 'repeat_contact')).toBeUndefined();
  });

  it('counts overdue deadlines at write time and when the escalation sweep recomputes', async () => {
    const customer = newCustomer();
    const c = await newCase({ customer, type: 'repair', title: '路灯不亮', description: '小区东门路灯不亮。' });
    const past = new Date(Date.now() - 3 * 3600_000).toISOString();
    await t.db.kysely.updateTable('cases').set({ first_response_due_at: past, resolution_due_at: past }).where('id', '=', c.id).execute();
    // As the sweep does: a case write through afterCaseWrite, inside a transaction.
    await t.db.kysely.transaction().execute((trx) => afterCaseWrite({ ...t.db, kysely: trx }, org.orgId, c.id, { kind: 'note', actor: null }));
    let now = await get(c.id);
    expect(now.stage).toBe('latent');
    const deadlines = signal(now, 'overdue')!.evidence.deadlines as Array<{ kind: string; minutesLate: number }>;
    expect(deadlines.map((d) => d.kind).sort()).toEqual(['first_response', 'resolution']);
    expect(deadlines[0].minutesLate).toBeGreaterThanOrEqual(179);
    // Then the customer calls again about the same lamp: overdue and a repeat make a potential complaint.
    await newCase({ customer, type: 'repair', title: '路灯还是不亮', description: '东门路灯不亮。' });
    now = await get(c.id);
    expect(now.stage).toBe('potential_complaint');
    expect(stageEvents(now).at(-1)!.data).toMatchObject({ from: 'latent', to: 'potential_complaint', signals: ['repeat_contact', 'overdue'] });
  });

  it('moves the ladder with a low revisit or survey score, on the case and on the customer', async () => {
    const customer = newCustomer();
    const c = await newCase({ customer });
    await t.db.kysely.transaction().execute((trx) => recordSatisfactionScore({ ...t.db, kysely: trx }, org.orgId, { caseId: c.id }, 2, 5, 'revisit'));
    const after = await get(c.id);
    expect(after.stage).toBe('potential_complaint');
    expect(signal(after, 'low_score')!.evidence).toMatchObject({ score: 2, scale: 5, source: 'revisit' });
    expect(await customerStage(c.customer!.id)).toBe('potential_complaint');
    // A better score later replaces it.
    await t.db.kysely.transaction().execute((trx) => recordSatisfactionScore({ ...t.db, kysely: trx }, org.orgId, { caseId: c.id }, 5, 5, 'revisit'));
    expect((await get(c.id)).stage).toBe('none');
    expect(await customerStage(c.customer!.id)).toBe('none');
    // A survey about the customer as a whole, not about a case.
    const alone = await insertCustomer(t.db, org.orgId, org.siteA, '钱先生', '13611112222');
    await t.db.kysely.transaction().execute((trx) => recordSatisfactionScore({ ...t.db, kysely: trx }, org.orgId, { customerId: alone }, 4, 10, 'survey'));
    expect(await customerStage(alone)).toBe('expressed');
  });

  it('refuses scores off the scale and targets that do not exist', async () => {
    const c = await newCase({ customer: newCustomer() });
    const record = (target: { caseId: string } | { customerId: string }, score: number, scale: number) =>
      t.db.kysely.transaction().execute((trx) => recordSatisfactionScore({ ...t.db, kysely: trx }, org.orgId, target, score, scale, 'revisit'));
    await expect(record({ caseId: c.id }, 6, 5)).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(record({ caseId: c.id }, 3, 4)).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(record({ caseId: '00000000-0000-7000-8000-000000000000' }, 3, 5)).rejects.toMatchObject({ code: 'validation_failed' });
    const other = await createOrgFixture(t.db, 'lad-x');
    await expect(record({ customerId: other.customerA }, 3, 5)).rejects.toMatchObject({ code: 'validation_failed' });
    expect(await t.db.kysely.selectFrom('satisfaction_scores').selectAll().where('case_id', '=', c.id).execute()).toEqual([]);
  });

  it('watches VIP and key customers more closely', async () => {
    const vip = await insertCustomer(t.db, org.orgId, org.siteA, '孙总', '13622223333');
    await t.db.kysely.updateTable('customers').set({ tier: 'vip' }).where('id', '=', vip).execute();
    const c = await newCase({ customerId: vip });
    expect(c.stage).toBe('latent');
    expect(signal(c, 'customer_tier')!.evidence).toEqual({ tier: 'vip' });
  });

  it('raises a reopened case', async () => {
    let c = await newCase({ customer: newCustomer(), type: 'repair', title: '换灯泡', description: '楼道灯泡坏了。' });
    for (const action of ['assign', 'resolve', 'close', 'reopen']) {
      const res = await api(t.app, 'POST', `/api/v1/cases/${c.id}/transitions`, as('agent'), { action, version: c.version });
      expect(res.statusCode, res.body).toBe(200);
      c = res.json();
    }
    expect(c.stage).toBe('expressed');
    expect(signal(c, 'reopened')!.evidence).toEqual({ count: 1 });
    expect(stageEvents(c)).toMatchObject([{ data: { from: 'none', to: 'expressed', signals: ['reopened'] }, actorId: null }]);
  });

  it('gives the customer the highest stage of their open cases', async () => {
    const customer = newCustomer();
    const calm = await newCase({ customer, type: 'suggestion', title: '建议增加绿化', description: '希望在中庭多种些树。' });
    expect(await customerStage(calm.customer!.id)).toBe('none');
    const angry = await newCase({ customer, type: 'complaint', title: '保安态度恶劣', description: '门岗保安骂人。' });
    expect(await customerStage(calm.customer!.id)).toBe('complaint');
    expect((await api(t.app, 'GET', `/api/v1/customers/${calm.customer!.id}`, as('agent'))).json().stage).toBe('complaint');
    expect((await get(calm.id)).customer).toMatchObject({ stage: 'complaint' });
    // Once the complaint is no longer open, the customer's stage falls back.
    let c = angry;
    for (const action of ['assign', 'resolve']) c = (await api(t.app, 'POST', `/api/v1/cases/${c.id}/transitions`, as('agent'), { action, version: c.version })).json();
    expect(await customerStage(calm.customer!.id)).toBe('none');
  });

  it('filters by stage and lists the at-risk queue highest stage first, then oldest', async () => {
    const q = await createOrgFixture(t.db, 'lad-q');
    const quiet = await newCase({ customer: { name: '甲', phone: '13511110001' } }, q);
    const expressedOld = await newCase({ customer: { name: '乙', phone: '13511110002' }, title: '回复太慢', description: '等了好几天没人回复。' }, q);
    const complaint = await newCase({ customer: { name: '丙', phone: '13511110003' }, type: 'complaint', title: '收费不合理', description: '多收了停车费。' }, q);
    const potential = await newCase({ customer: { name: '丁', phone: '13511110004' }, title: '要投诉', description: '我要去消协投诉你们。' }, q);
    const expressedNew = await newCase({ customer: { name: '戊', phone: '13511110005' }, title: '太差了', description: '服务太差。' }, q);
    const list = async (query: string) => {
      const res = await api(t.app, 'GET', `/api/v1/cases?${query}`, { bearer: q.users.supervisor.token });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as CaseBody[]).map((c) => c.id);
    };
    expect(await list('stage=expressed,potential_complaint,complaint&status=new,assigned,in_progress,waiting_customer&sort=-stage')).toEqual([
      complaint.id,
      potential.id,
      expressedOld.id,
      expressedNew.id,
    ]);
    expect((await list('stage=none')).includes(quiet.id)).toBe(true);
    expect(await list('stage=complaint')).toEqual([complaint.id]);
    // Default order stays newest first.
    expect((await list('stage=expressed'))).toEqual([expressedNew.id, expressedOld.id]);
    const bad = await api(t.app, 'GET', '/api/v1/cases?stage=angry', { bearer: q.users.supervisor.token });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('stage');
    expect((await api(t.app, 'GET', '/api/v1/cases?sort=sideways', { bearer: q.users.supervisor.token })).statusCode).toBe(400);
  });
});
