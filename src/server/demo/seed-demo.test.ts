import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createTestApp, login, type TestApp } from '../../../test/helpers/app.js';
import { DIALECTS } from '../../../test/helpers/db.js';
import { normalizePhone } from '../../shared/phone.js';
import { CUSTOMER_TIERS, ROLES } from '../../shared/roles.js';
import { verifyPassword } from '../lib/password.js';
import { CUSTOMER_TAGS } from './customers.js';
import { nextStatus, type CaseAction, type CaseStatus } from '../../shared/cases/state-machine.js';
import { CASE_TYPES } from '../../shared/schemas/cases.js';
import { DEFAULT_CAUSES } from '../text/default-causes.js';
import { DEMO_CASES, DEMO_CUSTOMERS, type DemoResult, seedDemo } from './seed-demo.js';

describe.each(DIALECTS)('demo data generator on %s', (dialect) => {
  let t: TestApp;
  let demo: DemoResult;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    demo = await seedDemo(t.db, { timezone: 'Asia/Shanghai' });
  });
  afterAll(async () => t?.drop());

  const orgSites = (orgId: string) => t.db.kysely.selectFrom('sites').selectAll().where('org_id', '=', orgId).execute();
  const orgCustomers = (orgId: string) => t.db.kysely.selectFrom('customers').selectAll().where('org_id', '=', orgId).orderBy('id').execute();

  it('creates the organisation with a headquarters → departments and regions → sites hierarchy', async () => {
    const org = await t.db.kysely.selectFrom('organizations').selectAll().where('id', '=', demo.orgId).executeTakeFirstOrThrow();
    expect(org).toMatchObject({ slug: 'demo', name: demo.orgName, timezone: 'Asia/Shanghai' });
    const sites = await orgSites(demo.orgId);
    const byId = new Map(sites.map((s) => [s.id, s]));
    const hq = sites.filter((s) => s.kind === 'headquarters');
    expect(hq).toHaveLength(1);
    expect(hq[0]).toMatchObject({ code: 'HQ', parent_id: null });
    const departments = sites.filter((s) => s.kind === 'department');
    expect(departments.map((d) => d.name).sort()).toEqual(['客服中心', '管理部'].sort());
    const regions = sites.filter((s) => s.kind === 'region');
    expect(regions.length).toBeGreaterThanOrEqual(2);
    for (const s of [...departments, ...regions]) expect(s.parent_id).toBe(hq[0].id);
    const estates = sites.filter((s) => s.kind === 'site');
    expect(estates.length).toBeGreaterThanOrEqual(6);
    for (const s of estates) {
      expect(byId.get(s.parent_id!)?.kind).toBe('region');
      expect(s.code).toMatch(/^[A-Z]{2}-\d{2}$/);
      expect(s.address).toMatch(/^(上海|杭州|深圳|广州)市.+区.+(路|道|街)\d+(号|弄)$/);
      expect(s.phone).toMatch(/^0\d{2,3}-6\d{7}$/);
    }
    // Estates, office towers and a shopping centre: the kinds of site the demo walks through.
    expect(estates.some((s) => /(花园|小区|苑)$/.test(s.name))).toBe(true);
    expect(estates.some((s) => /大厦$/.test(s.name))).toBe(true);
    expect(estates.some((s) => /(广场|商业中心)$/.test(s.name))).toBe(true);
  });

  it('creates staff for every role, none named admin, all sharing the demo password', async () => {
    const users = await t.db.kysely
      .selectFrom('users')
      .innerJoin('role_grants', 'role_grants.user_id', 'users.id')
      .select(['users.username', 'users.name', 'users.must_change_password', 'users.password_hash', 'users.phone', 'role_grants.role', 'role_grants.site_id'])
      .where('users.org_id', '=', demo.orgId)
      .execute();
    for (const role of ROLES) expect(users.some((u) => u.role === role), role).toBe(true);
    expect(users.map((u) => u.username)).not.toContain('admin');
    for (const u of users) {
      expect(u.must_change_password).toBe(0);
      expect(u.name).toMatch(/^\p{Script=Han}{2,4}$/u);
      expect(normalizePhone(u.phone!)).toBe(u.phone);
    }
    // One hash for all: hashing is the slow part of seeding.
    expect(new Set(users.map((u) => u.password_hash)).size).toBe(1);
    expect(await verifyPassword(users[0].password_hash, demo.password)).toBe(true);
    const orgWide = users.filter((u) => u.site_id === null).map((u) => u.role);
    expect(orgWide).toEqual(expect.arrayContaining(['admin', 'general_manager', 'specialist']));
    const sites = await orgSites(demo.orgId);
    const estates = sites.filter((s) => s.kind === 'site');
    for (const site of estates) {
      const here = users.filter((u) => u.site_id === site.id).map((u) => u.role).sort();
      expect(here).toEqual(['agent', 'agent', 'site_director', 'supervisor']);
    }
    for (const region of sites.filter((s) => s.kind === 'region')) {
      expect(users.filter((u) => u.site_id === region.id).map((u) => u.role)).toEqual(['inspector']);
    }
  });

  it('returns one representative login per role, the administrator first', () => {
    expect(demo.logins[0].username).toBe('demo.admin');
    expect(demo.logins.map((l) => /\((\w+)\)$/.exec(l.description)?.[1]).sort()).toEqual([...ROLES].sort());
    expect(demo.logins.find((l) => l.username === 'agent.sh01a')?.description).toMatch(/^客服专员 · .+ \(agent\)$/);
  });

  it('creates the default number of plausible customers', async () => {
    const customers = await orgCustomers(demo.orgId);
    expect(customers).toHaveLength(DEMO_CUSTOMERS);
    const twoYearsAgo = Date.now() - 731 * 86_400_000;
    for (const c of customers) {
      expect(c.name).toMatch(/^\p{Script=Han}{2,4}$/u);
      expect(normalizePhone(c.phone)).toBe(c.phone);
      if (c.phone2) expect(normalizePhone(c.phone2)).toBe(c.phone2);
      expect(CUSTOMER_TIERS).toContain(c.tier);
      expect(c.unit).toMatch(/^(\d+栋(\d单元)?\d{3,4}|[A-D]座\d{3,4}室|(B1|L\d)-\d{3}号商铺)$/);
      expect(c.address).toBeTruthy();
      const tags = JSON.parse(c.tags) as string[];
      expect(tags.length).toBeGreaterThan(0);
      for (const tag of tags) expect(CUSTOMER_TAGS).toContain(tag);
      const created = Date.parse(c.created_at);
      expect(created).toBeGreaterThan(twoYearsAgo);
      expect(created).toBeLessThan(Date.now());
      if (c.email) expect(c.email).toMatch(/^[a-z0-9._]+@example\.(com|net|org)$/);
    }
    expect(new Set(customers.map((c) => c.phone)).size).toBe(customers.length);
    const share = (tier: string) => customers.filter((c) => c.tier === tier).length / customers.length;
    expect(share('vip')).toBeGreaterThan(0.02);
    expect(share('vip')).toBeLessThan(0.1);
    expect(share('key')).toBeGreaterThan(0.1);
    expect(share('key')).toBeLessThan(0.22);
    expect(customers.some((c) => /^0\d{2,3}-\d{7,8}$/.test(c.phone) || /^0\d{2,3}-\d{7,8}$/.test(c.phone2 ?? ''))).toBe(true);
    for (const flag of ['consent_sms', 'consent_email', 'consent_survey'] as const) {
      expect(new Set(customers.map((c) => c[flag]))).toEqual(new Set([0, 1]));
    }
  });

  it('records the seed as one audit event with the counts', async () => {
    // (the plan generator and the cases made from communication problems audit themselves too)
    const events = await t.db.kysely.selectFrom('audit_events').selectAll().where('org_id', '=', demo.orgId).where('entity', '=', 'organization').execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'seed', entity: 'organization', entity_id: demo.orgId, actor_id: null });
    expect(JSON.parse(events[0].after!)).toMatchObject({ customers: DEMO_CUSTOMERS, sites: 13, users: 38, cases: expect.any(Number) });
  });

  it('seeds revisit plans with done, due and overdue revisits, and communication records whose problems partly became cases', async () => {
    const db = t.db.kysely;
    const plans = await db.selectFrom('revisit_plans').selectAll().where('org_id', '=', demo.orgId).execute();
    expect(plans.some((p) => p.tier === 'vip' && p.site_id === null)).toBe(true);
    expect(plans.some((p) => p.tier === 'key' && p.cadence === 'quarterly')).toBe(true);
    expect(plans.some((p) => p.customer_id !== null)).toBe(true);
    const revisits = await db.selectFrom('revisits').selectAll().where('org_id', '=', demo.orgId).where('kind', '=', 'plan').execute();
    const now = new Date().toISOString();
    expect(revisits.filter((r) => r.status === 'done').length).toBeGreaterThan(10);
    expect(revisits.some((r) => r.status === 'due' && r.deadline_at < now)).toBe(true);
    expect(revisits.some((r) => r.status === 'due' && r.deadline_at >= now)).toBe(true);
    const records = await db.selectFrom('communication_records').selectAll().where('org_id', '=', demo.orgId).execute();
    expect(records.filter((r) => r.revisit_id !== null).length).toBe(revisits.filter((r) => r.status === 'done').length);
    expect(records.some((r) => r.revisit_id === null)).toBe(true);
    const problems = await db.selectFrom('communication_problems').selectAll().where('org_id', '=', demo.orgId).execute();
    const linked = problems.filter((p) => p.case_id);
    expect(linked.length).toBeGreaterThan(0);
    expect(linked.length).toBeLessThan(problems.length);
    const cases = await db.selectFrom('cases').select(['channel', 'customer_id']).where('id', 'in', linked.map((p) => p.case_id!)).execute();
    expect(cases.every((c) => (c.channel === 'visit' || c.channel === 'revisit') && c.customer_id)).toBe(true);
  });

  it('seeds the published SERVQUAL survey with two half-year campaigns on every site, realistic gaps per site, and a few follow-up cases', async () => {
    const db = t.db.kysely;
    const surveys = await db.selectFrom('surveys').selectAll().where('org_id', '=', demo.orgId).execute();
    expect(surveys.map((s) => [s.template, s.status])).toEqual([['servqual', 'published']]);
    const campaigns = await db.selectFrom('survey_campaigns').select(['id', 'starts_on', 'ends_on']).where('org_id', '=', demo.orgId).orderBy('starts_on').execute();
    expect(campaigns.map((c) => [c.starts_on, c.ends_on])).toEqual([['2025-07-01', '2025-12-31'], ['2026-01-01', '2026-06-30']]);
    const sites = await db.selectFrom('sites').select('id').where('org_id', '=', demo.orgId).where('kind', '=', 'site').execute();
    const responses = await db.selectFrom('survey_responses').selectAll().where('org_id', '=', demo.orgId).execute();
    for (const c of campaigns) {
      const inside = responses.filter((r) => r.campaign_id === c.id);
      expect(new Set(inside.map((r) => r.site_id)).size).toBe(sites.length);
      for (const r of inside) expect(r.submitted_at.slice(0, 10) >= c.starts_on && r.submitted_at.slice(0, 10) <= c.ends_on).toBe(true);
    }
    const answers = await db.selectFrom('survey_answers').select(['response_id', 'site_id', 'kind', 'num', 'text', 'dimension']).where('org_id', '=', demo.orgId).execute();
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const expectations = answers.filter((a) => a.kind === 'expectation').map((a) => a.num!);
    const perceptions = answers.filter((a) => a.kind === 'perception').map((a) => a.num!);
    expect(expectations.every((n) => n >= 5)).toBe(true);
    expect(avg(expectations)).toBeGreaterThan(6);
    expect(avg(perceptions)).toBeLessThan(avg(expectations) - 0.5);
    // allocations sum to 100 in every response, reliability weighted most on average
    const allocations = new Map<string, number>();
    for (const a of answers.filter((x) => x.kind === 'allocation')) allocations.set(a.response_id, (allocations.get(a.response_id) ?? 0) + a.num!);
    expect(allocations.size).toBe(responses.length);
    expect([...allocations.values()].every((n) => n === 100)).toBe(true);
    const weight = (d: string) => avg(answers.filter((a) => a.kind === 'allocation' && a.dimension === d).map((a) => a.num!));
    for (const d of ['tangibles', 'responsiveness', 'assurance', 'empathy']) expect(weight('reliability')).toBeGreaterThan(weight(d));
    // some sites do better on reliability than on responsiveness, others the other way round
    const gap = (siteId: string, d: string) => avg(answers.filter((a) => a.site_id === siteId && a.dimension === d && (a.kind === 'perception' || a.kind === 'expectation')).map((a) => (a.kind === 'perception' ? a.num! : -a.num!))) * 2;
    const leaning = sites.map((s) => gap(s.id, 'reliability') - gap(s.id, 'responsiveness'));
    expect(leaning.some((x) => x > 0.5)).toBe(true);
    expect(leaning.some((x) => x < -0.5)).toBe(true);
    expect(answers.some((a) => a.kind === 'text' && /\p{Script=Han}/u.test(a.text ?? ''))).toBe(true);
    const followUps = await db.selectFrom('survey_follow_ups as f').innerJoin('cases', 'cases.id', 'f.case_id').select(['cases.channel', 'f.question_key']).where('f.org_id', '=', demo.orgId).execute();
    expect(followUps.length).toBeGreaterThan(0);
    expect(followUps.every((f) => f.channel === 'survey' && f.question_key === 'overall')).toBe(true);
  });

  it('refuses to seed a slug twice and writes nothing', async () => {
    await expect(seedDemo(t.db, { timezone: 'Asia/Shanghai' })).rejects.toThrow('Organisation "demo" already exists');
    const orgs = await t.db.kysely.selectFrom('organizations').select('id').execute();
    expect(orgs).toHaveLength(1);
  });

  it('lets a demo agent sign in and see only the customers of their site', async () => {
    const auth = await login(t.app, 'agent.sh01a', demo.password);
    const res = await api(t.app, 'GET', '/api/v1/customers?pageSize=200', auth);
    expect(res.statusCode).toBe(200);
    const page = res.json();
    const site = (await orgSites(demo.orgId)).find((s) => s.code === 'SH-01')!;
    const expected = (await orgCustomers(demo.orgId)).filter((c) => c.site_id === site.id).length;
    expect(page.total).toBe(expected);
    expect(new Set(page.items.map((c: { siteId: string }) => c.siteId))).toEqual(new Set([site.id]));
  });

  it('is deterministic: the same seed gives the same people, a larger run extends a smaller one', async () => {
    // Another slug, same (default) seed: usernames carry the slug, everything else repeats.
    const again = await seedDemo(t.db, { timezone: 'Asia/Shanghai', slug: 'demo-b', customers: 50, cases: 60 });
    expect(again.logins[0].username).toBe('demo-b.admin');
    expect(again.logins[1].username).toBe('gm.demo-b');
    expect(again.orgName).toBe(`${demo.orgName}（demo-b）`);
    const names = async (orgId: string) => ({
      // The headquarters is named after the organisation, which carries a slug other than the default.
      sites: (await orgSites(orgId)).map((s) => `${s.code} ${s.kind === 'headquarters' ? '' : s.name} ${s.address} ${s.phone}`).sort(),
      staff: (await t.db.kysely.selectFrom('users').select(['name', 'phone']).where('org_id', '=', orgId).orderBy('name').orderBy('phone').execute()).map((u) => `${u.name} ${u.phone}`),
      customers: (await orgCustomers(orgId)).map((c) => `${c.name} ${c.phone} ${c.unit} ${c.tags} ${c.tier}`),
    });
    const first = await names(demo.orgId);
    const second = await names(again.orgId);
    expect(second.sites).toEqual(first.sites);
    expect(second.staff).toEqual(first.staff);
    expect(second.customers).toHaveLength(50);
    expect(second.customers).toEqual(first.customers.slice(0, 50));

    const other = await seedDemo(t.db, { timezone: 'Asia/Hong_Kong', slug: 'demo-c', customers: 50, cases: 60, seed: 7 });
    const third = await names(other.orgId);
    expect(third.customers).not.toEqual(second.customers);
  });

  it('creates months of cases of every type whose histories follow the lifecycle', async () => {
    const fromRecords = new Set((await t.db.kysely.selectFrom('communication_problems').select('case_id').where('org_id', '=', demo.orgId).where('case_id', 'is not', null).execute()).map((p) => p.case_id));
    const cases = (await t.db.kysely.selectFrom('cases').selectAll().where('org_id', '=', demo.orgId).execute()).filter((c) => !fromRecords.has(c.id));
    // A few planned on today's date later than now are skipped.
    expect(cases.length).toBeGreaterThan(DEMO_CASES * 0.95);
    expect(cases.length).toBeLessThanOrEqual(DEMO_CASES);
    for (const type of CASE_TYPES) expect(cases.some((c) => c.type === type), type).toBe(true);
    expect(new Set(cases.map((c) => c.number)).size).toBe(cases.length);
    const events = await t.db.kysely.selectFrom('case_events').selectAll().where('org_id', '=', demo.orgId).orderBy('created_at').orderBy('id').execute();
    const byCase = new Map<string, typeof events>();
    for (const e of events) byCase.set(e.case_id, [...(byCase.get(e.case_id) ?? []), e]);
    const now = Date.now();
    for (const c of cases) {
      const history = byCase.get(c.id) ?? [];
      expect(history[0]?.kind).toBe('created');
      // Replaying the transitions through the state machine ends in the stored status.
      let status: CaseStatus = 'new';
      let owned = false;
      for (const e of history.filter((e) => e.kind === 'transition')) {
        if (e.action === 'assign') owned = true;
        const to = nextStatus(status, e.action as CaseAction, { hasAssignee: owned });
        expect(to, `${c.number}: ${status} → ${e.action}`).toBe(e.to_status);
        status = to!;
      }
      expect(status, c.number).toBe(c.status);
      for (const e of history) expect(Date.parse(e.created_at)).toBeLessThanOrEqual(now);
      if (c.status === 'closed') expect(c.closed_at).not.toBeNull();
    }
    const share = (pred: (c: (typeof cases)[number]) => boolean) => cases.filter(pred).length / cases.length;
    // Most finished; some late; a few reopened; complaints and repairs coded to default causes.
    expect(share((c) => c.status === 'closed')).toBeGreaterThan(0.6);
    expect(share((c) => c.resolved_at !== null && c.resolution_due_at !== null && c.resolved_at > c.resolution_due_at)).toBeGreaterThan(0.03);
    expect(cases.some((c) => c.reopen_count > 0)).toBe(true);
    expect(cases.some((c) => ['new', 'assigned', 'in_progress'].includes(c.status))).toBe(true);
    const codes = new Set(DEFAULT_CAUSES.map((d) => d.code));
    const coded = cases.filter((c) => c.cause_code);
    expect(coded.length).toBeGreaterThan(cases.length * 0.2);
    for (const c of coded) expect(codes.has(c.cause_code!), c.cause_code!).toBe(true);
    // Every case sits on the dissatisfaction ladder as the live code would place it; complaints at the top.
    for (const c of cases.filter((c) => c.type === 'complaint')) expect(c.stage).toBe('complaint');
    expect(cases.some((c) => c.type !== 'complaint' && c.stage !== 'none')).toBe(true);
  });

  it('records service recoveries on complaints whose cause lies with the organisation', async () => {
    const rows = await t.db.kysely
      .selectFrom('case_recoveries')
      .innerJoin('cases', 'cases.id', 'case_recoveries.case_id')
      .select(['cases.type', 'cases.cause_code', 'case_recoveries.attribution_class', 'case_recoveries.compensation_type', 'case_recoveries.compensation_amount_fen', 'case_recoveries.recovery_minutes', 'case_recoveries.explanation_given_at', 'cases.created_at'])
      .where('case_recoveries.org_id', '=', demo.orgId)
      .execute();
    expect(rows.length).toBeGreaterThan(20);
    const classOf = new Map(DEFAULT_CAUSES.map((d) => [d.code, d.attributionClass]));
    for (const r of rows) {
      expect(r.type).toBe('complaint');
      expect(r.attribution_class).toBe(classOf.get(r.cause_code!));
      expect(r.recovery_minutes).toBeGreaterThanOrEqual(0);
      expect(r.explanation_given_at! >= r.created_at).toBe(true);
      if (r.compensation_type === 'none') expect(r.compensation_amount_fen).toBe(0);
      else expect(r.compensation_amount_fen).toBeGreaterThan(0);
    }
    expect(rows.some((r) => r.compensation_type !== 'none')).toBe(true);
  });

  it('indexes demo cases for search and numbers the next case after them', async () => {
    const auth = await login(t.app, 'specialist1', demo.password);
    const res = await api(t.app, 'GET', `/api/v1/cases?q=${encodeURIComponent('漏水')}&pageSize=5`, auth);
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBeGreaterThan(20);
    const site = (await orgSites(demo.orgId)).find((s) => s.code === 'SH-01')!;
    const created = await api(t.app, 'POST', '/api/v1/cases', auth, { type: 'inquiry', channel: 'phone', siteId: site.id, title: '咨询停车月卡', description: '请问月卡怎么办理' });
    expect(created.statusCode).toBe(201);
    const todays = await t.db.kysely.selectFrom('cases').select('number').where('org_id', '=', demo.orgId).where('number', 'like', `${created.json().number.slice(0, 12)}%`).execute();
    expect(new Set(todays.map((c) => c.number)).size).toBe(todays.length);
  });
});
