import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, nowIso } from '../src/server/lib/ids.js';
import { api, createTestApp, login, type Auth, type TestApp } from './helpers/app.js';
import { DIALECTS } from './helpers/db.js';
import { createOrgFixture, type OrgFixture, TEST_PASSWORD } from './helpers/factories.js';

/**
 * Random JSON at every write route: the answer is always a 4xx with the error shape (or a 2xx
 * when the random body happens to be valid), never a 500, and a refused request writes nothing.
 */

const TABLES = ['organizations', 'sites', 'users', 'role_grants', 'customers', 'api_tokens', 'audit_events', 'cause_codes', 'cause_models', 'cases', 'case_events', 'case_attachments', 'portal_case_tokens', 'saved_views', 'sla_policies', 'business_calendars', 'calendar_days', 'notifications', 'case_recoveries', 'compensation_limits', 'satisfaction_scores', 'revisit_plans', 'revisits', 'communication_records', 'communication_problems'] as const;

/** Every table's rows, except bookkeeping that reads update by design (a token's last use). */
async function snapshot(t: TestApp): Promise<Record<string, string>> {
  const tables: Record<string, string> = {};
  for (const table of TABLES) {
    // Sorted here rather than by id: cause_models is keyed by org_id.
    const rows = await t.db.kysely.selectFrom(table).selectAll().execute();
    tables[table] = JSON.stringify(rows.map((r) => JSON.stringify({ ...r, last_used_at: undefined })).sort());
  }
  return tables;
}

function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return TABLES.filter((table) => before[table] !== after[table]);
}

/** Values of every JSON type, including deep and odd ones (huge numbers, unicode, nulls). */
const anyJson = fc.jsonValue({ maxDepth: 3 });

/** Objects that use the route's real field names with random values: they reach deeper validation than arbitrary keys. */
function fieldsOf(keys: string[]) {
  return fc.dictionary(fc.constantFrom(...keys), anyJson, { maxKeys: keys.length });
}

type Fixture = OrgFixture & { caseA?: string; causeA?: string; viewA?: string; policyA?: string; notificationA?: string; portal?: { number: string; token: string }; planA?: string; recordA?: string; problemA?: string };

interface WriteRoute {
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: (o: Fixture, id: string) => string;
  keys: string[];
  /** who sends the random requests (the administrator unless named: a role that may reach the route's rules) */
  as?: string;
}

const writeRoutes: WriteRoute[] = [
  { method: 'POST', url: () => '/api/v1/auth/login', keys: ['username', 'password'] },
  { method: 'POST', url: () => '/api/v1/auth/password', keys: ['currentPassword', 'newPassword'] },
  { method: 'PATCH', url: () => '/api/v1/me', keys: ['locale'] },
  { method: 'PATCH', url: () => '/api/v1/organization', keys: ['name', 'slug', 'timezone'] },
  { method: 'POST', url: () => '/api/v1/sites', keys: ['name', 'code', 'parentId', 'kind', 'address', 'phone'] },
  { method: 'PATCH', url: (o, id) => `/api/v1/sites/${id || o.siteA}`, keys: ['name', 'code', 'parentId', 'kind', 'active', 'version'] },
  { method: 'POST', url: () => '/api/v1/users', keys: ['username', 'name', 'password', 'roles', 'phone', 'email', 'locale'] },
  { method: 'PATCH', url: (o, id) => `/api/v1/users/${id || o.users['agent@A'].id}`, keys: ['name', 'roles', 'active', 'password', 'unlock', 'version', 'email'] },
  { method: 'POST', url: () => '/api/v1/customers', keys: ['name', 'phone', 'siteId', 'tier', 'unit', 'tags', 'consent', 'email'] },
  { method: 'PATCH', url: (o, id) => `/api/v1/customers/${id || o.customerA}`, keys: ['name', 'phone', 'siteId', 'tier', 'tags', 'consent', 'version'] },
  { method: 'DELETE', url: (o, id) => `/api/v1/customers/${id || o.customerA}`, keys: [] },
  { method: 'POST', url: () => '/api/v1/tokens', keys: ['name', 'userId'] },
  { method: 'POST', url: () => '/api/v1/cases', keys: ['type', 'channel', 'siteId', 'priority', 'customerId', 'customer', 'title', 'description'] },
  { method: 'POST', url: (o, id) => `/api/v1/cases/${id || o.caseA}/transitions`, keys: ['action', 'assigneeId', 'intoCaseId', 'note', 'version'] },
  { method: 'POST', url: () => '/api/v1/cause-codes', keys: ['code', 'name', 'attributionClass', 'keywords', 'sortOrder'] },
  { method: 'PATCH', url: (o, id) => `/api/v1/cause-codes/${id || o.causeA}`, keys: ['name', 'attributionClass', 'keywords', 'active', 'sortOrder', 'version'] },
  { method: 'PUT', url: (o, id) => `/api/v1/cases/${id || o.caseA}/cause`, keys: ['causeCode', 'version'] },
  { method: 'PUT', url: () => '/api/v1/sla-policies', keys: ['siteId', 'policies'] },
  { method: 'DELETE', url: (o, id) => `/api/v1/sla-policies/${id || o.policyA}`, keys: [] },
  { method: 'PUT', url: () => '/api/v1/business-calendar', keys: ['version', 'weeklyHours', 'holidays', 'makeUpDays'] },
  { method: 'POST', url: (o, id) => `/api/v1/notifications/${id || o.notificationA}/read`, keys: [] },
  { method: 'POST', url: () => '/api/v1/notifications/read-all', keys: [] },
  { method: 'POST', url: () => '/api/v1/cases/bulk-assign', keys: ['cases', 'assigneeId'] },
  { method: 'POST', url: () => '/api/v1/saved-views', keys: ['name', 'query'] },
  { method: 'PATCH', url: (o, id) => `/api/v1/saved-views/${id || o.viewA}`, keys: ['name', 'query', 'position'] },
  { method: 'DELETE', url: (o, id) => `/api/v1/saved-views/${id || o.viewA}`, keys: [] },
  // The public portal: no credentials needed, the ones sent are ignored.
  { method: 'POST', url: (o, id) => `/api/v1/portal/${id || o.slug}/cases`, keys: ['type', 'siteId', 'siteCode', 'name', 'phone', 'title', 'description', 'consent', 'website'] },
  { method: 'POST', url: (o, id) => `/api/v1/portal/cases/${id || o.portal?.number}/replies?token=${o.portal?.token}`, keys: ['body'] },
  { method: 'PUT', url: (o, id) => `/api/v1/cases/${id || o.caseA}/recovery`, keys: ['attributionClass', 'failureReportedAt', 'explanation', 'compensation', 'version'] },
  { method: 'POST', url: (o, id) => `/api/v1/cases/${id || o.caseA}/recovery/approve`, keys: ['note', 'version'] },
  { method: 'POST', url: (o, id) => `/api/v1/cases/${id || o.caseA}/recovery/reject`, keys: ['note', 'version'] },
  { method: 'PUT', url: () => '/api/v1/compensation-limits', keys: ['limits'] },
  { method: 'POST', url: () => '/api/v1/revisit-plans', keys: ['customerId', 'tier', 'siteId', 'name', 'cadence', 'channel', 'ownerId', 'startDate', 'note'], as: 'specialist' },
  { method: 'PATCH', url: (o, id) => `/api/v1/revisit-plans/${id || o.planA}`, keys: ['name', 'tier', 'siteId', 'cadence', 'channel', 'ownerId', 'startDate', 'note', 'active', 'version'], as: 'specialist' },
  { method: 'POST', url: (o, id) => `/api/v1/revisit-plans/${id || o.planA}/deactivate`, keys: ['version'], as: 'specialist' },
  { method: 'POST', url: () => '/api/v1/communication-records', keys: ['customerId', 'revisitId', 'channel', 'occurredAt', 'staffId', 'topics', 'opinion', 'problems'], as: 'agent@A' },
  { method: 'POST', url: (o, id) => `/api/v1/communication-records/${id || o.recordA}/problems/${o.problemA}/case`, keys: ['type', 'priority', 'title'], as: 'agent@A' },
  { method: 'DELETE', url: (_o, id) => `/api/v1/tokens/${id || '00000000-0000-7000-8000-000000000000'}`, keys: [] },
];

/** Path ids: the real one (''), garbage, or a well-formed id that exists nowhere. */
const pathId = fc.oneof(fc.constant(''), fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent), fc.uuid({ version: 7 }));

describe.each(DIALECTS)('bad input on %s', (dialect) => {
  let t: TestApp;
  let org: Fixture;
  let session: Auth;

  beforeAll(async () => {
    t = await createTestApp(dialect, { loginRateLimitPerMinute: 10_000, portalCreateRateLimitPerMinute: 10_000, portalRateLimitPerMinute: 10_000 });
    org = await createOrgFixture(t.db, 'fz');
    const created = await api(t.app, 'POST', '/api/v1/cases', { bearer: org.users.supervisor.token }, { type: 'complaint', channel: 'phone', siteId: org.siteA, title: '保安态度差', description: '门岗保安说话很冲' });
    org.caseA = created.json().id;
    const causes = await api(t.app, 'GET', '/api/v1/cause-codes', { bearer: org.users.admin.token });
    org.causeA = causes.json().items[0].id;
    const policies = await api(t.app, 'PUT', '/api/v1/sla-policies', { bearer: org.users.admin.token }, { siteId: org.siteA, policies: [{ caseType: 'complaint', priority: 'high', firstResponseMinutes: 30, resolutionMinutes: 240 }] });
    org.policyA = policies.json().items[0].id;
    // A notification of the administrator, who makes the requests.
    org.notificationA = newId();
    await t.db.kysely.insertInto('notifications').values({ id: org.notificationA, org_id: org.orgId, user_id: org.users.admin.id, kind: 'case_reply', case_id: org.caseA!, data: '{}', created_at: nowIso(), read_at: null }).execute();
    const view = await api(t.app, 'POST', '/api/v1/saved-views', { bearer: org.users.admin.token }, { name: '我的待办', query: { assigneeId: 'me', sort: '-priority' } });
    org.viewA = view.json().id;
    session = await login(t.app, 'fz.admin', TEST_PASSWORD);
    const submitted = await api(t.app, 'POST', `/api/v1/portal/${org.slug}/cases`, undefined, { type: 'complaint', siteId: org.siteA, name: '匿名', phone: '13800000001', description: '噪音扰民', consent: true });
    org.portal = { number: submitted.json().number, token: submitted.json().trackingToken };
    const plan = await api(t.app, 'POST', '/api/v1/revisit-plans', { bearer: org.users.specialist.token }, { tier: 'vip', siteId: org.siteA, name: '阳光花园VIP月访', cadence: 'monthly', channel: 'phone', ownerId: org.users['agent@A'].id, startDate: '2027-01-31' });
    org.planA = plan.json().id;
    const record = await api(t.app, 'POST', '/api/v1/communication-records', { bearer: org.users['agent@A'].token }, { customerId: org.customerA, channel: 'phone', topics: ['保洁'], problems: [{ description: '楼道垃圾未及时清运' }] });
    org.recordA = record.json().id;
    org.problemA = record.json().problems[0].id;
  });
  afterAll(async () => t?.drop());

  for (const route of writeRoutes) {
    it(`${route.method} ${route.url(({ siteA: ':id', users: { 'agent@A': { id: ':id' } }, customerA: ':id', planA: ':id', recordA: ':id', problemA: ':problemId', slug: ':orgSlug', portal: { number: ':number', token: ':token' } } as unknown) as OrgFixture, '')} never answers 5xx and writes nothing when it refuses`, async () => {
      const body = route.keys.length ? fc.oneof(anyJson, fieldsOf(route.keys)) : anyJson;
      await fc.assert(
        fc.asyncProperty(body, pathId, fc.boolean(), async (payload, id, useSession) => {
          const before = await snapshot(t);
          const auth = route.as ? { bearer: org.users[route.as].token } : useSession ? session : { bearer: org.users.admin.token };
          const res = await t.app.inject({
            method: route.method,
            url: route.url(org, id),
            headers: { ...(('bearer' in auth) ? { authorization: `Bearer ${auth.bearer}` } : { cookie: auth.cookie, 'x-csrf-token': auth.csrf }), 'content-type': 'application/json' },
            payload: JSON.stringify(payload),
            remoteAddress: '10.1.1.1',
          });
          expect(res.statusCode, res.body).toBeLessThan(500);
          if (res.statusCode >= 400) {
            const error = res.json().error;
            expect(typeof error.code).toBe('string');
            expect(typeof error.message).toBe('string');
            // A refused request leaves every table as it was (login failures excepted: they count towards lock-out by design).
            if (!(route.url(org, id) === '/api/v1/auth/login' && res.statusCode === 401)) {
              expect(changedTables(before, await snapshot(t)), `${res.statusCode} ${res.body.slice(0, 200)}`).toEqual([]);
            }
          }
        }),
        { numRuns: 40 },
      );
    });
  }

  it('answers malformed JSON and wrong content types with 4xx, not 500', async () => {
    for (const [payload, type] of [
      ['{"name": "未闭合', 'application/json'],
      ['', 'application/json'],
      ['name=x', 'application/x-www-form-urlencoded'],
      ['<xml/>', 'text/xml'],
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/customers', headers: { authorization: `Bearer ${org.users.admin.token}`, 'content-type': type }, payload });
      expect(res.statusCode, `${type}: ${res.body}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(typeof res.json().error.code).toBe('string');
    }
  });

  it('answers bad query strings on lists with 400 and field paths', async () => {
    const res = await api(t.app, 'GET', '/api/v1/customers?page=0&pageSize=1000&tier=gold', { bearer: org.users.admin.token });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { path: string }) => d.path).sort()).toEqual(['page', 'pageSize', 'tier']);
  });
});

describe.each(DIALECTS)('NUL characters on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    org = await createOrgFixture(t.db, 'nul');
  });
  afterAll(async () => t?.drop());

  it('refuses them in queries and bodies with 400, never 500', async () => {
    const admin = { bearer: org.users.admin.token };
    for (const url of ['/api/v1/customers?q=a%00b', '/api/v1/users?q=%00', '/api/v1/sites?q=x%00', '/api/v1/audit-events?actor=%00', '/api/v1/cases?q=%00']) {
      const res = await api(t.app, 'GET', url, admin);
      expect(res.statusCode, url).toBe(400);
    }
    const res = await api(t.app, 'POST', '/api/v1/customers', { bearer: org.users.agent.token }, { name: '张\u0000三', phone: '13800000000', siteId: org.siteA });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].code).toBe('nul_character');
  });
});
