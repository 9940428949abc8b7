import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, sha256 } from '../src/server/lib/ids.js';
import { api, createTestApp, login, type Auth, type TestApp } from './helpers/app.js';
import { DIALECTS } from './helpers/db.js';
import { createOrgFixture, type OrgFixture, TEST_PASSWORD } from './helpers/factories.js';
import { multipart, SAMPLES } from './helpers/multipart.js';

const submission = (siteId: string, extra: Record<string, unknown> = {}) => ({
  type: 'repair',
  siteId,
  name: '林晓雯',
  phone: '13912340001',
  description: '5 栋 2 单元楼道灯坏了一个星期，晚上回家很不方便。',
  consent: true,
  website: '',
  ...extra,
});

describe.each(DIALECTS)('public portal on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;
  const as = (key: string): Auth => ({ bearer: org.users[key].token });
  let ip = 0;
  /** Each call from its own address, so that the rate limit tested below does not get in the way. */
  const publicly = (method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url, payload: payload as object, headers, remoteAddress: `10.9.${Math.floor(++ip / 250)}.${ip % 250}` });
  const submit = async (extra: Record<string, unknown> = {}) => {
    const res = await publicly('POST', `/api/v1/portal/${org.slug}/cases`, submission(org.siteA, extra));
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { number: string; trackingToken: string };
  };
  const track = (number: string, token?: string) => publicly('GET', `/api/v1/portal/cases/${number}${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`);
  const caseByNumber = (number: string, orgId = org.orgId) =>
    t.db.kysely.selectFrom('cases').selectAll().where('org_id', '=', orgId).where('number', '=', number).executeTakeFirstOrThrow();
  const count = async (table: 'cases' | 'customers' | 'case_events' | 'audit_events') => Number((await t.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestApp(dialect, { portalCreateRateLimitPerMinute: 1000, portalRateLimitPerMinute: 1000, loginRateLimitPerMinute: 1000 });
    org = await createOrgFixture(t.db, 'pt');
    other = await createOrgFixture(t.db, 'po');
  });
  afterAll(async () => t?.drop());

  it('describes the form: organisation, the sites customers can pick, every type, consent in three languages', async () => {
    // A department of the headquarters has no sites below it, yet no customer lives there.
    const now = new Date().toISOString();
    await t.db.kysely
      .insertInto('sites')
      .values({ id: newId(), org_id: org.orgId, parent_id: org.hqId, kind: 'department', code: 'HQ-KF', name: '客服中心', address: null, phone: null, active: 1, version: 1, created_at: now, updated_at: now })
      .execute();
    const res = await publicly('GET', `/api/v1/portal/${org.slug}`);
    expect(res.statusCode, res.body).toBe(200);
    const form = res.json();
    expect(form.organization).toEqual({ name: `测试组织${org.slug}`, slug: org.slug });
    // HQ and the region have sites below them: only the two estates are offered.
    expect(form.sites.map((s: { code: string }) => s.code)).toEqual(['A01', 'B01']);
    expect(form.site).toBeNull();
    expect(form.types).toEqual(['message', 'inquiry', 'suggestion', 'praise', 'repair', 'complaint']);
    expect(Object.keys(form.consent).sort()).toEqual(['en-US', 'zh-CN', 'zh-TW']);
    expect(form.consent['zh-CN']).toContain(`测试组织${org.slug}`);
    const preset = (await publicly('GET', `/api/v1/portal/${org.slug}?site=a01`)).json();
    expect(preset.site).toMatchObject({ id: org.siteA, code: 'A01', name: '阳光花园' });
    expect((await publicly('GET', '/api/v1/portal/no-such-org')).statusCode).toBe(404);
    expect((await publicly('GET', `/api/v1/portal/${org.slug}?site=HQ`)).statusCode).toBe(404);
  });

  it('creates a portal case for a new customer, with a tracking token kept only as its hash', async () => {
    const customersBefore = await count('customers');
    const { number, trackingToken } = await submit({ title: '楼道灯不亮' });
    expect(number).toMatch(/^FW-\d{8}-\d{4}$/);
    expect(Buffer.from(trackingToken, 'base64url').length).toBeGreaterThanOrEqual(32);
    const row = await caseByNumber(number);
    expect(row).toMatchObject({ channel: 'portal', type: 'repair', status: 'new', site_id: org.siteA, created_by: null, title: '楼道灯不亮', priority: 'normal' });
    expect(await count('customers')).toBe(customersBefore + 1);
    const stored = await t.db.kysely.selectFrom('portal_case_tokens').selectAll().where('case_id', '=', row.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(sha256(trackingToken));
    expect(JSON.stringify(stored)).not.toContain(trackingToken);
    const audit = await t.db.kysely.selectFrom('audit_events').select(['action', 'actor_id']).where('entity_id', '=', row.id).execute();
    expect(audit).toEqual([{ action: 'create', actor_id: null }]);
    // Staff see it like any other case, created by nobody on the staff.
    const staff = (await api(t.app, 'GET', `/api/v1/cases/${row.id}`, as('agent@A'))).json();
    expect(staff.events[0]).toMatchObject({ kind: 'created', actorId: null, data: { channel: 'portal' } });
    expect(staff.customer).toMatchObject({ name: '林晓雯', phone: '13912340001' });
  });

  it('finds the customer again by phone however it is written, and titles an untitled request from its text', async () => {
    const first = await submit({ phone: '13912340002', name: '周建国' });
    const customersBefore = await count('customers');
    const second = await submit({ phone: '+86 139-1234-0002', name: '周先生', description: '上次报修的楼道灯\n还是不亮' });
    expect(await count('customers')).toBe(customersBefore);
    const [a, b] = [await caseByNumber(first.number), await caseByNumber(second.number)];
    expect(b.customer_id).toBe(a.customer_id);
    expect(b.title).toBe('上次报修的楼道灯');
  });

  it('accepts mainland, Hong Kong and Taiwan numbers and refuses others on the phone field', async () => {
    for (const phone of ['13800138000', '021-6234 5678', '+852 9123 4567', '0912 345 678', '+886 2 2345 6789']) {
      const res = await publicly('POST', `/api/v1/portal/${org.slug}/cases`, submission(org.siteA, { phone }));
      expect(res.statusCode, `${phone}: ${res.body}`).toBe(201);
    }
    for (const phone of ['12345', '+1 415 555 0100', '1391234000', '+852 1234 5678', '']) {
      const res = await publicly('POST', `/api/v1/portal/${org.slug}/cases`, submission(org.siteA, { phone }));
      expect(res.statusCode, phone).toBe(400);
      expect(res.json().error.details.map((d: { path: string }) => d.path)).toEqual(['phone']);
    }
  });

  it('requires consent, a site of the organisation that customers can pick, and a description', async () => {
    const before = await count('cases');
    const cases: [Record<string, unknown>, string][] = [
      [{ consent: false }, 'consent'],
      [{ consent: undefined }, 'consent'],
      [{ description: '   ' }, 'description'],
      [{ siteId: other.siteA }, 'siteId'],
      [{ siteId: org.hqId }, 'siteId'],
      [{ siteId: undefined }, 'siteId'],
      [{ type: 'internal_note' }, 'type'],
    ];
    for (const [extra, field] of cases) {
      const res = await publicly('POST', `/api/v1/portal/${org.slug}/cases`, submission(org.siteA, extra));
      expect(res.statusCode, JSON.stringify(extra)).toBe(400);
      expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    const byCode = await publicly('POST', `/api/v1/portal/${org.slug}/cases`, submission(org.siteA, { siteId: undefined, siteCode: 'B01' }));
    expect(byCode.statusCode, byCode.body).toBe(201);
    expect((await caseByNumber(byCode.json().number)).site_id).toBe(org.siteB);
    expect(await count('cases')).toBe(before + 1);
    expect((await publicly('POST', '/api/v1/portal/no-such-org/cases', submission(org.siteA))).statusCode).toBe(404);
  });

  it('refuses a filled honeypot and stores nothing', async () => {
    const before = { cases: await count('cases'), customers: await count('customers'), audit: await count('audit_events') };
    const res = await publicly('POST', `/api/v1/portal/${org.slug}/cases`, submission(org.siteA, { website: 'http://cheap-pills.example', phone: '13912349999' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'validation_failed', details: [{ path: 'website', code: 'honeypot' }] });
    expect({ cases: await count('cases'), customers: await count('customers'), audit: await count('audit_events') }).toEqual(before);
  });

  it('shows the tracking page only with the right token; wrong, missing and unknown all answer 404', async () => {
    const { number, trackingToken } = await submit();
    const ok = await track(number, trackingToken);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ number, type: 'repair', status: 'new', siteName: '阳光花园', organizationName: `测试组织${org.slug}`, messages: [], canReply: true });
    // The web app sends the token in a header, keeping it out of URLs.
    expect((await publicly('GET', `/api/v1/portal/cases/${number}`, undefined, { 'x-portal-token': trackingToken })).statusCode).toBe(200);
    const other = await submit();
    for (const res of [await track(number, other.trackingToken), await track(number, ''), await track(number), await track(number, trackingToken.slice(0, -1)), await track('FW-20000101-0001', trackingToken)]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
  });

  it('shows public replies with a masked staff name and the customer’s own replies, never internal notes or staff details', async () => {
    const { number, trackingToken } = await submit({ name: '欧阳娜娜', phone: '13912340003' });
    const row = await caseByNumber(number);
    const agent = as('agent@A');
    await api(t.app, 'POST', `/api/v1/cases/${row.id}/transitions`, agent, { action: 'assign', version: row.version });
    await api(t.app, 'POST', `/api/v1/cases/${row.id}/comments`, agent, { body: '您好，电工明天上午十点上门更换灯具。', public: true });
    await api(t.app, 'POST', `/api/v1/cases/${row.id}/comments`, agent, { body: '内部：该业主上月投诉过保洁，注意态度', public: false });
    const internal = multipart({ public: 'false' }, [{ name: '内部工单.pdf', bytes: SAMPLES.pdf }]);
    const hidden = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${row.id}/attachments`, headers: { authorization: `Bearer ${org.users['agent@A'].token}`, ...internal.headers }, payload: internal.payload });
    expect(hidden.statusCode, hidden.body).toBe(201);

    const view = (await track(number, trackingToken)).json();
    expect(view.status).toBe('assigned');
    expect(view.messages).toEqual([expect.objectContaining({ from: 'staff', staffName: '用**', body: '您好，电工明天上午十点上门更换灯具。', attachments: [] })]);
    const text = JSON.stringify(view);
    for (const secret of ['内部', '保洁', org.users['agent@A'].id, '用户pt.agent.a', '13912340003', '欧阳娜娜', row.customer_id!]) expect(text).not.toContain(secret);
    expect(view.attachments).toEqual([]);
    const internalId = hidden.json().items[0].id;
    expect((await publicly('GET', `/api/v1/portal/cases/${number}/attachments/${internalId}?token=${trackingToken}`)).statusCode).toBe(404);

    const reply = await publicly('POST', `/api/v1/portal/cases/${number}/replies?token=${trackingToken}`, { body: '好的，明天上午家里有人。' });
    expect(reply.statusCode, reply.body).toBe(201);
    expect(reply.json().messages.map((m: { from: string }) => m.from)).toEqual(['staff', 'customer']);
    const staff = (await api(t.app, 'GET', `/api/v1/cases/${row.id}`, agent)).json();
    expect(staff.events.at(-1)).toMatchObject({ kind: 'customer_reply', body: '好的，明天上午家里有人。', actorId: null, public: true });
    // The reply is searchable like staff replies.
    const found = (await api(t.app, 'GET', `/api/v1/cases?q=${encodeURIComponent('家里有人')}`, agent)).json();
    expect(found.items.map((c: { id: string }) => c.id)).toEqual([row.id]);
  });

  it('keeps a resolved case resolved when the customer replies, and refuses replies to closed cases with 409', async () => {
    const { number, trackingToken } = await submit();
    let row = await caseByNumber(number);
    const agent = as('agent@A');
    for (const action of ['assign', 'start', 'resolve']) {
      const res = await api(t.app, 'POST', `/api/v1/cases/${row.id}/transitions`, agent, { action, version: row.version });
      expect(res.statusCode, res.body).toBe(200);
      row = await caseByNumber(number);
    }
    const reply = await publicly('POST', `/api/v1/portal/cases/${number}/replies?token=${trackingToken}`, { body: '灯已经修好了，谢谢！' });
    expect(reply.statusCode).toBe(201);
    expect(reply.json().status).toBe('resolved');
    row = await caseByNumber(number);
    expect(row.status).toBe('resolved');
    await api(t.app, 'POST', `/api/v1/cases/${row.id}/transitions`, agent, { action: 'close', version: row.version });
    const eventsBefore = await count('case_events');
    const late = await publicly('POST', `/api/v1/portal/cases/${number}/replies?token=${trackingToken}`, { body: '又坏了' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('case_closed');
    expect(await count('case_events')).toBe(eventsBefore);
    expect((await track(number, trackingToken)).json()).toMatchObject({ status: 'closed', canReply: false });
    // Wrong token: 404, not 409 — nothing about the case is revealed.
    expect((await publicly('POST', `/api/v1/portal/cases/${number}/replies?token=nope`, { body: '你好' })).statusCode).toBe(404);
    expect((await publicly('POST', `/api/v1/portal/cases/${number}/replies?token=${trackingToken}`, { body: '  ' })).statusCode).toBe(400);
  });

  it('takes a photo with the request and with replies, shown and served on the tracking page', async () => {
    const form = multipart({ ...Object.fromEntries(Object.entries(submission(org.siteA)).map(([k, v]) => [k, String(v)])), consent: 'on', title: '' }, [
      { field: 'photo', name: '楼道.png', bytes: SAMPLES.png },
    ]);
    const res = await publicly('POST', `/api/v1/portal/${org.slug}/cases`, form.payload, form.headers);
    expect(res.statusCode, res.body).toBe(201);
    const { number, trackingToken } = res.json();
    const view = (await track(number, trackingToken)).json();
    expect(view.attachments).toEqual([expect.objectContaining({ fileName: '楼道.png', contentType: 'image/png' })]);
    const file = await publicly('GET', `/api/v1/portal/cases/${number}/attachments/${view.attachments[0].id}?token=${trackingToken}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.rawPayload).toEqual(SAMPLES.png);
    expect((await publicly('GET', `/api/v1/portal/cases/${number}/attachments/${view.attachments[0].id}?token=x`)).statusCode).toBe(404);
    const row = await caseByNumber(number);
    const stored = await t.db.kysely.selectFrom('case_attachments').selectAll().where('case_id', '=', row.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ uploaded_by: null, public: 1 });

    const replyForm = multipart({ body: '补充一张照片' }, [{ field: 'photo', name: 'more.jpg', bytes: SAMPLES.jpeg }]);
    const reply = await publicly('POST', `/api/v1/portal/cases/${number}/replies?token=${trackingToken}`, replyForm.payload, replyForm.headers);
    expect(reply.statusCode, reply.body).toBe(201);
    expect(reply.json().messages.at(-1)).toMatchObject({ from: 'customer', body: '补充一张照片', attachments: [expect.objectContaining({ contentType: 'image/jpeg' })] });

    const bad = multipart({ ...Object.fromEntries(Object.entries(submission(org.siteA)).map(([k, v]) => [k, String(v)])) }, [{ field: 'photo', name: 'x.jpg', bytes: SAMPLES.text }]);
    const before = await count('cases');
    const refused = await publicly('POST', `/api/v1/portal/${org.slug}/cases`, bad.payload, bad.headers);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('unsupported_file_type');
    expect(await count('cases')).toBe(before);
  });

  it('ignores a staff session in the same browser: no CSRF demanded, nothing done in the staff member’s name', async () => {
    const session = await login(t.app, 'pt.agent.a', TEST_PASSWORD);
    if (!('cookie' in session)) throw new Error('cookie session expected');
    const res = await publicly('POST', `/api/v1/portal/${org.slug}/cases`, submission(org.siteA), { cookie: session.cookie });
    expect(res.statusCode, res.body).toBe(201);
    expect((await caseByNumber(res.json().number)).created_by).toBeNull();
    // Nor does a broken API token stop a customer.
    const withToken = await publicly('POST', `/api/v1/portal/${org.slug}/cases`, submission(org.siteA), { authorization: 'Bearer nonsense' });
    expect(withToken.statusCode).toBe(201);
  });
});

describe.each(DIALECTS)('portal rate limits on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  beforeAll(async () => {
    t = await createTestApp(dialect, { portalCreateRateLimitPerMinute: 2, portalRateLimitPerMinute: 3 });
    org = await createOrgFixture(t.db, 'rl');
  });
  afterAll(async () => t?.drop());

  it('answers 429 rate_limited per client address once the limit is reached, storing nothing', async () => {
    const post = (remoteAddress: string) => t.app.inject({ method: 'POST', url: `/api/v1/portal/${org.slug}/cases`, payload: submission(org.siteA), remoteAddress });
    expect((await post('10.0.0.1')).statusCode).toBe(201);
    const second = await post('10.0.0.1');
    expect(second.statusCode).toBe(201);
    const casesBefore = await t.db.kysely.selectFrom('cases').select('id').execute();
    const third = await post('10.0.0.1');
    expect(third.statusCode).toBe(429);
    expect(third.json().error.code).toBe('rate_limited');
    expect(await t.db.kysely.selectFrom('cases').select('id').execute()).toHaveLength(casesBefore.length);
    // Another address is not affected.
    expect((await post('10.0.0.2')).statusCode).toBe(201);

    const { number, trackingToken } = second.json();
    const read = () => t.app.inject({ method: 'GET', url: `/api/v1/portal/cases/${number}?token=${trackingToken}`, remoteAddress: '10.0.0.3' });
    for (let i = 0; i < 3; i++) expect((await read()).statusCode).toBe(200);
    expect((await read()).statusCode).toBe(429);
    // Guessing tokens is throttled too.
    const guess = () => t.app.inject({ method: 'GET', url: `/api/v1/portal/cases/${number}?token=guess`, remoteAddress: '10.0.0.4' });
    for (let i = 0; i < 3; i++) expect((await guess()).statusCode).toBe(404);
    expect((await guess()).statusCode).toBe(429);
  });
});
