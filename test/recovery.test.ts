import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createTestApp, type TestApp } from './helpers/app.js';
import { DIALECTS } from './helpers/db.js';
import { createOrgFixture, insertUser, type OrgFixture, type TestUser } from './helpers/factories.js';

interface Detail {
  id: string;
  createdAt: string;
  compensationLimitFen: number | null;
  recovery: null | {
    status: string;
    version: number;
    compensation: { type: string; amountFen: number; note: string | null };
    requestedBy: { id: string };
    decidedBy: { id: string; name: string } | null;
    decisionNote: string | null;
    recoveredAt: string | null;
    recoveryMinutes: number | null;
    failureReportedAt: string;
    canDecide: boolean;
  };
  events: Array<{ kind: string; data: Record<string, unknown> | null }>;
}

describe.each(DIALECTS)('service recovery and compensation limits on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let supervisorAndAgent: TestUser;
  const as = (key: string) => ({ bearer: org.users[key].token });
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

  beforeAll(async () => {
    t = await createTestApp(dialect);
    org = await createOrgFixture(t.db, 'rec');
    // An agent on estate A who is also supervisor of the whole region: the higher limit counts.
    supervisorAndAgent = await insertUser(t.db, org.orgId, 'rec.both', 'agent', org.siteA);
    await t.db.kysely.insertInto('role_grants').values({ id: crypto.randomUUID(), org_id: org.orgId, user_id: supervisorAndAgent.id, role: 'supervisor', site_id: org.regionId, created_at: new Date().toISOString() }).execute();
  });
  afterAll(async () => t?.drop());

  const newCase = async (siteId = org.siteA): Promise<Detail> => {
    const res = await api(t.app, 'POST', '/api/v1/cases', as('agent'), { type: 'complaint', channel: 'phone', siteId, title: '维修人员弄脏地板', description: '师傅上门维修后没有清理，地板全是泥。' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const body = (amountFen: number, extra: Record<string, unknown> = {}) => ({
    attributionClass: 2,
    explanation: { givenAt: minutesAgo(1), method: 'phone', text: '已致电业主道歉，说明是维修人员未按规范清理。' },
    compensation: { type: amountFen ? 'cash' : 'none', amountFen, note: amountFen ? '清洁费' : undefined },
    ...extra,
  });
  const put = (id: string, b: unknown, actor: string | { bearer: string } = 'agent') => api(t.app, 'PUT', `/api/v1/cases/${id}/recovery`, typeof actor === 'string' ? as(actor) : actor, b);
  const decide = (id: string, verdict: 'approve' | 'reject', b: unknown, auth: { bearer: string }) => api(t.app, 'POST', `/api/v1/cases/${id}/recovery/${verdict}`, auth, b);
  const audit = (caseId: string) => t.db.kysely.selectFrom('audit_events').selectAll().where('entity_id', '=', caseId).where('action', 'like', 'recovery_%').orderBy('created_at').orderBy('id').execute();

  it('authorises compensation within the agent’s limit at once and records the time to recovery', async () => {
    const c = await newCase();
    expect(c.recovery).toBeNull();
    expect(c.compensationLimitFen).toBe(20_000);
    const res = await put(c.id, body(15_000));
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json().recovery;
    expect(r).toMatchObject({ status: 'approved', compensation: { type: 'cash', amountFen: 15_000, note: '清洁费' }, decidedBy: { id: org.users.agent.id }, version: 1 });
    // Explained on the phone a minute before the case was typed in: the failure was reported by then.
    expect(r.failureReportedAt).toBe(r.explanation.givenAt);
    expect(r.recoveredAt).not.toBeNull();
    // Recovered when the compensation was authorised, now.
    expect(r.recoveryMinutes).toBe(1);
    expect(res.json().events.filter((e: { kind: string }) => e.kind === 'recovery')).toMatchObject([{ data: { action: 'record', status: 'approved', amountFen: 15_000 } }]);
    const rows = await audit(c.id);
    expect(rows.map((a) => a.action)).toEqual(['recovery_record']);
    expect(JSON.parse(rows[0].after!)).toMatchObject({ compensation: { amountFen: 15_000 }, status: 'approved' });
  });

  it('measures the time from an explicit failure report to the explanation', async () => {
    const c = await newCase();
    const res = await put(c.id, body(0, { failureReportedAt: minutesAgo(120), explanation: { givenAt: minutesAgo(30), method: 'visit', text: '上门说明情况' } }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().recovery).toMatchObject({ status: 'approved', recoveryMinutes: 90, compensation: { type: 'none', amountFen: 0 } });
  });

  it('leaves a recovery without explanation unrecovered', async () => {
    const c = await newCase();
    const res = await put(c.id, { attributionClass: 4, compensation: { type: 'none', amountFen: 0 } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().recovery).toMatchObject({ status: 'approved', recoveredAt: null, recoveryMinutes: null });
  });

  it('holds compensation above the limit for approval by someone whose limit covers it', async () => {
    const c = await newCase();
    const res = await put(c.id, body(50_000));
    expect(res.statusCode, res.body).toBe(200);
    let r = res.json().recovery;
    expect(r).toMatchObject({ status: 'pending_approval', decidedBy: null, recoveredAt: null, recoveryMinutes: null, canDecide: false });

    // The supervisor on the site sees the buttons; approving records who authorised it.
    const seen = (await api(t.app, 'GET', `/api/v1/cases/${c.id}`, as('supervisor@A'))).json();
    expect(seen.recovery.canDecide).toBe(true);
    expect(seen.compensationLimitFen).toBe(100_000);
    const approved = await decide(c.id, 'approve', { note: '同意', version: r.version }, as('supervisor@A'));
    expect(approved.statusCode, approved.body).toBe(200);
    r = approved.json().recovery;
    expect(r).toMatchObject({ status: 'approved', decidedBy: { id: org.users['supervisor@A'].id }, decisionNote: '同意', requestedBy: { id: org.users.agent.id }, canDecide: false });
    expect(r.recoveredAt).not.toBeNull();
    expect((await audit(c.id)).map((a) => a.action)).toEqual(['recovery_record', 'recovery_approve']);
    expect(approved.json().events.filter((e: { kind: string }) => e.kind === 'recovery').map((e: { data: { action: string } }) => e.data.action)).toEqual(['record', 'approve']);

    // Decided: a second decision is a conflict.
    const again = await decide(c.id, 'approve', { version: r.version }, as('site_director'));
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('conflict');
  });

  it('refuses approval by someone whose limit does not cover the amount, and lets a higher role approve', async () => {
    const c = await newCase();
    const r = (await put(c.id, body(300_000))).json().recovery; // ¥3,000: above supervisor and specialist
    const low = await decide(c.id, 'approve', { version: r.version }, as('supervisor@A'));
    expect(low.statusCode).toBe(403);
    expect(low.json().error.code).toBe('over_limit');
    expect((await api(t.app, 'GET', `/api/v1/cases/${c.id}`, as('supervisor@A'))).json().recovery.canDecide).toBe(false);
    const director = await decide(c.id, 'approve', { version: r.version }, as('site_director@A'));
    expect(director.statusCode, director.body).toBe(200);
    expect(director.json().recovery.decidedBy.id).toBe(org.users['site_director@A'].id);
  });

  it('lets only the general manager approve above every limit', async () => {
    const c = await newCase();
    const r = (await put(c.id, body(800_000))).json().recovery;
    expect((await decide(c.id, 'approve', { version: r.version }, as('site_director'))).statusCode).toBe(403);
    const gm = await decide(c.id, 'approve', { version: r.version }, as('general_manager'));
    expect(gm.statusCode, gm.body).toBe(200);
  });

  it('refuses approving one’s own request', async () => {
    const c = await newCase();
    const r = (await put(c.id, body(150_000), 'supervisor@A')).json().recovery; // above the supervisor's ¥1,000
    expect(r.status).toBe('pending_approval');
    const self = await decide(c.id, 'approve', { version: r.version }, as('supervisor@A'));
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('self_approval');
    expect((await decide(c.id, 'reject', { version: r.version }, as('supervisor@A'))).json().error.code).toBe('self_approval');
    expect((await api(t.app, 'GET', `/api/v1/cases/${c.id}`, as('supervisor@A'))).json().recovery.status).toBe('pending_approval');
  });

  it('records a rejection, and a new proposal after it is judged afresh', async () => {
    const c = await newCase();
    const r = (await put(c.id, body(40_000))).json().recovery;
    const rejected = await decide(c.id, 'reject', { note: '金额过高，建议赠送保洁服务', version: r.version }, as('supervisor@A'));
    expect(rejected.statusCode, rejected.body).toBe(200);
    const after = rejected.json().recovery;
    expect(after).toMatchObject({ status: 'rejected', decidedBy: { id: org.users['supervisor@A'].id }, decisionNote: '金额过高，建议赠送保洁服务', recoveredAt: null });
    expect((await audit(c.id)).map((a) => a.action)).toEqual(['recovery_record', 'recovery_reject']);
    // The agent proposes a free cleaning within their limit: authorised at once.
    const revised = await put(c.id, { ...body(10_000), compensation: { type: 'free_service', amountFen: 10_000 }, version: after.version });
    expect(revised.statusCode, revised.body).toBe(200);
    expect(revised.json().recovery).toMatchObject({ status: 'approved', decidedBy: { id: org.users.agent.id } });
  });

  it('keeps an approval when the explanation is revised but the compensation is not', async () => {
    const c = await newCase();
    let r = (await put(c.id, body(50_000))).json().recovery;
    r = (await decide(c.id, 'approve', { version: r.version }, as('supervisor@A'))).json().recovery;
    const revised = await put(c.id, { ...body(50_000), explanation: { givenAt: minutesAgo(1), method: 'visit', text: '上门当面道歉' }, version: r.version }, 'agent@A');
    expect(revised.statusCode, revised.body).toBe(200);
    expect(revised.json().recovery).toMatchObject({ status: 'approved', decidedBy: { id: org.users['supervisor@A'].id } });
    // The same body again changes nothing: no new version, no event, no audit row.
    const version = revised.json().recovery.version;
    const same = await put(c.id, { ...body(50_000), explanation: { givenAt: revised.json().recovery.explanation.givenAt, method: 'visit', text: '上门当面道歉' }, version }, 'agent@A');
    expect(same.json().recovery.version).toBe(version);
    expect((await audit(c.id)).length).toBe(3);
  });

  it('uses the highest limit among the roles covering the case’s site', async () => {
    const auth = { bearer: supervisorAndAgent.token };
    const onA = await newCase(org.siteA);
    const res = await put(onA.id, body(80_000), auth);
    expect(res.json().recovery.status).toBe('approved');
    expect(res.json().compensationLimitFen).toBe(100_000);
  });

  it('lets administrators edit the limits, which then apply', async () => {
    const admin = as('admin');
    const before = (await api(t.app, 'GET', '/api/v1/compensation-limits', as('agent'))).json().items;
    expect(before).toEqual(expect.arrayContaining([
      { role: 'agent', limitFen: 20_000, isDefault: true },
      { role: 'general_manager', limitFen: null, isDefault: true },
    ]));
    expect(before.map((l: { role: string }) => l.role)).not.toContain('admin');
    const res = await api(t.app, 'PUT', '/api/v1/compensation-limits', admin, { limits: [{ role: 'agent', limitFen: 60_000 }, { role: 'general_manager', limitFen: null }] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toEqual(expect.arrayContaining([{ role: 'agent', limitFen: 60_000, isDefault: false }, { role: 'general_manager', limitFen: null, isDefault: true }]));
    const rows = await t.db.kysely.selectFrom('audit_events').selectAll().where('org_id', '=', org.orgId).where('entity', '=', 'compensation_limits').execute();
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0].before!)).toEqual({ agent: 20_000 });
    expect(JSON.parse(rows[0].after!)).toEqual({ agent: 60_000 });
    const c = await newCase();
    expect((await put(c.id, body(50_000))).json().recovery.status).toBe('approved');
    // Only organisation-wide administrators; bad values are refused.
    expect((await api(t.app, 'PUT', '/api/v1/compensation-limits', as('admin@A'), { limits: [{ role: 'agent', limitFen: 1 }] })).statusCode).toBe(403);
    expect((await api(t.app, 'PUT', '/api/v1/compensation-limits', as('supervisor'), { limits: [{ role: 'agent', limitFen: 1 }] })).statusCode).toBe(403);
    for (const limits of [[{ role: 'admin', limitFen: 1 }], [{ role: 'agent', limitFen: -1 }], [{ role: 'agent', limitFen: 1.5 }], [{ role: 'agent', limitFen: 1 }, { role: 'agent', limitFen: 2 }], []]) {
      const bad = await api(t.app, 'PUT', '/api/v1/compensation-limits', admin, { limits });
      expect(bad.statusCode, JSON.stringify(limits)).toBe(400);
    }
    await api(t.app, 'PUT', '/api/v1/compensation-limits', admin, { limits: [{ role: 'agent', limitFen: 20_000 }] });
  });

  it('answers a stale version with 409 and changes nothing', async () => {
    const c = await newCase();
    const r = (await put(c.id, body(10_000))).json().recovery;
    await put(c.id, { ...body(12_000), version: r.version });
    const stale = await put(c.id, { ...body(5_000), version: r.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_version');
    // Leaving the version out when a recovery exists is stale too; giving one when none exists as well.
    expect((await put(c.id, body(5_000))).statusCode).toBe(409);
    const fresh = await newCase();
    expect((await put(fresh.id, { ...body(5_000), version: 1 })).statusCode).toBe(409);
    const pending = (await put(fresh.id, body(90_000))).json().recovery;
    expect((await decide(fresh.id, 'approve', { version: pending.version + 1 }, as('supervisor@A'))).statusCode).toBe(409);
    expect((await api(t.app, 'GET', `/api/v1/cases/${c.id}`, as('agent'))).json().recovery.compensation.amountFen).toBe(12_000);
  });

  it('refuses bad amounts and dates with 400 on the field', async () => {
    const c = await newCase();
    const cases: Array<[unknown, string]> = [
      [{ ...body(0), compensation: { type: 'cash', amountFen: 0 } }, 'compensation.amountFen'],
      [{ ...body(0), compensation: { type: 'none', amountFen: 100 } }, 'compensation.amountFen'],
      [{ ...body(0), compensation: { type: 'refund', amountFen: 12.5 } }, 'compensation.amountFen'],
      [{ ...body(0), compensation: { type: 'refund', amountFen: -100 } }, 'compensation.amountFen'],
      [{ ...body(0), compensation: { type: 'refund', amountFen: 1e12 } }, 'compensation.amountFen'],
      [{ ...body(0), compensation: { type: 'refund', amountFen: '100' } }, 'compensation.amountFen'],
      [{ ...body(0), compensation: { type: 'bitcoin', amountFen: 100 } }, 'compensation.type'],
      [{ ...body(0), attributionClass: 5 }, 'attributionClass'],
      [{ ...body(0), explanation: { givenAt: new Date(Date.now() + 86_400_000).toISOString(), method: 'phone', text: '说明' } }, 'explanation.givenAt'],
      [{ ...body(0), explanation: { givenAt: minutesAgo(1), method: 'pigeon', text: '说明' } }, 'explanation.method'],
      [{ ...body(0), failureReportedAt: minutesAgo(10), explanation: { givenAt: minutesAgo(20), method: 'phone', text: '说明' } }, 'explanation.givenAt'],
    ];
    for (const [b, path] of cases) {
      const res = await put(c.id, b);
      expect(res.statusCode, `${path}: ${res.body}`).toBe(400);
      expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect(await t.db.kysely.selectFrom('case_recoveries').selectAll().where('case_id', '=', c.id).execute()).toEqual([]);
  });

  it('refuses recovery on cases out of reach and on cancelled cases', async () => {
    const onB = await newCase(org.siteB);
    expect((await put(onB.id, body(0), 'agent@A')).statusCode).toBe(404);
    const c = await newCase();
    const cancelled = await api(t.app, 'POST', `/api/v1/cases/${c.id}/transitions`, as('agent'), { action: 'cancel', version: 1 });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect((await put(c.id, body(0))).statusCode).toBe(409);
  });
});
