import http from 'node:http';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { type Db, openDatabase } from '../src/server/db/database.js';
import { afterCaseWrite } from '../src/server/modules/cases/case-effects.js';
import { api, authHeaders, type Auth, createTestApp, login, type TestApp } from './helpers/app.js';
import { DIALECTS, POSTGRES_ADMIN_URL } from './helpers/db.js';
import { createOrgFixture, insertUser, type OrgFixture, TEST_PASSWORD } from './helpers/factories.js';

interface LiveEvent {
  event: string;
  data: Record<string, unknown>;
}

/** A server-sent-events client on a real socket: collects events, resolves waits as they arrive. */
class Stream {
  readonly events: LiveEvent[] = [];
  private waiters: { match: (e: LiveEvent) => boolean; resolve: (e: LiveEvent) => void }[] = [];
  private buffer = '';
  ended: Promise<void>;
  private constructor(private readonly request: http.ClientRequest, readonly response: http.IncomingMessage) {
    this.ended = new Promise((resolve) => response.on('end', () => resolve()).on('close', () => resolve()));
  }

  /** Opens the stream and resolves once the server has subscribed it (its first comment arrived). */
  static open(base: string, auth: Auth): Promise<Stream> {
    return new Promise((resolve, reject) => {
      const request = http.get(`${base}/api/v1/live`, { headers: { ...authHeaders(auth), accept: 'text/event-stream' } }, (response) => {
        if (response.statusCode !== 200) return reject(new Error(`live answered ${response.statusCode}`));
        const stream = new Stream(request, response);
        response.setEncoding('utf8');
        let opened = false;
        response.on('data', (chunk: string) => {
          stream.take(chunk);
          if (!opened && stream.buffer.length === 0) {
            opened = true;
            resolve(stream);
          }
        });
      });
      request.on('error', reject);
    });
  }

  private take(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
      const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
      if (!event || data === undefined) continue;
      const parsed = { event, data: JSON.parse(data) as Record<string, unknown> };
      this.events.push(parsed);
      this.waiters = this.waiters.filter((w) => (w.match(parsed) ? (w.resolve(parsed), false) : true));
    }
  }

  /** The first event (already received or still to come) that matches. */
  next(match: (e: LiveEvent) => boolean): Promise<LiveEvent> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  forCase(id: string): Promise<LiveEvent> {
    return this.next((e) => e.event === 'case' && e.data.caseId === id);
  }

  caseIds(): string[] {
    return this.events.filter((e) => e.event === 'case').map((e) => e.data.caseId as string);
  }

  close(): void {
    this.request.destroy();
  }
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

describe.each(DIALECTS)('live updates on %s', (dialect) => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let other: OrgFixture;
  const as = (key: string, o = org) => ({ bearer: o.users[key].token });
  const streams: Stream[] = [];
  const open = async (auth: Auth, url = base) => {
    const s = await Stream.open(url, auth);
    streams.push(s);
    return s;
  };

  beforeAll(async () => {
    // Heartbeats every 100 ms, so that a stream notices a sign-out within the test.
    t = await createTestApp(dialect, { liveHeartbeatMs: 100 });
    org = await createOrgFixture(t.db, 'lv');
    other = await createOrgFixture(t.db, 'lo');
    base = await listen(t.app);
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await t?.drop();
  });

  const newCase = async (o: OrgFixture, siteId: string, title = '楼道灯不亮') => {
    const res = await api(t.app, 'POST', '/api/v1/cases', as('supervisor', o), { type: 'repair', channel: 'phone', siteId, title, description: '3单元楼道灯坏了好几天' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; version: number; number: string };
  };

  it('answers 401 without a session and opens an event stream with a retry hint for a signed-in user', async () => {
    expect((await api(t.app, 'GET', '/api/v1/live')).statusCode).toBe(401);
    const session = await login(t.app, 'lv.agent.a', TEST_PASSWORD);
    const raw = await new Promise<{ status: number; type: string; first: string; req: http.ClientRequest }>((resolve) => {
      const req = http.get(`${base}/api/v1/live`, { headers: { cookie: (session as { cookie: string }).cookie } }, (res) => {
        res.setEncoding('utf8');
        res.once('data', (chunk: string) => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), first: chunk, req }));
      });
    });
    raw.req.destroy();
    expect(raw.status).toBe(200);
    expect(raw.type).toContain('text/event-stream');
    expect(raw.first).toMatch(/^retry: \d+\n/);
  });

  it('ends the stream once its session is signed out or its token revoked, and keeps the others open', async () => {
    const session = await login(t.app, 'lv.agent.a', TEST_PASSWORD);
    const signedIn = await open(session);
    const watcher = await insertUser(t.db, org.orgId, 'lv.watcher', 'agent', org.siteA);
    const byToken = await open({ bearer: watcher.token });
    const bystander = await open(as('agent'));
    expect((await api(t.app, 'POST', '/api/v1/auth/logout', session)).statusCode).toBeLessThan(300);
    await signedIn.ended;
    await t.db.kysely.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).where('user_id', '=', watcher.id).execute();
    await byToken.ended;
    // The agent's stream still carries changes.
    const created = await newCase(org, org.siteA, '电梯异响');
    expect((await bystander.forCase(created.id)).data.caseId).toBe(created.id);
  });

  it('delivers a case change to a listener on its site, with ids and the version only', async () => {
    const session = await login(t.app, 'lv.agent.a', TEST_PASSWORD);
    const stream = await open(session);
    const created = await newCase(org, org.siteA);
    const event = await stream.forCase(created.id);
    expect(event).toEqual({ event: 'case', data: { orgId: org.orgId, siteId: org.siteA, caseId: created.id, kind: 'created', version: 1 } });

    const assigned = await api(t.app, 'POST', `/api/v1/cases/${created.id}/transitions`, as('agent@A'), { action: 'assign', version: 1 });
    expect(assigned.statusCode).toBe(200);
    expect((await stream.next((e) => e.data.caseId === created.id && e.data.kind === 'transition')).data.version).toBe(2);
    // Never personal data or text: the payload is exactly the five fields.
    for (const e of stream.events.filter((x) => x.event === 'case')) expect(Object.keys(e.data).sort()).toEqual(['caseId', 'kind', 'orgId', 'siteId', 'version']);
  });

  it('never delivers another site’s or another organisation’s changes', async () => {
    const siteA = await open(as('agent@A'));
    const everywhere = await open(as('supervisor'));
    const foreign = await open(as('supervisor', other));
    const onB = await newCase(org, org.siteB, '另一站点的工单');
    const otherOrg = await newCase(other, other.siteA, '另一组织的工单');
    // A marker written last on site A: delivered in commit order, it arrives after anything before it.
    const marker = await newCase(org, org.siteA, '标记工单');
    await siteA.forCase(marker.id);
    await everywhere.forCase(marker.id);
    await everywhere.forCase(onB.id);
    await foreign.forCase(otherOrg.id);
    expect(siteA.caseIds()).not.toContain(onB.id);
    expect(siteA.caseIds()).not.toContain(otherOrg.id);
    expect(everywhere.caseIds()).not.toContain(otherOrg.id);
    expect(foreign.caseIds()).toEqual([otherOrg.id]);
  });

  it('emits nothing for a write that is rolled back', async () => {
    const stream = await open(as('supervisor'));
    const c = await newCase(org, org.siteA, '回滚测试');
    await stream.forCase(c.id);
    await expect(
      t.db.kysely.transaction().execute(async (trx) => {
        const inTrx: Db = { ...t.db, kysely: trx };
        await trx.updateTable('cases').set({ version: c.version + 1 }).where('id', '=', c.id).execute();
        await afterCaseWrite(inTrx, org.orgId, c.id, { kind: 'note', actor: null });
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    // A bulk assignment refused on its second case has already written (and announced) the first inside its transaction.
    const first = await newCase(org, org.siteA, '批量回滚一');
    const second = await newCase(org, org.siteA, '批量回滚二');
    const refused = await api(t.app, 'POST', '/api/v1/cases/bulk-assign', as('supervisor'), {
      cases: [{ id: first.id, version: first.version }, { id: second.id, version: second.version + 5 }],
      assigneeId: org.users['agent@A'].id,
    });
    expect(refused.statusCode).toBe(409);
    const marker = await newCase(org, org.siteA, '回滚后的标记');
    await stream.forCase(marker.id);
    expect(stream.events.filter((e) => e.data.caseId === c.id).map((e) => e.data.kind)).toEqual(['created']);
    expect(stream.events.filter((e) => e.data.caseId === first.id).map((e) => e.data.kind)).toEqual(['created']);
  });

  it('announces every case of a bulk assignment', async () => {
    const stream = await open(as('supervisor'));
    const cases = [await newCase(org, org.siteA, '批量一'), await newCase(org, org.siteA, '批量二')];
    const res = await api(t.app, 'POST', '/api/v1/cases/bulk-assign', as('supervisor'), { cases: cases.map((c) => ({ id: c.id, version: c.version })), assigneeId: org.users['agent@A'].id });
    expect(res.statusCode, res.body).toBe(200);
    for (const c of cases) expect((await stream.next((e) => e.data.caseId === c.id && e.data.kind === 'transition')).data.version).toBe(2);
  });
});

describe.runIf(DIALECTS.includes('postgres'))('live updates across two app instances on one PostgreSQL', () => {
  let t: TestApp;
  let second: { app: FastifyInstance; db: Db };
  let baseB: string;
  let org: OrgFixture;

  beforeAll(async () => {
    t = await createTestApp('postgres');
    org = await createOrgFixture(t.db, 'tw');
    // A second instance: its own pool and its own listener, on the same database.
    const db = openDatabase({ dialect: 'postgres', url: t.url }, { poolSize: 3 });
    const app = await buildApp({ config: loadConfig({ DATABASE_URL: t.url, LOG_LEVEL: 'silent' }), db, logger: false });
    second = { app, db };
    baseB = await listen(app);
  });
  afterAll(async () => {
    await second?.app.close();
    await second?.db.close();
    await t?.drop();
  });

  it('delivers a write made through instance A to a stream on instance B, again after B’s listener lost its connection, and ends the stream when B closes', async () => {
    const stream = await Stream.open(baseB, { bearer: org.users['agent@A'].token });
    const create = async (title: string) => {
      const res = await api(t.app, 'POST', '/api/v1/cases', { bearer: org.users.supervisor.token }, { type: 'inquiry', channel: 'counter', siteId: org.siteA, title, description: '询问停车月卡办理' });
      expect(res.statusCode).toBe(201);
      return res.json().id as string;
    };
    const first = await create('实例A写入');
    expect((await stream.forCase(first)).data).toMatchObject({ orgId: org.orgId, siteId: org.siteA, kind: 'created' });

    // The database cuts B's LISTEN connection: B reconnects, tells the stream to resync, and hears writes again.
    const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    const dbName = new URL(t.url).pathname.slice(1);
    const cut = await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and query ilike 'LISTEN%'`, [dbName]);
    await admin.end();
    expect(cut.rowCount).toBe(1);
    await stream.next((e) => e.event === 'resync');
    const again = await create('重连后写入');
    await stream.forCase(again);

    await second.app.close();
    await stream.ended;
    expect(stream.response.complete).toBe(true);
  });
});
