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

/** Every table of the schema (full-text shadow tables aside): a new table is covered without listing it. */
async function allTables(t: TestApp): Promise<string[]> {
  const tables = await t.db.kysely.introspection.getTables();
  return tables.map((table) => table.name).filter((name) => !name.startsWith('fuwu_migrations') && !name.startsWith('case_search')).sort();
}

/** Every table's rows, except bookkeeping that reads update by design (a token's last use). */
async function snapshot(t: TestApp): Promise<Record<string, string>> {
  const tables: Record<string, string> = {};
  for (const table of await allTables(t)) {
    // Sorted here rather than by id: cause_models is keyed by org_id.
    const rows = await t.db.kysely.selectFrom(table as 'sites').selectAll().execute();
    tables[table] = JSON.stringify(rows.map((r) => JSON.stringify({ ...r, last_used_at: undefined })).sort());
  }
  return tables;
}

function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(after).filter((table) => before[table] !== after[table]);
}

/** Values of every JSON type, including deep and odd ones (huge numbers, unicode, nulls). */
const anyJson = fc.jsonValue({ maxDepth: 3 });

/** Objects that use the route's real field names with random values: they reach deeper validation than arbitrary keys. */
function fieldsOf(keys: string[]) {
  return fc.dictionary(fc.constantFrom(...keys), anyJson, { maxKeys: keys.length });
}

type Fixture = OrgFixture & { revisitA?: string; revisitPolicyA?: string; caseA?: string; causeA?: string; viewA?: string; policyA?: string; notificationA?: string; messageA?: string; surveyDraft?: string; surveyPublished?: string; portal?: { number: string; token: string }; planA?: string; recordA?: string; problemA?: string; campaignA?: string; invitationToken?: string; responseA?: string };

interface WriteRoute {
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: (o: Fixture, id: string) => string;
  keys: string[];
  /** who sends the requests when not the administrator (a role that holds the route's permission) */
  actor?: string;
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
  { method: 'PUT', url: () => '/api/v1/revisit-policies', keys: ['siteId', 'policies'], actor: 'specialist' },
  { method: 'DELETE', url: (o, id) => `/api/v1/revisit-policies/${id || o.revisitPolicyA}`, keys: [], actor: 'specialist' },
  { method: 'POST', url: (o, id) => `/api/v1/revisits/${id || o.revisitA}/attempts`, keys: ['outcome', 'solved', 'satisfaction', 'comment', 'version'], actor: 'supervisor' },
  { method: 'POST', url: () => '/api/v1/revisits/assign', keys: ['ids', 'ownerId'], actor: 'supervisor' },
  { method: 'POST', url: (o, id) => `/api/v1/outbox/messages/${id || o.messageA}/retry`, keys: [] },
  { method: 'POST', url: (o, id) => `/api/v1/outbox/messages/${id || o.messageA}/cancel`, keys: [] },
  { method: 'PUT', url: (_o, id) => `/api/v1/message-templates/${id || 'case.updated'}/sms/zh-CN`, keys: ['subject', 'body', 'version'] },
  { method: 'PUT', url: () => '/api/v1/message-templates/revisit.reminder/email/en-US', keys: ['subject', 'body', 'version'] },
  { method: 'DELETE', url: (_o, id) => `/api/v1/message-templates/case.updated/${id || 'email'}/zh-TW`, keys: [] },
  { method: 'POST', url: () => '/api/v1/message-templates/preview', keys: ['event', 'channel', 'locale', 'subject', 'body'] },
  { method: 'POST', url: () => '/api/v1/surveys', keys: ['definition'] },
  { method: 'POST', url: () => '/api/v1/surveys/from-template', keys: ['template'] },
  { method: 'PATCH', url: (o, id) => `/api/v1/surveys/${id || o.surveyDraft}`, keys: ['definition', 'version'] },
  { method: 'POST', url: (o, id) => `/api/v1/surveys/${id || o.surveyDraft}/publish`, keys: ['version'] },
  { method: 'POST', url: (o, id) => `/api/v1/surveys/${id || o.surveyPublished}/responses`, keys: ['siteId', 'customerId', 'submittedAt', 'channel', 'locale', 'answers'], actor: 'specialist' },
  { method: 'POST', url: (o, id) => `/api/v1/surveys/${id || o.surveyPublished}/responses/import`, keys: ['file'], actor: 'specialist' },
  { method: 'POST', url: (o, id) => `/api/v1/survey-responses/${id || o.responseA}/follow-ups`, keys: ['questionKey', 'type', 'priority', 'title', 'note'], actor: 'specialist' },
  { method: 'POST', url: () => '/api/v1/campaigns', keys: ['surveyId', 'name', 'siteIds', 'startsOn', 'endsOn', 'audience', 'targetPerSite'], actor: 'specialist' },
  { method: 'POST', url: (o, id) => `/api/v1/campaigns/${id || o.campaignA}/invitations`, keys: [], actor: 'specialist' },
  { method: 'POST', url: (o, id) => `/api/v1/answer/invitations/${id || o.invitationToken}`, keys: ['locale', 'answers'] },
  { method: 'POST', url: (o, id) => `/api/v1/answer/${o.slug}/${id || o.campaignA}/A01`, keys: ['locale', 'answers'] },
  { method: 'POST', url: () => '/api/v1/revisit-plans', keys: ['customerId', 'tier', 'siteId', 'name', 'cadence', 'channel', 'ownerId', 'startDate', 'note'], actor: 'specialist' },
  { method: 'PATCH', url: (o, id) => `/api/v1/revisit-plans/${id || o.planA}`, keys: ['name', 'tier', 'siteId', 'cadence', 'channel', 'ownerId', 'startDate', 'note', 'active', 'version'], actor: 'specialist' },
  { method: 'POST', url: (o, id) => `/api/v1/revisit-plans/${id || o.planA}/deactivate`, keys: ['version'], actor: 'specialist' },
  { method: 'POST', url: () => '/api/v1/communication-records', keys: ['customerId', 'revisitId', 'channel', 'occurredAt', 'staffId', 'topics', 'opinion', 'problems'], actor: 'agent@A' },
  { method: 'POST', url: (o, id) => `/api/v1/communication-records/${id || o.recordA}/problems/${o.problemA}/case`, keys: ['type', 'priority', 'title'], actor: 'agent@A' },
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
    // A queued message that random requests may cancel, and a template override they may restore.
    org.messageA = newId();
    await t.db.kysely
      .insertInto('outbox_messages')
      .values({ id: org.messageA, org_id: org.orgId, channel: 'sms', event: 'case.updated', locale: 'zh-CN', recipient: '13800000001', recipient_user_id: null, recipient_customer_id: null, subject: null, body: '您的工单已处理完毕。', dedupe_key: null, status: 'queued', attempts: 0, next_attempt_at: nowIso(), claimed_by: null, claimed_until: null, last_error: null, sent_at: null, created_at: nowIso(), updated_at: nowIso() })
      .execute();
    await api(t.app, 'PUT', '/api/v1/message-templates/case.updated/email/zh-TW', { bearer: org.users.admin.token }, { subject: '工單 {{number}}', body: '{{customerName}}：{{update}}', version: 0 });
    const view = await api(t.app, 'POST', '/api/v1/saved-views', { bearer: org.users.admin.token }, { name: '我的待办', query: { assigneeId: 'me', sort: '-priority' } });
    org.viewA = view.json().id;
    // A resolved complaint of customer A: its callback is the revisit the attempt route writes to.
    const withCustomer = await api(t.app, 'POST', '/api/v1/cases', { bearer: org.users.supervisor.token }, { type: 'complaint', channel: 'phone', siteId: org.siteA, customerId: org.customerA, title: '电梯故障', description: '电梯停在三楼不动' });
    const taken = await api(t.app, 'POST', `/api/v1/cases/${withCustomer.json().id}/transitions`, { bearer: org.users.supervisor.token }, { action: 'assign', version: 1 });
    await api(t.app, 'POST', `/api/v1/cases/${withCustomer.json().id}/transitions`, { bearer: org.users.supervisor.token }, { action: 'resolve', version: taken.json().version });
    org.revisitA = (await t.db.kysely.selectFrom('revisits').select('id').where('case_id', '=', withCustomer.json().id).executeTakeFirstOrThrow()).id;
    const revisitPolicies = await api(t.app, 'PUT', '/api/v1/revisit-policies', { bearer: org.users.specialist.token }, { siteId: org.siteA, policies: [{ caseType: 'repair', samplePercent: 30, delayHours: 1, dueWithinHours: 24, maxAttempts: 2, retryIntervalHours: 4, closeAfterHours: 48 }] });
    org.revisitPolicyA = revisitPolicies.json().items[0].id;
    const survey = async () => (await api(t.app, 'POST', '/api/v1/surveys/from-template', { bearer: org.users.admin.token }, { template: 'servqual' })).json().id as string;
    org.surveyDraft = await survey();
    org.surveyPublished = await survey();
    await api(t.app, 'POST', `/api/v1/surveys/${org.surveyPublished}/publish`, { bearer: org.users.admin.token }, {});
    await t.db.kysely.updateTable('customers').set({ consent_survey: 1 }).where('id', '=', org.customerA).execute();
    const campaign = await api(t.app, 'POST', '/api/v1/campaigns', { bearer: org.users.specialist.token }, { surveyId: org.surveyPublished, name: '输入测试', siteIds: [org.siteA], startsOn: '2026-01-01', endsOn: '2099-12-31' });
    org.campaignA = campaign.json().id;
    org.invitationToken = campaign.json().newInvitations[0].token;
    // A SERVQUAL response with a low first item and an overall score: what a follow-up is opened for.
    org.responseA = newId();
    await t.db.kysely.insertInto('survey_responses').values({ id: org.responseA, org_id: org.orgId, survey_id: org.surveyPublished, series_id: org.surveyPublished, site_id: org.siteA, customer_id: org.customerA, channel: 'paper', locale: 'zh-CN', campaign_id: null, entered_by: null, submitted_at: nowIso(), created_at: nowIso() }).execute();
    const answer = (question_key: string, kind: string, num: number) => ({ org_id: org.orgId, response_id: org.responseA!, survey_id: org.surveyPublished!, site_id: org.siteA, question_key, kind, option: '', num, text: null, dimension: question_key === 'overall' ? null : 'tangibles' });
    await t.db.kysely.insertInto('survey_answers').values([answer('sq01', 'expectation', 7), answer('sq01', 'perception', 2), answer('overall', 'value', 1)]).execute();
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
    it(`${route.method} ${route.url(({ siteA: ':id', users: { 'agent@A': { id: ':id' } }, customerA: ':id', planA: ':id', recordA: ':id', problemA: ':problemId', responseA: ':id', slug: ':orgSlug', portal: { number: ':number', token: ':token' } } as unknown) as OrgFixture, '')} never answers 5xx and writes nothing when it refuses`, async () => {
      const body = route.keys.length ? fc.oneof(anyJson, fieldsOf(route.keys)) : anyJson;
      await fc.assert(
        fc.asyncProperty(body, pathId, fc.boolean(), async (payload, id, useSession) => {
          const before = await snapshot(t);
          const auth = route.actor ? { bearer: org.users[route.actor].token } : useSession ? session : { bearer: org.users.admin.token };
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

  it('answers random files at the response import with 2xx or 4xx, never 5xx, and a refused import writes nothing', async () => {
    const header = ['siteCode', 'submittedAt', 'sq01.e', 'sq01.p', 'importance.tangibles', 'overall', 'comments', 'sq99'];
    const cell = fc.oneof(fc.constantFrom('A01', 'B01', 'ZZ', '', '5', '7', '100', '46143.5', '2026-05-01', '-1', '1e9', '"', '""', ';', '\r\n', '\uFEFF'), fc.string({ maxLength: 12 }));
    const csv = fc
      .tuple(fc.subarray(header, { minLength: 1 }), fc.array(fc.array(cell, { maxLength: 9 }), { maxLength: 6 }), fc.constantFrom('\n', '\r\n', '\r'))
      .map(([h, rows, eol]) => Buffer.from([h, ...rows].map((r) => r.join(',')).join(eol)));
    const file = fc.oneof(csv, fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)), fc.constant(Buffer.from('PK\u0003\u0004garbage')));
    await fc.assert(
      fc.asyncProperty(file, fc.boolean(), async (bytes, dryRun) => {
        const before = await snapshot(t);
        const boundary = 'fuzzboundary';
        const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\nContent-Type: text/csv\r\n\r\n`), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/surveys/${org.surveyPublished}/responses/import${dryRun ? '?dryRun=1' : ''}`,
          headers: { authorization: `Bearer ${org.users.specialist.token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
          payload,
        });
        expect(res.statusCode, res.body).toBeLessThan(500);
        if (res.statusCode >= 400) {
          expect(typeof res.json().error.code).toBe('string');
          expect(changedTables(before, await snapshot(t))).toEqual([]);
        }
        if (dryRun) expect(changedTables(before, await snapshot(t))).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

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
