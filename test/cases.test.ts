import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createTestApp, type TestApp } from './helpers/app.js';
import { DIALECTS } from './helpers/db.js';
import { createOrgFixture, type OrgFixture } from './helpers/factories.js';

describe.each(DIALECTS)('cases on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  const as = (key: string) => ({ bearer: org.users[key].token });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    org = await createOrgFixture(t.db, 'cs');
  });
  afterAll(async () => t?.drop());

  const newCase = async (body: Record<string, unknown> = {}, actor = 'agent') => {
    const res = await api(t.app, 'POST', '/api/v1/cases', as(actor), {
      type: 'repair',
      channel: 'phone',
      siteId: org.siteA,
      title: '卫生间天花板漏水',
      description: '楼上卫生间漏水，已经滴到我家天花板，请尽快派人来看。',
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const act = (id: string, body: Record<string, unknown>, actor = 'agent') => api(t.app, 'POST', `/api/v1/cases/${id}/transitions`, as(actor), body);

  it('numbers cases per organisation and day, sets deadlines and records the creation', async () => {
    const first = await newCase({ customer: { name: '周美玲', phone: '13912345678' } });
    const second = await newCase({ customer: { name: '周美玲', phone: '139 1234 5678' } });
    expect(first.number).toMatch(/^FW-\d{8}-\d{4}$/);
    expect(Number(second.number.slice(-4))).toBe(Number(first.number.slice(-4)) + 1);
    expect(first).toMatchObject({ status: 'new', priority: 'normal', siteName: '阳光花园', assigneeId: null });
    expect(second.customer.id).toBe(first.customer.id);
    expect(new Date(first.firstResponseDueAt).getTime()).toBeGreaterThan(new Date(first.createdAt).getTime());
    expect(new Date(first.resolutionDueAt).getTime()).toBeGreaterThan(new Date(first.firstResponseDueAt).getTime());
    expect(first.events).toMatchObject([{ kind: 'created', toStatus: 'new' }]);
  });

  it('walks the whole lifecycle and keeps the history', async () => {
    let c = await newCase({ customerId: org.customerA, type: 'complaint', priority: 'high' });
    const step = async (body: Record<string, unknown>, status: string) => {
      const res = await act(c.id, { ...body, version: c.version });
      expect(res.statusCode, res.body).toBe(200);
      c = res.json();
      expect(c.status).toBe(status);
    };
    await step({ action: 'assign' }, 'assigned');
    expect(c.assigneeId).toBe(org.users.agent.id);
    await step({ action: 'start' }, 'in_progress');
    expect(c.firstRespondedAt).not.toBeNull();
    await step({ action: 'wait', note: '等业主下班后上门' }, 'waiting_customer');
    await step({ action: 'start' }, 'in_progress');
    await step({ action: 'resolve' }, 'resolved');
    expect(c.resolvedAt).not.toBeNull();
    await step({ action: 'close' }, 'closed');
    await step({ action: 'reopen' }, 'in_progress');
    expect(c).toMatchObject({ reopenCount: 1, resolvedAt: null, closedAt: null });
    expect(c.events.filter((e: { kind: string }) => e.kind === 'transition').map((e: { action: string }) => e.action)).toEqual([
      'assign', 'start', 'wait', 'start', 'resolve', 'close', 'reopen',
    ]);
    expect(c.events.find((e: { action: string }) => e.action === 'wait').body).toBe('等业主下班后上门');
  });

  it('finds a case by a note typed with a status change', async () => {
    const c = await newCase({ title: '门禁故障' });
    const assigned = (await act(c.id, { action: 'assign', version: c.version })).json();
    const started = (await act(c.id, { action: 'start', version: assigned.version })).json();
    await act(c.id, { action: 'wait', version: started.version, note: '等厂家寄配件' });
    const found = (await api(t.app, 'GET', `/api/v1/cases?q=${encodeURIComponent('配件')}`, as('agent'))).json();
    expect(found.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
  });

  it('refuses an illegal transition with 409 and a clear code, changing nothing', async () => {
    const c = await newCase();
    const res = await act(c.id, { action: 'close', version: c.version });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'illegal_transition', details: { from: 'new', action: 'close' } });
    const after = (await api(t.app, 'GET', `/api/v1/cases/${c.id}`, as('agent'))).json();
    expect(after).toMatchObject({ status: 'new', version: c.version });
  });

  it('lets one of two simultaneous updates with the same version win and refuses the other', async () => {
    const c = await newCase();
    const [a, b] = await Promise.all([
      act(c.id, { action: 'assign', version: c.version }, 'agent'),
      act(c.id, { action: 'cancel', version: c.version }, 'supervisor'),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.statusCode === 409)!.json().error.code).toBe('stale_version');
    const after = (await api(t.app, 'GET', `/api/v1/cases/${c.id}`, as('agent'))).json();
    expect(after.version).toBe(c.version + 1);
    expect(after.events.filter((e: { kind: string }) => e.kind === 'transition')).toHaveLength(1);
  });

  it('lets supervisors assign to others, not agents, and only to people who can take the site’s cases', async () => {
    const c = await newCase();
    const byAgent = await act(c.id, { action: 'assign', assigneeId: org.users['agent@A'].id, version: c.version });
    expect(byAgent.statusCode).toBe(403);
    const toOutsider = await act(c.id, { action: 'assign', assigneeId: org.users.general_manager.id, version: c.version }, 'supervisor');
    expect(toOutsider.statusCode).toBe(400);
    expect(toOutsider.json().error.details[0]).toMatchObject({ path: 'assigneeId', code: 'not_assignable' });
    const ok = await act(c.id, { action: 'assign', assigneeId: org.users['agent@A'].id, version: c.version }, 'supervisor');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'assigned', assigneeId: org.users['agent@A'].id, assigneeName: '用户cs.agent.a' });
  });

  it('merges a duplicate into an open case, noting it on both', async () => {
    const target = await newCase({ title: '电梯停运' });
    const duplicate = await newCase({ title: '电梯又坏了' });
    const res = await act(duplicate.id, { action: 'merge', intoCaseId: target.id, version: duplicate.version });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'merged', mergedIntoId: target.id });
    const targetAfter = (await api(t.app, 'GET', `/api/v1/cases/${target.id}`, as('agent'))).json();
    expect(targetAfter.events.at(-1)).toMatchObject({ kind: 'merged_in', data: { caseId: duplicate.id } });
    const again = await act(duplicate.id, { action: 'start', version: res.json().version });
    expect(again.statusCode).toBe(409);
  });

  it('separates public replies from internal notes; the first reply is the first response', async () => {
    const c = await newCase();
    const note = await api(t.app, 'POST', `/api/v1/cases/${c.id}/comments`, as('agent'), { body: '先核实楼上住户', public: false });
    expect(note.statusCode).toBe(201);
    expect(note.json().firstRespondedAt).toBeNull();
    const reply = await api(t.app, 'POST', `/api/v1/cases/${c.id}/comments`, as('agent'), { body: '您好，维修师傅今天下午三点上门。', public: true });
    const detail = reply.json();
    expect(detail.firstRespondedAt).not.toBeNull();
    expect(detail.events.slice(-2).map((e: { kind: string; public: boolean }) => [e.kind, e.public])).toEqual([
      ['note', false],
      ['comment', true],
    ]);
  });

  it('filters queues by assignee, status and text, and keeps other sites out of scoped lists', async () => {
    const onB = await newCase({ siteId: org.siteB, title: '停车场照明不亮' });
    const mine = (await api(t.app, 'GET', '/api/v1/cases?assigneeId=me&status=assigned,in_progress,waiting_customer', as('agent'))).json();
    expect(mine.items.every((c: { assigneeId: string }) => c.assigneeId === org.users.agent.id)).toBe(true);
    const unassigned = (await api(t.app, 'GET', '/api/v1/cases?assigneeId=none&status=new', as('agent'))).json();
    expect(unassigned.items.length).toBeGreaterThan(0);
    expect(unassigned.items.every((c: { assigneeId: string | null; status: string }) => c.assigneeId === null && c.status === 'new')).toBe(true);
    const found = (await api(t.app, 'GET', `/api/v1/cases?q=${encodeURIComponent('照明')}`, as('agent'))).json();
    expect(found.items.map((c: { id: string }) => c.id)).toEqual([onB.id]);
    const scoped = (await api(t.app, 'GET', '/api/v1/cases?pageSize=200', as('agent@A'))).json();
    expect(scoped.items.some((c: { id: string }) => c.id === onB.id)).toBe(false);
    expect((await api(t.app, 'GET', `/api/v1/cases/${onB.id}`, as('agent@A'))).statusCode).toBe(404);
    const bad = await api(t.app, 'GET', '/api/v1/cases?status=open,whatever', as('agent'));
    expect(bad.statusCode).toBe(400);
  });

  it('masks the customer for roles without contact rights', async () => {
    const c = await newCase({ customerId: org.customerA });
    const seen = (await api(t.app, 'GET', `/api/v1/cases/${c.id}`, as('inspector'))).json();
    expect(seen.customer).toMatchObject({ name: '王*国', phone: '138****0001', masked: true });
  });
});
