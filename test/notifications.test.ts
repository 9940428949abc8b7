import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afterCaseWrite } from '../src/server/modules/cases/case-effects.js';
import { api, createTestApp, type TestApp } from './helpers/app.js';
import { DIALECTS } from './helpers/db.js';
import { createOrgFixture, type OrgFixture } from './helpers/factories.js';

describe.each(DIALECTS)('notifications on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  const as = (key: string) => ({ bearer: org.users[key].token });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    org = await createOrgFixture(t.db, 'nt');
  });
  afterAll(async () => t?.drop());

  const newCase = async () => {
    const res = await api(t.app, 'POST', '/api/v1/cases', as('agent@A'), { type: 'repair', channel: 'counter', siteId: org.siteA, title: '路灯不亮', description: '小区东门路灯坏了' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const transition = async (c: { id: string }, body: Record<string, unknown>, actor: string) => {
    const version = (await api(t.app, 'GET', `/api/v1/cases/${c.id}`, as(actor))).json().version;
    const res = await api(t.app, 'POST', `/api/v1/cases/${c.id}/transitions`, as(actor), { ...body, version });
    expect(res.statusCode, res.body).toBe(200);
  };
  const mine = async (key: string, query = '') => (await api(t.app, 'GET', `/api/v1/notifications${query}`, as(key))).json();
  const unread = async (key: string) => (await api(t.app, 'GET', '/api/v1/notifications/unread-count', as(key))).json().count as number;

  it('tells the new owner when someone else assigns a case, not when they take it themselves', async () => {
    const before = await unread('agent@A');
    const c = await newCase();
    await transition(c, { action: 'assign' }, 'agent@A');
    expect(await unread('agent@A')).toBe(before);

    const other = await newCase();
    await transition(other, { action: 'assign', assigneeId: org.users['agent@A'].id }, 'supervisor@A');
    expect(await unread('agent@A')).toBe(before + 1);
    const [latest] = (await mine('agent@A')).items;
    expect(latest).toMatchObject({ kind: 'case_assigned', caseId: other.id, readAt: null, data: { number: other.number, title: '路灯不亮', actorName: '用户nt.supervisor.a' } });
  });

  it('tells the owner of replies and notes by others and of the customer’s reply, not of their own', async () => {
    const c = await newCase();
    await transition(c, { action: 'assign' }, 'agent@A');
    const before = await unread('agent@A');
    expect((await api(t.app, 'POST', `/api/v1/cases/${c.id}/comments`, as('agent@A'), { body: '已安排电工', public: true })).statusCode).toBe(201);
    expect(await unread('agent@A')).toBe(before);
    expect((await api(t.app, 'POST', `/api/v1/cases/${c.id}/comments`, as('supervisor'), { body: '请今天内处理', public: false })).statusCode).toBe(201);
    expect((await mine('agent@A')).items[0]).toMatchObject({ kind: 'case_reply', caseId: c.id, data: { public: false, actorName: '用户nt.supervisor' } });
    // The portal records the customer's reply and calls the hook with no actor.
    await t.db.kysely.transaction().execute((trx) => afterCaseWrite({ ...t.db, kysely: trx }, org.orgId, c.id, { kind: 'comment', actor: null }));
    expect((await mine('agent@A')).items[0]).toMatchObject({ kind: 'case_reply', caseId: c.id, data: { public: true, actorName: null } });
    expect(await unread('agent@A')).toBe(before + 2);
  });

  it('shows and marks only the caller’s own notifications', async () => {
    const own = (await mine('agent@A')).items;
    expect(own.length).toBeGreaterThan(0);
    expect((await mine('agent')).items.some((n: { id: string }) => own.some((o: { id: string }) => o.id === n.id))).toBe(false);
    const target = own[0];
    expect((await api(t.app, 'POST', `/api/v1/notifications/${target.id}/read`, as('agent'))).statusCode).toBe(404);
    expect((await api(t.app, 'POST', `/api/v1/notifications/${target.id}/read`, as('admin'))).statusCode).toBe(404);
    expect((await mine('agent@A')).items[0].readAt).toBeNull();

    const count = await unread('agent@A');
    const read = await api(t.app, 'POST', `/api/v1/notifications/${target.id}/read`, as('agent@A'));
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).not.toBeNull();
    expect(await unread('agent@A')).toBe(count - 1);
    // Reading again keeps the first reading time.
    expect((await api(t.app, 'POST', `/api/v1/notifications/${target.id}/read`, as('agent@A'))).json().readAt).toBe(read.json().readAt);
    expect((await mine('agent@A', '?unread=true')).items.some((n: { id: string }) => n.id === target.id)).toBe(false);
    expect((await mine('agent@A', '?unread=true')).total).toBe(count - 1);

    const all = await api(t.app, 'POST', '/api/v1/notifications/read-all', as('agent@A'));
    expect(all.json()).toEqual({ count: count - 1 });
    expect(await unread('agent@A')).toBe(0);
    expect((await mine('agent@A')).total).toBe(own.length);
  });

  it('pages the list and refuses bad queries', async () => {
    const page = await mine('agent@A', '?pageSize=1&page=2');
    expect(page).toMatchObject({ page: 2, pageSize: 1 });
    expect(page.items).toHaveLength(1);
    expect((await api(t.app, 'GET', '/api/v1/notifications?unread=maybe', as('agent@A'))).statusCode).toBe(400);
    expect((await api(t.app, 'POST', '/api/v1/notifications/not-an-id/read', as('agent@A'))).statusCode).toBe(400);
  });
});
