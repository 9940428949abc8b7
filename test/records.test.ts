import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePlanRevisits } from '../src/server/modules/plans/plans.generate.js';
import { localDate } from '../src/shared/revisits/cadence.js';
import { api, createTestApp, type TestApp } from './helpers/app.js';
import { DIALECTS } from './helpers/db.js';
import { createOrgFixture, type OrgFixture } from './helpers/factories.js';

interface RecordBody {
  id: string;
  siteId: string;
  customerName: string;
  channel: string;
  staffId: string;
  staffName: string;
  topics: string[];
  opinion: string | null;
  revisitId: string | null;
  problems: { id: string; position: number; description: string; case: null | { id: string; number: string; status: string } }[];
}

describe.each(DIALECTS)('communication records on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  const as = (key: string) => ({ bearer: org.users[key].token });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    org = await createOrgFixture(t.db, 'rec');
  });
  afterAll(async () => t?.drop());

  const record = (body: Record<string, unknown>, who = 'agent@A') =>
    api(t.app, 'POST', '/api/v1/communication-records', as(who), {
      customerId: org.customerA,
      channel: 'visit',
      topics: ['物业服务', '停车'],
      opinion: '总体满意，希望地库照明改善。',
      problems: [{ description: '地下车库B2层照明不足，晚上看不清车位。' }, { description: '3栋电梯按钮失灵。' }],
      ...body,
    });

  it('records a visit with its problems, in order, audited', async () => {
    const res = await record({ occurredAt: new Date(Date.now() - 3_600_000).toISOString() });
    expect(res.statusCode, res.body).toBe(201);
    const r: RecordBody = res.json();
    expect(r).toMatchObject({ siteId: org.siteA, customerName: '王建国', channel: 'visit', staffId: org.users['agent@A'].id, topics: ['物业服务', '停车'], revisitId: null });
    expect(r.problems.map((p) => [p.position, p.description, p.case])).toEqual([
      [1, '地下车库B2层照明不足，晚上看不清车位。', null],
      [2, '3栋电梯按钮失灵。', null],
    ]);
    const audit = await t.db.kysely.selectFrom('audit_events').selectAll().where('entity_id', '=', r.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['create']);
    // masked for a role without customers.pii
    const read = await api(t.app, 'GET', `/api/v1/communication-records/${r.id}`, as('inspector'));
    expect(read.statusCode).toBe(200);
    expect(read.json().customerName).not.toBe('王建国');
  });

  it('refuses a customer, revisit or staff member out of reach, a future time, and writes nothing', async () => {
    const count = async () => Number((await t.db.kysely.selectFrom('communication_records').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const detail = async (res: Awaited<ReturnType<typeof record>>) => (expect(res.statusCode).toBe(400), res.json().error.details[0]);
    expect(await detail(await record({ customerId: org.customerB }))).toMatchObject({ path: 'customerId', message: 'not_found' });
    expect(await detail(await record({ staffId: org.users.inspector.id }))).toMatchObject({ path: 'staffId', message: 'not_assignable' });
    expect(await detail(await record({ revisitId: '00000000-0000-7000-8000-000000000000' }))).toMatchObject({ path: 'revisitId', message: 'not_found' });
    expect(await detail(await record({ occurredAt: new Date(Date.now() + 86_400_000).toISOString() }))).toMatchObject({ path: 'occurredAt', message: 'in_future' });
    expect((await record({ problems: [{ description: '  ' }] })).statusCode).toBe(400);
    expect((await record({}, 'inspector')).statusCode).toBe(403);
    expect(await count()).toBe(before);
  });

  it('records a plan revisit’s contact against the revisit', async () => {
    const plan = await api(t.app, 'POST', '/api/v1/revisit-plans', as('specialist'), { customerId: org.customerA, name: '王先生月访', cadence: 'monthly', channel: 'phone', ownerId: org.users['agent@A'].id, startDate: localDate(new Date(), 'Asia/Shanghai') });
    expect(plan.statusCode, plan.body).toBe(201);
    await generatePlanRevisits(t.db, new Date(), { orgId: org.orgId });
    const revisit = await t.db.kysely.selectFrom('revisits').select('id').where('plan_id', '=', plan.json().id).executeTakeFirstOrThrow();
    const res = await record({ revisitId: revisit.id, channel: 'phone', problems: [] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().revisitId).toBe(revisit.id);
    // another customer's revisit does not fit
    expect((await record({ customerId: org.customerB, revisitId: revisit.id }, 'agent')).statusCode).toBe(400);
  });

  it('lists records by site, customer, staff and time, within the caller’s sites', async () => {
    const onB = await record({ customerId: org.customerB, problems: [] }, 'agent');
    expect(onB.statusCode).toBe(201);
    const list = async (who: string, query = '') => (await api(t.app, 'GET', `/api/v1/communication-records?pageSize=200${query}`, as(who))).json() as { items: RecordBody[]; total: number };
    expect((await list('agent@A')).items.every((r) => r.siteId === org.siteA)).toBe(true);
    expect((await list('specialist')).items.map((r) => r.id)).toContain(onB.json().id);
    expect((await list('specialist', `&customerId=${org.customerB}`)).items.map((r) => r.id)).toEqual([onB.json().id]);
    expect((await list('specialist', `&staffId=${org.users.agent.id}`)).items.map((r) => r.id)).toEqual([onB.json().id]);
    const hourAgo = encodeURIComponent(new Date(Date.now() - 30 * 60_000).toISOString());
    expect((await list('specialist', `&from=${hourAgo}&siteId=${org.siteA}`)).items.every((r) => r.siteId === org.siteA)).toBe(true);
    expect((await list('specialist', `&to=${hourAgo}`)).total).toBe(1);
    expect((await api(t.app, 'GET', `/api/v1/communication-records/${onB.json().id}`, as('agent@A'))).statusCode).toBe(404);
  });

  it('turns a problem into a case linked back to the record, once', async () => {
    const r: RecordBody = (await record({})).json();
    const [first, second] = r.problems;
    const res = await api(t.app, 'POST', `/api/v1/communication-records/${r.id}/problems/${first.id}/case`, as('agent@A'), { priority: 'high' });
    expect(res.statusCode, res.body).toBe(201);
    const linked = (res.json() as RecordBody).problems[0].case!;
    expect(linked).toMatchObject({ status: 'new' });
    expect(linked.number).toMatch(/^FW-\d{8}-\d{4}$/);
    const c = (await api(t.app, 'GET', `/api/v1/cases/${linked.id}`, as('agent@A'))).json();
    expect(c).toMatchObject({ type: 'repair', channel: 'visit', priority: 'high', customer: { id: org.customerA }, siteId: org.siteA, title: first.description });
    expect(c.description).toContain(first.description);
    expect(c.description).toContain('客户意见：总体满意');
    // once only
    const again = await api(t.app, 'POST', `/api/v1/communication-records/${r.id}/problems/${first.id}/case`, as('agent@A'), {});
    expect(again.statusCode).toBe(409);
    // a phone contact's problem comes in as a revisit; the record follows the case's status
    const phone: RecordBody = (await record({ channel: 'phone' })).json();
    const viaPhone = await api(t.app, 'POST', `/api/v1/communication-records/${phone.id}/problems/${phone.problems[1].id}/case`, as('agent@A'), { type: 'complaint', title: '电梯按钮失灵' });
    const phoneCase = (viaPhone.json() as RecordBody).problems[1].case!;
    expect((await api(t.app, 'GET', `/api/v1/cases/${phoneCase.id}`, as('agent@A'))).json()).toMatchObject({ channel: 'revisit', type: 'complaint', title: '电梯按钮失灵' });
    const assign = await api(t.app, 'POST', `/api/v1/cases/${phoneCase.id}/transitions`, as('supervisor@A'), { action: 'assign', assigneeId: org.users['agent@A'].id, version: 1 });
    expect(assign.statusCode, assign.body).toBe(200);
    expect((await api(t.app, 'GET', `/api/v1/communication-records/${phone.id}`, as('agent@A'))).json().problems[1].case.status).toBe('assigned');
    // the second problem of the first record is still open; a problem of another record is not found there
    expect((await api(t.app, 'POST', `/api/v1/communication-records/${r.id}/problems/${phone.problems[0].id}/case`, as('agent@A'), {})).statusCode).toBe(404);
    expect((await api(t.app, 'GET', `/api/v1/communication-records/${r.id}`, as('agent@A'))).json().problems[1].case).toBeNull();
    // inspectors write cases but read the record: they may turn a problem into a case too; general managers may not
    expect((await api(t.app, 'POST', `/api/v1/communication-records/${r.id}/problems/${second.id}/case`, as('general_manager'), {})).statusCode).toBe(403);
    const audit = await t.db.kysely.selectFrom('audit_events').selectAll().where('entity_id', '=', first.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['update']);
  });
});
