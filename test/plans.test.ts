import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/server/db/database.js';
import { newId } from '../src/server/lib/ids.js';
import { announceOverduePlanRevisits, generatePlanRevisits } from '../src/server/modules/plans/plans.generate.js';
import { addDays, localDate, occurrence } from '../src/shared/revisits/cadence.js';
import { api, createTestApp, type TestApp } from './helpers/app.js';
import { DIALECTS } from './helpers/db.js';
import { createOrgFixture, insertCustomer, type OrgFixture } from './helpers/factories.js';

const DAY = 86_400_000;
const TZ = 'Asia/Shanghai';

interface Plan {
  id: string;
  siteId: string | null;
  customerId: string | null;
  customerName: string | null;
  tier: string | null;
  active: boolean;
  nextDue: { date: string; period: string }[];
  version: number;
}

describe.each(DIALECTS)('VIP revisit plans on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  const as = (key: string) => ({ bearer: org.users[key].token });
  const today = () => localDate(new Date(), TZ);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    org = await createOrgFixture(t.db, 'plan');
  });
  afterAll(async () => t?.drop());

  const create = (body: Record<string, unknown>, who = 'specialist') =>
    api(t.app, 'POST', '/api/v1/revisit-plans', as(who), { name: 'VIP月度回访', cadence: 'monthly', channel: 'phone', ownerId: org.users['agent@A'].id, startDate: today(), ...body });
  /** Backdates a plan so that the generator may make its past occurrences (it never goes before the plan existed). */
  const backdate = (id: string) => t.db.kysely.updateTable('revisit_plans').set({ created_at: new Date(Date.now() - 400 * DAY).toISOString() }).where('id', '=', id).execute();
  const revisitsOf = (planId: string) => t.db.kysely.selectFrom('revisits').selectAll().where('plan_id', '=', planId).orderBy('due_at').orderBy('customer_id').execute();

  it('creates a plan for one customer on the customer’s site, with its next due dates', async () => {
    const start = addDays(today(), 3);
    const res = await create({ customerId: org.customerA, startDate: start, note: '业主委员会主任' });
    expect(res.statusCode, res.body).toBe(201);
    const plan: Plan = res.json();
    expect(plan.siteId).toBe(org.siteA);
    expect(plan.customerName).toBe('王建国');
    expect(plan.nextDue.map((d) => d.date)).toEqual([0, 1, 2].map((n) => occurrence(start, 'monthly', n)));
    // Without customers.pii the name is masked.
    const inspector = await api(t.app, 'GET', `/api/v1/revisit-plans/${plan.id}`, as('inspector'));
    expect(inspector.statusCode).toBe(200);
    expect(inspector.json().customerName).not.toBe('王建国');
    const audit = await t.db.kysely.selectFrom('audit_events').selectAll().where('entity_id', '=', plan.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['create']);
  });

  it('refuses a plan for both or neither of customer and tier, a bad date, and an owner who cannot make revisits there', async () => {
    expect((await create({ customerId: org.customerA, tier: 'vip' })).statusCode).toBe(400);
    expect((await create({})).statusCode).toBe(400);
    expect((await create({ tier: 'vip', startDate: '2026-02-30' })).statusCode).toBe(400);
    const inspectorOwner = await create({ tier: 'vip', siteId: org.siteA, ownerId: org.users.inspector.id });
    expect(inspectorOwner.statusCode).toBe(400);
    expect(inspectorOwner.json().error.details[0]).toMatchObject({ path: 'ownerId', message: 'not_assignable' });
    // agent@A works estate A only: not an owner for estate B's customers
    const elsewhere = await create({ customerId: org.customerB });
    expect(elsewhere.json().error.details[0]).toMatchObject({ path: 'ownerId', message: 'not_assignable' });
    // a supervisor of estate A cannot make an organisation-wide plan, nor plan estate B
    expect((await create({ tier: 'vip' }, 'supervisor@A')).json().error.details[0]).toMatchObject({ path: 'siteId', message: 'required' });
    expect((await create({ tier: 'vip', siteId: org.siteB }, 'supervisor@A')).json().error.details[0]).toMatchObject({ path: 'siteId', message: 'not_found' });
    expect((await create({ tier: 'vip', siteId: org.siteA }, 'agent@A')).statusCode).toBe(403);
  });

  it('lists plans of the caller’s sites and the organisation-wide ones', async () => {
    const onB = (await create({ tier: 'key', siteId: org.siteB, ownerId: org.users.specialist.id, name: '世纪大厦重点客户季度拜访', cadence: 'quarterly', channel: 'visit' })).json() as Plan;
    const orgWide = (await create({ tier: 'vip', ownerId: org.users.specialist.id, name: '全集团VIP半年回访', cadence: 'half_yearly' })).json() as Plan;
    const ids = async (who: string, query = '') => ((await api(t.app, 'GET', `/api/v1/revisit-plans?pageSize=200${query}`, as(who))).json().items as Plan[]).map((p) => p.id);
    expect(await ids('specialist')).toEqual(expect.arrayContaining([onB.id, orgWide.id]));
    expect(await ids('agent@A')).toContain(orgWide.id);
    expect(await ids('agent@A')).not.toContain(onB.id);
    expect(await ids('specialist', `&cadence=quarterly`)).toEqual([onB.id]);
    // the plans reaching a customer: their own and their tier's on their site or above
    await t.db.kysely.updateTable('customers').set({ tier: 'key' }).where('id', '=', org.customerB).execute();
    const reachingB = await ids('specialist', `&forCustomerId=${org.customerB}`);
    expect(reachingB).toContain(onB.id);
    expect(reachingB).not.toContain(orgWide.id);
    expect(await ids('agent@A', `&forCustomerId=${org.customerB}`)).toEqual([]);
    expect((await api(t.app, 'GET', `/api/v1/revisit-plans/${onB.id}`, as('agent@A'))).statusCode).toBe(404);
  });

  it('changes a plan with its version, refuses a stale one, and stops it withdrawing the revisits not yet due', async () => {
    const plan = (await create({ tier: 'vip', siteId: org.siteA, name: '阳光花园VIP周访', cadence: 'weekly', startDate: today() })).json() as Plan;
    await backdate(plan.id);
    const first = await generatePlanRevisits(t.db, new Date(), { orgId: org.orgId });
    expect(first.revisits).toBeGreaterThan(0);
    const stale = await api(t.app, 'PATCH', `/api/v1/revisit-plans/${plan.id}`, as('specialist'), { name: '改名', version: plan.version + 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_version');
    const tierOnCustomerPlan = await api(t.app, 'PATCH', `/api/v1/revisit-plans/${(await create({ customerId: org.customerA })).json().id}`, as('specialist'), { tier: 'key', version: 1 });
    expect(tierOnCustomerPlan.statusCode).toBe(400);
    const renamed = await api(t.app, 'PATCH', `/api/v1/revisit-plans/${plan.id}`, as('specialist'), { name: '阳光花园VIP每周回访', ownerId: org.users['supervisor@A'].id, version: plan.version });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().version).toBe(plan.version + 1);
    const open = await revisitsOf(plan.id);
    expect(open.every((r) => r.owner_id === org.users['supervisor@A'].id)).toBe(true);
    const future = open.filter((r) => r.due_at > new Date().toISOString());
    const stopped = await api(t.app, 'POST', `/api/v1/revisit-plans/${plan.id}/deactivate`, as('specialist'), { version: plan.version + 1 });
    expect(stopped.statusCode, stopped.body).toBe(200);
    expect(stopped.json()).toMatchObject({ active: false, nextDue: [] });
    const left = await revisitsOf(plan.id);
    expect(left.length).toBe(open.length - future.length);
    await generatePlanRevisits(t.db, new Date(), { orgId: org.orgId });
    expect(await revisitsOf(plan.id)).toHaveLength(left.length);
  });

  describe('generation', () => {
    let other: OrgFixture;
    beforeAll(async () => {
      // Its own organisation so the counts are exact.
      other = await createOrgFixture(t.db, 'gen');
    });
    const plan = async (fields: Record<string, unknown>) => {
      const res = await api(t.app, 'POST', '/api/v1/revisit-plans', { bearer: other.users.specialist.token }, { name: '计划', cadence: 'monthly', channel: 'phone', ownerId: other.users['agent@A'].id, ...fields });
      expect(res.statusCode, res.body).toBe(201);
      await backdate(res.json().id);
      return res.json() as Plan;
    };

    it('makes the revisits due within the horizon for every live customer of the tier below the plan’s site, once', async () => {
      const db = t.db.kysely;
      const vipA = await insertCustomer(t.db, other.orgId, other.siteA, '赵VIP', '13800001111');
      const vipB = await insertCustomer(t.db, other.orgId, other.siteB, '钱VIP', '13800002222');
      const gone = await insertCustomer(t.db, other.orgId, other.siteA, '孙已删', '13800003333');
      await db.updateTable('customers').set({ tier: 'vip' }).where('id', 'in', [vipA, vipB, gone]).execute();
      await db.updateTable('customers').set({ deleted_at: new Date().toISOString() }).where('id', '=', gone).execute();
      // 2026-03-01 10:00 in Shanghai; a monthly plan on the 5th, a weekly one from 20 Feb
      const now = new Date('2026-03-01T02:00:00Z');
      const monthly = await plan({ tier: 'vip', siteId: other.regionId, startDate: '2025-12-05', ownerId: other.users.specialist.id });
      const onA = await plan({ tier: 'vip', siteId: other.siteA, startDate: '2026-02-20', cadence: 'weekly' });
      const late = await plan({ customerId: other.customerA, startDate: '2026-03-20' });

      const result = await generatePlanRevisits(t.db, now, { orgId: other.orgId });
      const monthlyRows = await revisitsOf(monthly.id);
      // 5 March is within 7 days; 5 Feb is more than the catch-up week ago
      expect(monthlyRows.map((r) => [r.customer_id, r.plan_period])).toEqual(expect.arrayContaining([[vipA, '2026-03'], [vipB, '2026-03']]));
      expect(monthlyRows).toHaveLength(2);
      expect(monthlyRows[0]).toMatchObject({ kind: 'plan', status: 'due', owner_id: other.users.specialist.id, channel: 'phone', due_at: '2026-03-05T01:00:00.000Z', deadline_at: '2026-03-08T15:59:59.000Z' });
      // weekly on estate A: 27 Feb (catch-up) and 6 March; estate B's VIP is not covered
      const weekly = await revisitsOf(onA.id);
      expect(weekly.map((r) => [r.customer_id, r.plan_period])).toEqual([
        [vipA, '2026-W09'],
        [vipA, '2026-W10'],
      ]);
      expect(await revisitsOf(late.id)).toEqual([]);
      expect(result.revisits).toBe(4);
      // the round is audited per plan
      const audit = await db.selectFrom('audit_events').selectAll().where('entity_id', '=', monthly.id).where('action', '=', 'generate').execute();
      expect(JSON.parse(audit[0].after!)).toEqual({ periods: ['2026-03'], revisits: 2 });

      // Again: nothing new. A week later the next ones come.
      expect((await generatePlanRevisits(t.db, now, { orgId: other.orgId })).revisits).toBe(0);
      const later = await generatePlanRevisits(t.db, new Date(now.getTime() + 14 * DAY), { orgId: other.orgId });
      expect(later.revisits).toBe(2 + 1); // weekly 13 and 20 March, the customer plan's 20 March
      expect((await revisitsOf(late.id)).map((r) => r.plan_period)).toEqual(['2026-03']);
    });

    it('announces each overdue plan revisit once to the site’s supervisors and its owner', async () => {
      const notes = () => t.db.kysely.selectFrom('notifications').selectAll().where('org_id', '=', other.orgId).where('kind', '=', 'revisit_overdue').execute();
      const before = (await notes()).length;
      const first = await announceOverduePlanRevisits(t.db, new Date('2026-04-30T00:00:00Z'));
      expect(first.announced).toBeGreaterThan(0);
      const told = await notes();
      const onA = await t.db.kysely.selectFrom('revisits').select(['id', 'owner_id']).where('org_id', '=', other.orgId).where('site_id', '=', other.siteA).where('kind', '=', 'plan').executeTakeFirstOrThrow();
      const about = told.filter((n) => JSON.parse(n.data).revisitId === onA.id).map((n) => n.user_id).sort();
      expect(about).toEqual([other.users.supervisor.id, other.users['supervisor@A'].id, onA.owner_id!].sort());
      expect(told.length - before).toBeGreaterThanOrEqual(first.announced * 2);
      expect((await announceOverduePlanRevisits(t.db, new Date('2026-04-30T00:00:00Z'))).announced).toBe(0);
      expect((await notes()).length).toBe(told.length);
    });
  });

  it('counts the overdue plan revisits of the caller’s sites for the workbench', async () => {
    const p = (await create({ customerId: org.customerA, startDate: addDays(today(), -20), name: '逾期测试' })).json() as Plan;
    await backdate(p.id);
    await generatePlanRevisits(t.db, new Date(Date.now() - 16 * DAY), { orgId: org.orgId });
    const a = await api(t.app, 'GET', '/api/v1/revisit-plans/summary', as('supervisor@A'));
    expect(a.statusCode).toBe(200);
    expect(a.json().overdue).toBeGreaterThanOrEqual(1);
    const onB = await api(t.app, 'GET', '/api/v1/revisit-plans/summary', as('supervisor@A'.replace('@A', '')));
    expect(onB.json().overdue).toBeGreaterThanOrEqual(a.json().overdue);
    expect((await api(t.app, 'GET', '/api/v1/revisit-plans/summary', as('admin'))).statusCode).toBe(200);
  });

  // PostgreSQL only: SQLite has one writer, so two connections cannot race there.
  if (dialect === 'postgres') it('two instances generating at once on two connections write each revisit once', async () => {
    const fixture = await createOrgFixture(t.db, 'twin');
    const ids: string[] = [];
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      id: (ids[i] = newId()),
      org_id: fixture.orgId,
      site_id: i % 2 ? fixture.siteA : fixture.siteB,
      name: `客户${i}`,
      phone: `139${String(i).padStart(8, '0')}`,
      tier: 'vip',
      tags: '[]',
      consent_sms: 0,
      consent_email: 0,
      consent_survey: 0,
      stage: 'none',
      version: 1,
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
    }));
    for (let i = 0; i < rows.length; i += 500) await t.db.kysely.insertInto('customers').values(rows.slice(i, i + 500)).execute();
    const res = await api(t.app, 'POST', '/api/v1/revisit-plans', { bearer: fixture.users.specialist.token }, { name: '双实例', tier: 'vip', cadence: 'weekly', channel: 'phone', ownerId: fixture.users.specialist.id, startDate: '2026-01-05' });
    await backdate(res.json().id);
    const second = openDatabase({ dialect: 'postgres', url: t.url }, { poolSize: 3 });
    try {
      const now = new Date('2026-03-04T02:00:00Z');
      const [x, y] = await Promise.all([generatePlanRevisits(t.db, now, { orgId: fixture.orgId }), generatePlanRevisits(second, now, { orgId: fixture.orgId })]);
      const made = await revisitsOf(res.json().id);
      // 25 Feb … 11 March holds 2 and 9 March (weeks 10 and 11) for each of the 3,000 VIP customers (the fixture's two are ordinary)
      expect(made).toHaveLength(3000 * 2);
      expect(x.revisits + y.revisits).toBe(made.length);
      expect(new Set(made.map((r) => `${r.customer_id}/${r.plan_period}`)).size).toBe(made.length);
    } finally {
      await second.close();
    }
  });
});
