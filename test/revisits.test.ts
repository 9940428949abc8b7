import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, nowIso } from '../src/server/lib/ids.js';
import { closeWaitedCases, inRevisitSample, scheduleCaseRevisit } from '../src/server/modules/revisits/revisits.service.js';
import { api, createTestApp, type TestApp } from './helpers/app.js';
import { DIALECTS } from './helpers/db.js';
import { createOrgFixture, insertCustomer, type OrgFixture } from './helpers/factories.js';

const HOUR = 3_600_000;
const hoursAgo = (h: number) => new Date(Date.now() - h * HOUR).toISOString();

describe('revisit sampling', () => {
  it('is reproducible per case and close to the policy’s share over many cases', () => {
    const ids = Array.from({ length: 4000 }, () => newId());
    const picked = ids.filter((id) => inRevisitSample(id, 30)).length;
    expect(picked / ids.length).toBeGreaterThan(0.27);
    expect(picked / ids.length).toBeLessThan(0.33);
    for (const id of ids.slice(0, 50)) expect(inRevisitSample(id, 30)).toBe(inRevisitSample(id, 30));
    expect(ids.every((id) => inRevisitSample(id, 100))).toBe(true);
    expect(ids.some((id) => inRevisitSample(id, 0))).toBe(false);
  });
});

describe.each(DIALECTS)('revisits on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  const as = (key: string) => ({ bearer: org.users[key].token });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    org = await createOrgFixture(t.db, 'rv');
  });
  afterAll(async () => t?.drop());

  /** A case recorded by agent@A for the customer, taken by them, and resolved; returns its id. */
  async function resolvedCase(opts: { type?: string; siteId?: string; customerId?: string | null; resolve?: boolean } = {}): Promise<string> {
    const siteId = opts.siteId ?? org.siteA;
    const actor = siteId === org.siteA ? as('agent@A') : as('agent');
    const customerId = opts.customerId === undefined ? (siteId === org.siteA ? org.customerA : org.customerB) : opts.customerId;
    const res = await api(t.app, 'POST', '/api/v1/cases', actor, { type: opts.type ?? 'complaint', channel: 'phone', siteId, title: '楼道灯坏了', description: '三楼楼道灯一直不亮', ...(customerId ? { customerId } : {}) });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    const assigned = await api(t.app, 'POST', `/api/v1/cases/${c.id}/transitions`, actor, { action: 'assign', version: c.version });
    expect(assigned.statusCode, assigned.body).toBe(200);
    if (opts.resolve === false) return c.id;
    const resolved = await api(t.app, 'POST', `/api/v1/cases/${c.id}/transitions`, actor, { action: 'resolve', version: assigned.json().version });
    expect(resolved.statusCode, resolved.body).toBe(200);
    return c.id;
  }
  const revisitsOf = (caseId: string) => t.db.kysely.selectFrom('revisits').selectAll().where('case_id', '=', caseId).orderBy('created_at').execute();
  const caseRow = (id: string) => t.db.kysely.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const attempt = async (id: string, body: Record<string, unknown>, actor = as('agent@A')) => {
    const version = body.version ?? (await t.db.kysely.selectFrom('revisits').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
    return api(t.app, 'POST', `/api/v1/revisits/${id}/attempts`, actor, { ...body, version });
  };
  const putPolicy = (siteId: string | null, caseType: string, values: Record<string, number>) =>
    api(t.app, 'PUT', '/api/v1/revisit-policies', as('specialist'), {
      siteId,
      policies: [{ caseType, samplePercent: 100, delayHours: 2, dueWithinHours: 48, maxAttempts: 3, retryIntervalHours: 24, closeAfterHours: 72, ...values }],
    });

  it('schedules a callback for every resolved complaint by the defaults: from two hours on, within 48 hours, for the one who resolved it', async () => {
    const id = await resolvedCase();
    const [r] = await revisitsOf(id);
    const c = await caseRow(id);
    expect(r).toMatchObject({ kind: 'case', status: 'due', owner_id: org.users['agent@A'].id, customer_id: org.customerA, max_attempts: 3, retry_interval_hours: 24, site_id: org.siteA });
    expect(new Date(r.due_at).getTime() - new Date(c.resolved_at!).getTime()).toBeGreaterThanOrEqual(2 * HOUR - 1000);
    expect(new Date(r.due_at).getTime() - new Date(c.resolved_at!).getTime()).toBeLessThanOrEqual(2 * HOUR + 1000);
    expect(new Date(r.deadline_at).getTime() - new Date(r.due_at).getTime()).toBe(48 * HOUR);
    const audit = await t.db.kysely.selectFrom('audit_events').select('action').where('entity', '=', 'revisit').where('entity_id', '=', r.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['create']);
  });

  it('follows the policy: none outside the sample, the site override first, its delay, never without a customer', async () => {
    expect((await putPolicy(null, 'suggestion', { samplePercent: 0 })).statusCode).toBe(200);
    const override = await putPolicy(org.siteA, 'suggestion', { samplePercent: 100, delayHours: 5, dueWithinHours: 24, maxAttempts: 2, retryIntervalHours: 4 });
    expect(override.statusCode, override.body).toBe(200);
    const onA = await resolvedCase({ type: 'suggestion' });
    const onB = await resolvedCase({ type: 'suggestion', siteId: org.siteB });
    expect(await revisitsOf(onB)).toHaveLength(0);
    const [r] = await revisitsOf(onA);
    const c = await caseRow(onA);
    expect(Math.round((new Date(r.due_at).getTime() - new Date(c.resolved_at!).getTime()) / HOUR)).toBe(5);
    expect(Math.round((new Date(r.deadline_at).getTime() - new Date(r.due_at).getTime()) / HOUR)).toBe(24);
    expect(r.max_attempts).toBe(2);
    expect(await revisitsOf(await resolvedCase({ customerId: null }))).toHaveLength(0);
    // A customer deleted before the resolution gets no call either.
    const gone = await insertCustomer(t.db, org.orgId, org.siteA, '赵六', '13700000066');
    const pending = await resolvedCase({ customerId: gone, resolve: false });
    await t.db.kysely.updateTable('customers').set({ deleted_at: nowIso() }).where('id', '=', gone).execute();
    const c2 = await caseRow(pending);
    await api(t.app, 'POST', `/api/v1/cases/${pending}/transitions`, as('agent@A'), { action: 'resolve', version: c2.version });
    expect(await revisitsOf(pending)).toHaveLength(0);
  });

  it('refuses bad policies with field paths and keeps the old ones', async () => {
    const res = await putPolicy(null, 'repair', { maxAttempts: 5, retryIntervalHours: 24, dueWithinHours: 48 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe('policies.0.retryIntervalHours');
    expect((await putPolicy(org.siteA, 'repair', {}).then(() => api(t.app, 'PUT', '/api/v1/revisit-policies', as('supervisor@A'), { siteId: null, policies: [{ caseType: 'repair', samplePercent: 1, delayHours: 0, dueWithinHours: 1, maxAttempts: 1, retryIntervalHours: 0, closeAfterHours: 1 }] }))).statusCode).toBe(403);
    const list = (await api(t.app, 'GET', '/api/v1/revisit-policies', as('agent@A'))).json();
    expect(list.defaults.find((d: { caseType: string }) => d.caseType === 'complaint').samplePercent).toBe(100);
  });

  it('creates one callback per resolution, cancels it on reopening and schedules a new one on the next resolution', async () => {
    const id = await resolvedCase();
    const c = await caseRow(id);
    // A resolve applied twice (a retried request, a bug) still leaves one open callback.
    expect(await t.db.kysely.transaction().execute((trx) => scheduleCaseRevisit({ ...t.db, kysely: trx }, null, c))).toBeNull();
    expect(await revisitsOf(id)).toHaveLength(1);
    const reopened = await api(t.app, 'POST', `/api/v1/cases/${id}/transitions`, as('agent@A'), { action: 'reopen', version: c.version });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect((await revisitsOf(id)).map((r) => r.status)).toEqual(['cancelled']);
    const again = await api(t.app, 'POST', `/api/v1/cases/${id}/transitions`, as('agent@A'), { action: 'resolve', version: reopened.json().version });
    expect(again.statusCode).toBe(200);
    expect((await revisitsOf(id)).map((r) => r.status)).toEqual(['cancelled', 'due']);
  });

  it('retries an unanswered call after the interval and fails when the attempts are used up', async () => {
    const [r] = await revisitsOf(await resolvedCase());
    const first = await attempt(r.id, { outcome: 'no_answer', comment: '无人接听' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ status: 'due', attemptCount: 1, lastOutcome: 'no_answer' });
    expect(new Date(first.json().nextAttemptAt).getTime() - Date.now()).toBeGreaterThan(23 * HOUR);
    const tooSoon = await attempt(r.id, { outcome: 'no_answer' });
    expect(tooSoon.statusCode).toBe(409);
    expect(tooSoon.json().error.details.nextAttemptAt).toBe(first.json().nextAttemptAt);
    for (const n of [2, 3]) {
      await t.db.kysely.updateTable('revisits').set({ next_attempt_at: hoursAgo(1) }).where('id', '=', r.id).execute();
      const res = await attempt(r.id, { outcome: 'no_answer' });
      expect(res.json()).toMatchObject({ attemptCount: n, status: n === 3 ? 'failed' : 'due' });
    }
    const detail = (await api(t.app, 'GET', `/api/v1/revisits/${r.id}`, as('agent@A'))).json();
    expect(detail.attempts.map((a: { attemptNo: number }) => a.attemptNo)).toEqual([1, 2, 3]);
    expect(detail.canAttempt).toBe(false);
    expect((await attempt(r.id, { outcome: 'no_answer' })).statusCode).toBe(409);
    expect((await caseRow(r.case_id!)).status).toBe('resolved');
  });

  it('ends the revisit on a refusal or a wrong number, and asks a reached customer both questions', async () => {
    for (const outcome of ['refused', 'wrong_number']) {
      const [r] = await revisitsOf(await resolvedCase());
      const res = await attempt(r.id, { outcome });
      expect(res.json()).toMatchObject({ status: 'failed', attemptCount: 1, lastOutcome: outcome });
    }
    const [r] = await revisitsOf(await resolvedCase());
    const missing = await attempt(r.id, { outcome: 'reached', solved: true });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details.map((d: { path: string }) => d.path)).toEqual(['satisfaction']);
    expect((await attempt(r.id, { outcome: 'no_answer', satisfaction: 5 })).statusCode).toBe(400);
    expect((await attempt(r.id, { outcome: 'reached', solved: true, satisfaction: 6 })).statusCode).toBe(400);
    expect((await attempt(r.id, { outcome: 'reached', solved: true, satisfaction: 5, version: 99 })).statusCode).toBe(409);
    // An inspector reads revisits but makes none.
    expect((await attempt(r.id, { outcome: 'no_answer' }, as('inspector@A'))).statusCode).toBe(403);
    expect((await api(t.app, 'GET', '/api/v1/revisits/' + r.id, as('agent@A'))).json().attempts).toHaveLength(0);
  });

  it('reopens the case when the customer is dissatisfied, with the reason, and raises the ladder', async () => {
    await putPolicy(null, 'repair', { samplePercent: 100 });
    // A customer with no other cases, so that only the revisit moves the ladder.
    const customerId = await insertCustomer(t.db, org.orgId, org.siteA, '孙丽', '13700000077');
    const id = await resolvedCase({ type: 'repair', customerId });
    const before = await caseRow(id);
    const [r] = await revisitsOf(id);
    const res = await attempt(r.id, { outcome: 'reached', solved: true, satisfaction: 2, comment: '师傅态度很差' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'done', solved: true, satisfaction: 2 });
    const after = await caseRow(id);
    expect(after.status).toBe('in_progress');
    expect(after.reopen_count).toBe(1);
    const rank = ['none', 'latent', 'expressed', 'potential_complaint', 'complaint'];
    expect(rank.indexOf(after.stage)).toBeGreaterThan(rank.indexOf(before.stage));
    expect(after.stage).toBe('potential_complaint');
    const events = await t.db.kysely.selectFrom('case_events').selectAll().where('case_id', '=', id).where('action', '=', 'reopen').execute();
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].data!)).toMatchObject({ reason: 'revisit_dissatisfied', revisitId: r.id, satisfaction: 2 });
    expect(events[0].body).toBe('师傅态度很差');
    const score = await t.db.kysely.selectFrom('satisfaction_scores').selectAll().where('case_id', '=', id).executeTakeFirstOrThrow();
    expect(score).toMatchObject({ score: 2, scale: 5, source: 'revisit' });
  });

  it('reopens an unsolved matter even when the customer is polite about it; a neutral 3 counts as dissatisfied', async () => {
    const unsolved = await resolvedCase();
    const [r1] = await revisitsOf(unsolved);
    await attempt(r1.id, { outcome: 'reached', solved: false, satisfaction: 5 });
    const e1 = await t.db.kysely.selectFrom('case_events').select('data').where('case_id', '=', unsolved).where('action', '=', 'reopen').executeTakeFirstOrThrow();
    expect(JSON.parse(e1.data!).reason).toBe('revisit_unsolved');
    const neutral = await resolvedCase();
    const [r2] = await revisitsOf(neutral);
    await attempt(r2.id, { outcome: 'reached', solved: true, satisfaction: 3 });
    expect((await caseRow(neutral)).status).toBe('in_progress');
  });

  it('closes the case after a satisfied revisit', async () => {
    const id = await resolvedCase();
    const [r] = await revisitsOf(id);
    const res = await attempt(r.id, { outcome: 'reached', solved: true, satisfaction: 5, comment: '很满意' });
    expect(res.json().case.status).toBe('closed');
    const close = await t.db.kysely.selectFrom('case_events').selectAll().where('case_id', '=', id).where('action', '=', 'close').executeTakeFirstOrThrow();
    expect(JSON.parse(close.data!).reason).toBe('revisit_satisfied');
  });

  it('closes resolved cases once their wait has passed, once with two instances, and leaves the rest', async () => {
    const waited = await resolvedCase();
    const recent = await resolvedCase();
    await putPolicy(null, 'inquiry', { samplePercent: 0, closeAfterHours: 200 });
    const longWait = await resolvedCase({ type: 'inquiry' });
    for (const id of [waited, longWait]) await t.db.kysely.updateTable('cases').set({ resolved_at: hoursAgo(73) }).where('id', '=', id).execute();
    const [a, b] = await Promise.all([closeWaitedCases(t.db, new Date()), closeWaitedCases(t.db, new Date())]);
    expect((await caseRow(waited)).status).toBe('closed');
    expect((await caseRow(recent)).status).toBe('resolved');
    expect((await caseRow(longWait)).status).toBe('resolved');
    const closes = await t.db.kysely.selectFrom('case_events').selectAll().where('case_id', '=', waited).where('action', '=', 'close').execute();
    expect(closes).toHaveLength(1);
    expect(closes[0].actor_id).toBeNull();
    expect(JSON.parse(closes[0].data!).reason).toBe('revisit_wait_passed');
    expect(a.closed + b.closed).toBeGreaterThanOrEqual(1);
    // The callback may still be made; a dissatisfied answer reopens the closed case.
    const [r] = await revisitsOf(waited);
    expect(r.status).toBe('due');
    await attempt(r.id, { outcome: 'reached', solved: true, satisfaction: 1 });
    expect((await caseRow(waited)).status).toBe('in_progress');
  });

  it('works plan revisits too: no case to move, the score goes to the customer', async () => {
    const planId = newId();
    const now = nowIso();
    await t.db.kysely
      .insertInto('revisit_plans')
      .values({ id: planId, org_id: org.orgId, site_id: org.siteA, customer_id: org.customerA, tier: null, name: 'VIP 月度回访', cadence: 'monthly', channel: 'phone', owner_id: org.users['agent@A'].id, start_date: '2026-01-01', active: 1, note: null, created_by: null, version: 1, created_at: now, updated_at: now })
      .execute();
    const id = newId();
    await t.db.kysely
      .insertInto('revisits')
      .values({ id, org_id: org.orgId, site_id: org.siteA, customer_id: org.customerA, case_id: null, plan_id: planId, plan_period: '2026-01', kind: 'plan', channel: 'phone', owner_id: org.users['agent@A'].id, status: 'due', due_at: hoursAgo(5), deadline_at: hoursAgo(1), max_attempts: 3, retry_interval_hours: 24, attempt_count: 0, next_attempt_at: null, last_outcome: null, solved: null, satisfaction: null, comment: null, completed_at: null, completed_by: null, reminded_at: null, version: 1, created_at: now, updated_at: now })
      .execute();
    const overdue = (await api(t.app, 'GET', '/api/v1/revisits?status=overdue&ownerId=me&pageSize=200', as('agent@A'))).json();
    expect(overdue.items.find((i: { id: string }) => i.id === id)).toMatchObject({ kind: 'plan', planName: 'VIP 月度回访', case: null, overdue: true });
    const res = await attempt(id, { outcome: 'reached', solved: true, satisfaction: 4 });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().status).toBe('done');
    const score = await t.db.kysely.selectFrom('satisfaction_scores').selectAll().where('customer_id', '=', org.customerA).where('case_id', 'is', null).executeTakeFirstOrThrow();
    expect(score.score).toBe(4);
  });

  it('lists by status, owner and site within the caller’s sites, masking contact data without customers.pii', async () => {
    const onA = (await revisitsOf(await resolvedCase()))[0];
    const onB = (await revisitsOf(await resolvedCase({ siteId: org.siteB })))[0];
    const ids = async (actor: string, query: string) => ((await api(t.app, 'GET', `/api/v1/revisits?pageSize=200&${query}`, as(actor))).json().items as { id: string }[]).map((i) => i.id);
    expect(await ids('agent@A', 'status=due')).toContain(onA.id);
    expect(await ids('agent@A', 'status=due')).not.toContain(onB.id);
    expect(await ids('supervisor', 'status=due')).toEqual(expect.arrayContaining([onA.id, onB.id]));
    expect(await ids('supervisor', `status=due&siteId=${org.siteB}`)).not.toContain(onA.id);
    expect(await ids('agent@A', 'status=overdue')).not.toContain(onA.id);
    expect(await ids('agent@A', 'status=done')).not.toContain(onA.id);
    expect(await ids('agent', 'ownerId=me')).toContain(onB.id);
    expect(await ids('agent', 'ownerId=me')).not.toContain(onA.id);
    expect(await ids('agent@A', `from=${encodeURIComponent(hoursAgo(-100))}`)).not.toContain(onA.id);
    const asInspector = (await api(t.app, 'GET', `/api/v1/revisits/${onA.id}`, as('inspector@A'))).json();
    expect(asInspector.customer).toMatchObject({ masked: true, phone: '138****0001' });
    expect(asInspector.customer.name).not.toBe('王建国');
    expect((await api(t.app, 'GET', `/api/v1/revisits/${onA.id}`, as('agent@A'))).json().customer).toMatchObject({ name: '王建国', masked: false });
    expect((await api(t.app, 'GET', `/api/v1/revisits/${onB.id}`, as('agent@A'))).statusCode).toBe(404);
    expect((await api(t.app, 'GET', `/api/v1/revisits?siteId=${org.siteB}`, as('agent@A'))).statusCode).toBe(400);
    const cal = (await api(t.app, 'GET', `/api/v1/revisits/calendar?from=${encodeURIComponent(hoursAgo(24 * 3))}&to=${encodeURIComponent(hoursAgo(-24 * 3))}`, as('agent@A'))).json();
    expect(cal.days.reduce((s: number, d: { open: number }) => s + d.open, 0)).toBeGreaterThan(0);
  });

  it('reassigns open revisits all or none, only to people who make revisits on their sites', async () => {
    const onA = (await revisitsOf(await resolvedCase()))[0];
    const onB = (await revisitsOf(await resolvedCase({ siteId: org.siteB })))[0];
    const agentA = org.users['agent@A'].id;
    const refused = await api(t.app, 'POST', '/api/v1/revisits/assign', as('supervisor'), { ids: [onA.id, onB.id], ownerId: agentA });
    expect(refused.statusCode).toBe(400);
    expect((await revisitsOf(onA.case_id!))[0].owner_id).toBe(onA.owner_id);
    const ok = await api(t.app, 'POST', '/api/v1/revisits/assign', as('supervisor'), { ids: [onA.id, onB.id], ownerId: org.users.agent.id });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().items.map((i: { ownerId: string }) => i.ownerId)).toEqual([org.users.agent.id, org.users.agent.id]);
    expect((await api(t.app, 'POST', '/api/v1/revisits/assign', as('supervisor@A'), { ids: [onB.id], ownerId: agentA })).statusCode).toBe(400);
    expect((await api(t.app, 'POST', '/api/v1/revisits/assign', as('agent@A'), { ids: [onA.id], ownerId: agentA })).statusCode).toBe(403);
    await attempt(onA.id, { outcome: 'refused' }, as('agent'));
    expect((await api(t.app, 'POST', '/api/v1/revisits/assign', as('supervisor'), { ids: [onA.id], ownerId: agentA })).statusCode).toBe(409);
  });
});

describe.each(DIALECTS)('revisit figures on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    org = await createOrgFixture(t.db, 'rvs');
    // A known set, all falling due in March 2026 (Shanghai), except one in April and one cancelled.
    const owner = org.users['agent@A'].id;
    const other = org.users.agent.id;
    const plan = newId();
    const now = nowIso();
    await t.db.kysely
      .insertInto('revisit_plans')
      .values({ id: plan, org_id: org.orgId, site_id: org.siteB, customer_id: org.customerB, tier: null, name: '季度拜访', cadence: 'quarterly', channel: 'visit', owner_id: other, start_date: '2026-03-01', active: 1, note: null, created_by: null, version: 1, created_at: now, updated_at: now })
      .execute();
    const caseIds: Record<string, string> = {};
    for (const type of ['complaint', 'repair']) {
      const res = await api(t.app, 'POST', '/api/v1/cases', { bearer: org.users.agent.token }, { type, channel: 'phone', siteId: org.siteA, customerId: org.customerA, title: '统计用工单', description: '统计用工单' });
      caseIds[type] = res.json().id;
    }
    const rows: Array<[string, string, string, number | null, number | null, string, string]> = [
      // [site, status, due_at, solved, satisfaction, owner, source]
      [org.siteA, 'done', '2026-03-02T02:00:00.000Z', 1, 5, owner, 'complaint'],
      [org.siteA, 'done', '2026-03-03T02:00:00.000Z', 1, 4, owner, 'complaint'],
      [org.siteA, 'done', '2026-03-04T02:00:00.000Z', 1, 2, owner, 'repair'],
      [org.siteA, 'done', '2026-03-05T02:00:00.000Z', 0, 5, owner, 'repair'],
      [org.siteA, 'failed', '2026-03-06T02:00:00.000Z', null, null, owner, 'complaint'],
      [org.siteA, 'due', '2026-03-07T02:00:00.000Z', null, null, owner, 'complaint'],
      [org.siteA, 'cancelled', '2026-03-08T02:00:00.000Z', null, null, owner, 'complaint'],
      [org.siteB, 'done', '2026-03-09T02:00:00.000Z', 1, 5, other, 'plan'],
      // 2026-03-31T16:30Z is 1 April 00:30 in Shanghai
      [org.siteB, 'due', '2026-03-31T16:30:00.000Z', null, null, other, 'plan'],
    ];
    let period = 0;
    for (const [site, status, due, solved, satisfaction, ownerId, source] of rows) {
      const isPlan = source === 'plan';
      await t.db.kysely
        .insertInto('revisits')
        .values({
          id: newId(), org_id: org.orgId, site_id: site, customer_id: isPlan ? org.customerB : org.customerA,
          case_id: isPlan ? null : caseIds[source], plan_id: isPlan ? plan : null, plan_period: isPlan ? `2026-Q${++period}` : null,
          kind: isPlan ? 'plan' : 'case', channel: 'phone', owner_id: ownerId, status, due_at: due, deadline_at: due, max_attempts: 3, retry_interval_hours: 24,
          attempt_count: status === 'due' || status === 'cancelled' ? 0 : 1, next_attempt_at: null, last_outcome: status === 'done' ? 'reached' : status === 'failed' ? 'wrong_number' : null,
          solved, satisfaction, comment: null, completed_at: status === 'done' || status === 'failed' ? due : null, completed_by: null, reminded_at: null, version: 1, created_at: now, updated_at: now,
        })
        .execute();
    }
  });
  afterAll(async () => t?.drop());

  const stats = (query: string, actor = 'supervisor') => api(t.app, 'GET', `/api/v1/revisit-stats?from=2026-02-28T16:00:00.000Z&to=2026-04-30T16:00:00.000Z&${query}`, { bearer: org.users[actor].token });

  it('counts due, done, reached and satisfied, and the three rates, per site', async () => {
    const res = await stats('groupBy=site&locale=zh-CN');
    expect(res.statusCode, res.body).toBe(200);
    const { rows, total } = res.json();
    const a = rows.find((r: { key: string }) => r.key === org.siteA);
    // Site A: 6 due (the cancelled one never counts), 5 finished, 4 reached, 2 satisfied and solved.
    expect(a).toMatchObject({ label: '阳光花园', due: 6, done: 5, reached: 4, satisfied: 2 });
    expect(a.satisfactionRate).toBeCloseTo(0.5);
    expect(a.completionRate).toBeCloseTo(5 / 6);
    expect(a.reachRate).toBeCloseTo(4 / 5);
    expect(rows.find((r: { key: string }) => r.key === org.siteB)).toMatchObject({ due: 2, done: 1, reached: 1, satisfied: 1, satisfactionRate: 1 });
    expect(total).toMatchObject({ key: 'all', label: '合计', due: 8, done: 6, reached: 5, satisfied: 3 });
  });

  it('groups by case type (plans apart), owner and local month', async () => {
    const byType = (await stats('groupBy=type&locale=en-US')).json().rows;
    expect(byType.find((r: { key: string }) => r.key === 'complaint')).toMatchObject({ label: 'Complaint', due: 4, done: 3, reached: 2, satisfied: 2 });
    expect(byType.find((r: { key: string }) => r.key === 'repair')).toMatchObject({ due: 2, reached: 2, satisfied: 0, satisfactionRate: 0 });
    expect(byType.find((r: { key: string }) => r.key === 'plan')).toMatchObject({ label: 'Plan revisit', due: 2 });
    const byOwner = (await stats('groupBy=owner')).json().rows;
    expect(byOwner.find((r: { key: string }) => r.key === org.users['agent@A'].id)).toMatchObject({ due: 6, label: '用户rvs.agent.a' });
    const byMonth = (await stats('groupBy=month')).json().rows;
    expect(byMonth.map((r: { key: string; due: number }) => [r.key, r.due])).toEqual([['2026-03', 7], ['2026-04', 1]]);
  });

  it('keeps each caller to its sites and exports the figures with headers in the caller’s language', async () => {
    const scoped = (await stats('groupBy=site', 'agent@A')).json();
    expect(scoped.rows.map((r: { key: string }) => r.key)).toEqual([org.siteA]);
    expect(scoped.total.due).toBe(6);
    for (const [locale, header] of [['zh-CN', '回访满意率'], ['en-US', 'Satisfaction rate']]) {
      const res = await api(t.app, 'GET', `/api/v1/revisit-stats/export.xlsx?groupBy=site&locale=${locale}&from=2026-02-28T16:00:00.000Z&to=2026-04-30T16:00:00.000Z`, { bearer: org.users.supervisor.token });
      expect(res.statusCode).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const sheet = book.worksheets[0];
      expect((sheet.getRow(1).values as unknown[]).includes(header)).toBe(true);
      expect(sheet.getRow(2).getCell(2).value).toBe(6);
    }
    expect((await api(t.app, 'GET', '/api/v1/revisit-stats?groupBy=site&from=2026-04-01T00:00:00.000Z&to=2026-03-01T00:00:00.000Z', { bearer: org.users.supervisor.token })).statusCode).toBe(400);
  });
});

describe.each(DIALECTS)('demo revisits on %s', (dialect) => {
  let t: TestApp;
  afterAll(async () => t?.drop());

  it('seeds revisits for resolved and closed demo cases: satisfied and not, due, overdue and failed', async () => {
    t = await createTestApp(dialect);
    const { seedDemo } = await import('../src/server/demo/seed-demo.js');
    const demo = await seedDemo(t.db, { timezone: 'Asia/Shanghai' });
    const rows = await t.db.kysely.selectFrom('revisits').selectAll().where('org_id', '=', demo.orgId).execute();
    const now = nowIso();
    const count = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f).length;
    expect(count((r) => r.status === 'done' && r.satisfaction! >= 4)).toBeGreaterThan(10);
    expect(count((r) => r.status === 'done' && r.satisfaction! <= 3)).toBeGreaterThan(0);
    expect(count((r) => r.status === 'failed')).toBeGreaterThan(0);
    expect(count((r) => r.status === 'due' && r.deadline_at > now)).toBeGreaterThan(0);
    expect(count((r) => r.status === 'due' && r.deadline_at <= now)).toBeGreaterThan(0);
    const attempts = await t.db.kysely.selectFrom('revisit_attempts').select(['revisit_id', 'attempt_no']).where('org_id', '=', demo.orgId).execute();
    const perRevisit = new Map<string, number>();
    for (const a of attempts) perRevisit.set(a.revisit_id, Math.max(perRevisit.get(a.revisit_id) ?? 0, a.attempt_no));
    for (const r of rows) expect(perRevisit.get(r.id) ?? 0).toBe(r.attempt_count);
  }, 120_000);
});
