import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/server/db/database.js';
import { escalationLevelFor, runEscalationSweep } from '../src/server/modules/sla/escalation.service.js';
import { api, createTestApp, type TestApp } from './helpers/app.js';
import { DIALECTS } from './helpers/db.js';
import { createOrgFixture, insertUser, type OrgFixture, type TestUser } from './helpers/factories.js';

const MINUTE = 60_000;
/** First response within 60 minutes; around-the-clock hours make business minutes wall minutes. */
const STEP = 60;

describe('escalation levels', () => {
  it('rise one level per first-response target past due, from 1 at the breach to 4', () => {
    expect([0, 1, 60, 61, 120, 121, 180, 181, 10_000].map((m) => escalationLevelFor(m, 60))).toEqual([1, 1, 1, 2, 2, 3, 3, 4, 4]);
    // A very short target still leaves a quarter of an hour between levels.
    expect(escalationLevelFor(16, 5)).toBe(2);
  });
});

describe.each(DIALECTS)('escalation sweep on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let supervisorB: TestUser;
  let specialistB: TestUser;
  const as = (key: string) => ({ bearer: org.users[key].token });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    org = await createOrgFixture(t.db, 'es');
    supervisorB = await insertUser(t.db, org.orgId, 'es.supervisor.b', 'supervisor', org.siteB);
    specialistB = await insertUser(t.db, org.orgId, 'es.specialist.b', 'specialist', org.siteB);
    const cal = await api(t.app, 'PUT', '/api/v1/business-calendar', as('admin'), { version: 0, weeklyHours: Array.from({ length: 7 }, () => [{ start: '00:00', end: '24:00' }]), holidays: [], makeUpDays: [] });
    expect(cal.statusCode, cal.body).toBe(200);
    const res = await api(t.app, 'PUT', '/api/v1/sla-policies', as('specialist'), { siteId: null, policies: [{ caseType: 'complaint', priority: 'normal', firstResponseMinutes: STEP, resolutionMinutes: 600 }] });
    expect(res.statusCode, res.body).toBe(200);
  });
  afterAll(async () => t?.drop());

  const newCase = async (siteId = org.siteA) => {
    const res = await api(t.app, 'POST', '/api/v1/cases', as('agent'), { type: 'complaint', channel: 'phone', siteId, title: '噪音扰民', description: '楼下商铺夜间施工噪音很大' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; createdAt: string; version: number; number: string };
  };
  const act = async (id: string, body: Record<string, unknown>, actor = 'supervisor') => {
    const version = (await api(t.app, 'GET', `/api/v1/cases/${id}`, as(actor))).json().version;
    const res = await api(t.app, 'POST', `/api/v1/cases/${id}/transitions`, as(actor), { ...body, version });
    expect(res.statusCode, res.body).toBe(200);
  };
  const at = (c: { createdAt: string }, minutes: number) => new Date(new Date(c.createdAt).getTime() + minutes * MINUTE);
  const level = async (id: string) => (await api(t.app, 'GET', `/api/v1/cases/${id}`, as('specialist'))).json().escalationLevel as number;
  const notified = async (caseId: string) =>
    (await t.db.kysely.selectFrom('notifications').select(['user_id', 'kind', 'data']).where('case_id', '=', caseId).execute()).map((n) => ({
      user: n.user_id,
      kind: n.kind,
      level: JSON.parse(n.data).level as number,
    }));
  const usersOf = (rows: { user: string; kind: string; level: number }[], kind: string, lvl: number) => rows.filter((r) => r.kind === kind && r.level === lvl).map((r) => r.user).sort();
  const ids = (...users: TestUser[]) => users.map((u) => u.id).sort();

  it('raises an unassigned case one level per step past due, in order, telling each level’s people on the site', async () => {
    const c = await newCase();
    expect((await runEscalationSweep(t.db, at(c, STEP - 1))).escalated).toBe(0);
    expect(await level(c.id)).toBe(0);

    await runEscalationSweep(t.db, at(c, STEP + 1));
    expect(await level(c.id)).toBe(1);
    let told = await notified(c.id);
    // Nobody owns it: the site's supervisors hear of the breach (organisation-wide and on estate A, not estate B).
    expect(usersOf(told, 'sla_breach', 1)).toEqual(ids(org.users.supervisor, org.users['supervisor@A']));
    expect(told.some((n) => n.user === supervisorB.id)).toBe(false);
    // The same sweep a moment later changes nothing.
    expect((await runEscalationSweep(t.db, at(c, STEP + 2))).escalated).toBe(0);

    await runEscalationSweep(t.db, at(c, 2 * STEP + 1));
    expect(await level(c.id)).toBe(2);
    told = await notified(c.id);
    expect(usersOf(told, 'escalation', 2)).toEqual(ids(org.users.specialist, org.users['specialist@A']));
    expect(told.some((n) => n.user === specialistB.id)).toBe(false);

    await runEscalationSweep(t.db, at(c, 3 * STEP + 1));
    expect(usersOf(await notified(c.id), 'escalation', 3)).toEqual(ids(org.users.site_director, org.users['site_director@A']));
    await runEscalationSweep(t.db, at(c, 4 * STEP + 1));
    expect(usersOf(await notified(c.id), 'escalation', 4)).toEqual(ids(org.users.general_manager, org.users['general_manager@A']));
    expect(await level(c.id)).toBe(4);
    expect((await runEscalationSweep(t.db, at(c, 100 * STEP))).escalated).toBe(0);

    const detail = (await api(t.app, 'GET', `/api/v1/cases/${c.id}`, as('specialist'))).json();
    const events = detail.events.filter((e: { kind: string }) => e.kind === 'escalation');
    expect(events.map((e: { data: { from: number; to: number } }) => [e.data.from, e.data.to])).toEqual([[0, 1], [1, 2], [2, 3], [3, 4]]);
    expect(events.every((e: { actorId: string | null; data: { deadline: string } }) => e.actorId === null && e.data.deadline === 'first_response')).toBe(true);
    const audit = await t.db.kysely.selectFrom('audit_events').select(['actor_id']).where('entity_id', '=', c.id).where('action', '=', 'escalate').execute();
    expect(audit).toHaveLength(4);
    expect(audit.every((a) => a.actor_id === null)).toBe(true);
  });

  it('tells the assignee of the breach and of every escalation, and catches up several levels at once', async () => {
    const c = await newCase();
    await act(c.id, { action: 'assign', assigneeId: org.users['agent@A'].id });
    await runEscalationSweep(t.db, at(c, STEP + 1));
    let told = await notified(c.id);
    expect(usersOf(told, 'sla_breach', 1)).toEqual(ids(org.users['agent@A']));
    expect(usersOf(told, 'escalation', 1)).toEqual(ids(org.users.supervisor, org.users['supervisor@A']));

    await runEscalationSweep(t.db, at(c, 3 * STEP + 1));
    expect(await level(c.id)).toBe(3);
    told = await notified(c.id);
    // Jumped from 1 to 3: the specialists and the directors both hear, the assignee once.
    expect(usersOf(told, 'escalation', 3)).toEqual(ids(org.users['agent@A'], org.users.specialist, org.users['specialist@A'], org.users.site_director, org.users['site_director@A']));
  });

  it('leaves cases waiting for the customer and finished cases alone', async () => {
    const waiting = await newCase();
    await act(waiting.id, { action: 'assign', assigneeId: org.users['agent@A'].id });
    await act(waiting.id, { action: 'start' }, 'agent@A');
    await act(waiting.id, { action: 'wait', note: '等业主确认' }, 'agent@A');
    const resolved = await newCase();
    await act(resolved.id, { action: 'assign', assigneeId: org.users['agent@A'].id });
    await act(resolved.id, { action: 'resolve', note: '已处理' }, 'agent@A');
    await runEscalationSweep(t.db, at(waiting, 50 * STEP));
    expect(await level(waiting.id)).toBe(0);
    expect(await level(resolved.id)).toBe(0);
    expect((await notified(waiting.id)).filter((n) => n.kind !== 'case_assigned')).toEqual([]);
  });

  it('escalates each case once when two sweeps run at the same time', async () => {
    const cases = await Promise.all([newCase(), newCase(org.siteB), newCase(), newCase(org.siteB)]);
    const now = at(cases[cases.length - 1], 2 * STEP + 1);
    let results;
    if (dialect === 'postgres') {
      // Two app instances: two pools on the same database.
      const a = openDatabase({ dialect: 'postgres', url: t.url }, { poolSize: 3 });
      const b = openDatabase({ dialect: 'postgres', url: t.url }, { poolSize: 3 });
      try {
        results = await Promise.all([runEscalationSweep(a, now), runEscalationSweep(b, now)]);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    } else {
      results = await Promise.all([runEscalationSweep(t.db, now), runEscalationSweep(t.db, now)]);
    }
    const raised = results.reduce((sum, r) => sum + r.escalated, 0);
    for (const c of cases) {
      expect(await level(c.id)).toBe(2);
      const events = await t.db.kysely.selectFrom('case_events').select('id').where('case_id', '=', c.id).where('kind', '=', 'escalation').execute();
      expect(events, c.number).toHaveLength(1);
      const breach = (await notified(c.id)).filter((n) => n.kind === 'sla_breach');
      expect(new Set(breach.map((n) => n.user)).size).toBe(breach.length);
    }
    expect(raised).toBe(cases.length);
  });
});
