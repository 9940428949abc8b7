import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/server/config.js';
import { type Db, openDatabase } from '../src/server/db/database.js';
import { newId, nowIso } from '../src/server/lib/ids.js';
import { localMidnight, queueRevisitReminders } from '../src/server/modules/outbox/outbox.events.js';
import { enqueueMessage } from '../src/server/modules/outbox/outbox.service.js';
import { smsWebhookTransport, smtpTransport, type OutgoingMessage, type Transport, type Transports, webhookSignature } from '../src/server/modules/outbox/outbox.transports.js';
import { deliverOutbox, retryDelayMs } from '../src/server/modules/outbox/outbox.worker.js';
import { api, createTestApp, type TestApp } from './helpers/app.js';
import { DIALECTS } from './helpers/db.js';
import { createOrgFixture, insertCustomer, type OrgFixture } from './helpers/factories.js';

/** A transport that records what it was given and fails while `failing` says so. */
function recordingTransport(options: { failing?: () => boolean; delayMs?: number } = {}): Transport & { sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  return {
    name: 'recording',
    sent,
    async send(message) {
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      if (options.failing?.()) throw new Error('gateway unavailable');
      sent.push(message);
    },
  };
}

const both = (t: Transport): Transports => ({ email: t, sms: t });

async function queue(db: Db, orgId: string, overrides: Partial<Parameters<typeof enqueueMessage>[1]> = {}) {
  return enqueueMessage(db, {
    orgId,
    channel: 'sms',
    event: 'case.updated',
    locale: 'zh-CN',
    recipient: '13800000001',
    data: { customerName: '王建国', number: 'FW-1', title: '漏水', update: '已处理完毕', reply: '', orgName: '测试物业' },
    ...overrides,
  });
}

function messages(db: Db, orgId: string) {
  return db.kysely.selectFrom('outbox_messages').selectAll().where('org_id', '=', orgId).orderBy('created_at').orderBy('id').execute();
}

describe('outbox configuration', () => {
  it('lists a half-configured transport and bad values together', () => {
    let error: unknown;
    try {
      loadConfig({ SMTP_URL: 'http://mail.example.com', SMS_WEBHOOK_URL: 'https://sms.example.com/send', OUTBOX_MAX_ATTEMPTS: '0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.split(':')[0]).sort()).toEqual(['OUTBOX_MAX_ATTEMPTS', 'SMS_WEBHOOK_SECRET', 'SMTP_FROM', 'SMTP_URL']);
    expect(() => loadConfig({ SMS_WEBHOOK_URL: 'https://sms.example.com/send' })).toThrow(/SMS_WEBHOOK_SECRET: is required/);
    const config = loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.com', SMTP_FROM: '服务中心 <noreply@example.com>' });
    expect(config.outbox.smtp).toEqual({ url: 'smtps://u:p@mail.example.com', from: '服务中心 <noreply@example.com>' });
    expect(config.outbox.smsWebhook).toBeNull();
  });

  it('backs off exponentially up to a ceiling', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 60) / 1000)).toEqual([60, 120, 240, 480]);
    expect(retryDelayMs(40, 60)).toBe(6 * 3600 * 1000);
  });
});

describe.each(DIALECTS)('outbox on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;
  const admin = () => ({ bearer: org.users.admin.token });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    org = await createOrgFixture(t.db, 'ob');
    other = await createOrgFixture(t.db, 'oc');
  });
  afterAll(async () => t?.drop());

  /** Leaves only the messages a test makes itself. */
  async function clearOutbox() {
    await t.db.kysely.deleteFrom('outbox_messages').execute();
  }

  it('delivers email to an SMTP server with the Chinese subject intact and values escaped in HTML', async () => {
    await clearOutbox();
    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push(Buffer.concat(chunks).toString('utf8'));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.server.address() as AddressInfo).port;
    const email = smtpTransport({ url: `smtp://127.0.0.1:${port}`, from: '阳光物业服务中心 <noreply@fuwu.test>' });
    try {
      const queued = await queue(t.db, org.orgId, {
        channel: 'email',
        recipient: 'wang.jianguo@example.com',
        data: { customerName: '王建国 <script>', number: 'FW-20261103-0007', title: '电梯异响 & 漏水', update: '已处理完毕', reply: '维修人员已到场。', orgName: '阳光物业' },
      });
      const counts = await deliverOutbox(t.db, new Date(), { transports: { email, sms: recordingTransport() }, maxAttempts: 3, retryBaseSeconds: 60 });
      expect(counts).toEqual({ sent: 1, retried: 0, dead: 0 });
      expect(received).toHaveLength(1);
      const mail = await simpleParser(received[0]);
      expect(mail.subject).toBe('您的工单 FW-20261103-0007 已处理完毕');
      expect(mail.from?.value[0]).toMatchObject({ name: '阳光物业服务中心', address: 'noreply@fuwu.test' });
      expect(mail.text).toContain('您反映的问题“电梯异响 & 漏水”（工单号 FW-20261103-0007）已处理完毕。');
      expect(mail.text).toContain('王建国 <script>');
      expect(mail.html).toContain('王建国 &lt;script&gt;');
      expect(mail.html).not.toContain('<script>');
      expect(mail.messageId).toBe(`<${queued.id}@fuwu.outbox>`);
      const [row] = await messages(t.db, org.orgId);
      expect(row).toMatchObject({ status: 'sent', attempts: 1, claimed_by: null, last_error: null });
      expect(row.sent_at).not.toBeNull();
    } finally {
      await email.close?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('posts SMS to the gateway webhook signed with HMAC-SHA256, and treats a non-2xx answer as a failure', async () => {
    await clearOutbox();
    const secret = 'test-secret-0123456789abcdef';
    const requests: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    let answer = 500;
    const receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.statusCode = answer;
        res.end(answer === 200 ? '{"ok":true}' : 'quota exceeded');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/sms`;
    const sms = smsWebhookTransport({ url, secret });
    try {
      const queued = await queue(t.db, org.orgId, { recipient: '+8613800000001' });
      const now = new Date();
      expect(await deliverOutbox(t.db, now, { transports: { sms, email: recordingTransport() }, maxAttempts: 3, retryBaseSeconds: 60 })).toEqual({ sent: 0, retried: 1, dead: 0 });
      let [row] = await messages(t.db, org.orgId);
      expect(row.status).toBe('queued');
      expect(row.last_error).toBe('SMS gateway answered 500: quota exceeded');

      answer = 200;
      expect(await deliverOutbox(t.db, new Date(now.getTime() + 61_000), { transports: { sms, email: recordingTransport() }, maxAttempts: 3, retryBaseSeconds: 60 })).toEqual({ sent: 1, retried: 0, dead: 0 });
      [row] = await messages(t.db, org.orgId);
      expect(row).toMatchObject({ status: 'sent', attempts: 2, last_error: null });

      expect(requests).toHaveLength(2);
      const last = requests[1];
      const timestamp = String(last.headers['x-fuwu-timestamp']);
      expect(last.headers['x-fuwu-signature']).toBe(`sha256=${webhookSignature(secret, timestamp, last.body)}`);
      expect(last.headers['x-fuwu-signature']).not.toBe(`sha256=${webhookSignature('another-secret-0123456789', timestamp, last.body)}`);
      expect(last.headers['idempotency-key']).toBe(queued.id);
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(600);
      const payload = JSON.parse(last.body);
      expect(payload).toMatchObject({ id: queued.id, to: '+8613800000001', event: 'case.updated', locale: 'zh-CN' });
      expect(payload.text).toBe('【测试物业】王建国您好，您反映的问题（工单号 FW-1）已处理完毕。');
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });

  it('retries with exponential back-off and dead-letters after the last attempt; an administrator can queue it again', async () => {
    await clearOutbox();
    const failing = recordingTransport({ failing: () => true });
    const { id } = await queue(t.db, org.orgId);
    const options = { transports: both(failing), maxAttempts: 3, retryBaseSeconds: 60 };
    const start = new Date();
    const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
    const row = async () => (await messages(t.db, org.orgId))[0];

    expect(await deliverOutbox(t.db, start, options)).toEqual({ sent: 0, retried: 1, dead: 0 });
    let r = await row();
    expect(r).toMatchObject({ status: 'queued', attempts: 1, last_error: 'gateway unavailable' });
    const firstWait = Date.parse(r.next_attempt_at) - start.getTime();
    expect(firstWait).toBeGreaterThanOrEqual(60_000);
    expect(firstWait).toBeLessThan(70_000);

    // Not due yet: nothing is claimed.
    expect(await deliverOutbox(t.db, at(30), options)).toEqual({ sent: 0, retried: 0, dead: 0 });
    expect(await deliverOutbox(t.db, at(61), options)).toEqual({ sent: 0, retried: 1, dead: 0 });
    r = await row();
    const secondWait = Date.parse(r.next_attempt_at) - at(61).getTime();
    expect(r.attempts).toBe(2);
    expect(secondWait).toBeGreaterThanOrEqual(120_000);
    expect(secondWait).toBeLessThan(130_000);
    expect(await deliverOutbox(t.db, at(110), options)).toEqual({ sent: 0, retried: 0, dead: 0 });

    expect(await deliverOutbox(t.db, at(200), options)).toEqual({ sent: 0, retried: 0, dead: 1 });
    r = await row();
    expect(r).toMatchObject({ status: 'dead', attempts: 3, claimed_by: null });
    // Dead is final for the worker.
    expect(await deliverOutbox(t.db, at(100_000), options)).toEqual({ sent: 0, retried: 0, dead: 0 });

    const listed = await api(t.app, 'GET', '/api/v1/outbox/messages?status=dead', admin());
    expect(listed.json().items.map((m: { id: string }) => m.id)).toEqual([id]);
    const detail = await api(t.app, 'GET', `/api/v1/outbox/messages/${id}`, admin());
    expect(detail.json()).toMatchObject({ status: 'dead', attempts: 3, lastError: 'gateway unavailable', body: expect.stringContaining('王建国') });
    const retried = await api(t.app, 'POST', `/api/v1/outbox/messages/${id}/retry`, admin());
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ status: 'queued', attempts: 0 });
    expect((await api(t.app, 'POST', `/api/v1/outbox/messages/${id}/retry`, admin())).statusCode).toBe(409);
    const audit = await t.db.kysely.selectFrom('audit_events').selectAll().where('entity', '=', 'outbox_message').where('entity_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toEqual(['retry']);
    const delivered = recordingTransport();
    expect(await deliverOutbox(t.db, new Date(), { ...options, transports: both(delivered) })).toEqual({ sent: 1, retried: 0, dead: 0 });
  });

  it('cancels a queued message, which is then never sent; a sent one cannot be cancelled', async () => {
    await clearOutbox();
    const { id } = await queue(t.db, org.orgId);
    const cancelled = await api(t.app, 'POST', `/api/v1/outbox/messages/${id}/cancel`, admin());
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    const transport = recordingTransport();
    expect(await deliverOutbox(t.db, new Date(), { transports: both(transport), maxAttempts: 3, retryBaseSeconds: 60 })).toEqual({ sent: 0, retried: 0, dead: 0 });
    expect(transport.sent).toHaveLength(0);
    const again = await api(t.app, 'POST', `/api/v1/outbox/messages/${id}/cancel`, admin());
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('conflict');
    // Another organisation's message is not found.
    const foreign = await queue(t.db, other.orgId);
    expect((await api(t.app, 'POST', `/api/v1/outbox/messages/${foreign.id}/cancel`, admin())).statusCode).toBe(404);
    expect((await api(t.app, 'GET', `/api/v1/outbox/messages/${foreign.id}`, admin())).statusCode).toBe(404);
    const summary = await api(t.app, 'GET', '/api/v1/outbox/summary', admin());
    expect(summary.json().counts).toEqual({ queued: 0, sending: 0, sent: 0, dead: 0, cancelled: 1 });
  });

  it('takes over a claim that expired (its instance died) but not one still held', async () => {
    await clearOutbox();
    const stale = await queue(t.db, org.orgId, { recipient: '13800000011' });
    const held = await queue(t.db, org.orgId, { recipient: '13800000012' });
    const now = new Date();
    await t.db.kysely.updateTable('outbox_messages').set({ status: 'sending', claimed_by: 'dead-instance', claimed_until: new Date(now.getTime() - 1000).toISOString() }).where('id', '=', stale.id!).execute();
    await t.db.kysely.updateTable('outbox_messages').set({ status: 'sending', claimed_by: 'live-instance', claimed_until: new Date(now.getTime() + 60_000).toISOString() }).where('id', '=', held.id!).execute();
    const transport = recordingTransport();
    expect(await deliverOutbox(t.db, now, { transports: both(transport), maxAttempts: 3, retryBaseSeconds: 60 })).toEqual({ sent: 1, retried: 0, dead: 0 });
    expect(transport.sent.map((m) => m.id)).toEqual([stale.id]);
    const rows = await messages(t.db, org.orgId);
    expect(rows.find((r) => r.id === held.id)).toMatchObject({ status: 'sending', claimed_by: 'live-instance' });
  });

  it('two workers on two connections to one database deliver every message exactly once', async () => {
    await clearOutbox();
    const ids = new Set<string>();
    for (let i = 0; i < 300; i++) ids.add((await queue(t.db, org.orgId, { recipient: `1380000${String(i).padStart(4, '0')}` })).id!);
    const second = openDatabase(dialect === 'sqlite' ? { dialect: 'sqlite', file: t.url.slice('sqlite:'.length) } : { dialect: 'postgres', url: t.url }, { poolSize: 3 });
    const first = openDatabase(dialect === 'sqlite' ? { dialect: 'sqlite', file: t.url.slice('sqlite:'.length) } : { dialect: 'postgres', url: t.url }, { poolSize: 3 });
    try {
      const a = recordingTransport({ delayMs: 1 });
      const b = recordingTransport({ delayMs: 1 });
      const options = { maxAttempts: 3, retryBaseSeconds: 60, batchSize: 20, concurrency: 4 };
      // Several rounds each, all at once: the instances keep competing for the same due rows.
      const rounds = (db: Db, transport: Transport, workerId: string) =>
        Array.from({ length: 3 }, () => deliverOutbox(db, new Date(), { ...options, transports: both(transport), workerId }));
      const results = await Promise.all([...rounds(first, a, 'instance-a'), ...rounds(second, b, 'instance-b')]);
      const sentIds = [...a.sent, ...b.sent].map((m) => m.id);
      expect(sentIds).toHaveLength(300);
      expect(new Set(sentIds)).toEqual(ids);
      expect(results.reduce((n, r) => n + r.sent, 0)).toBe(300);
      // Both took part (otherwise the test would prove nothing about competing workers).
      expect(a.sent.length).toBeGreaterThan(0);
      expect(b.sent.length).toBeGreaterThan(0);
      const rows = await messages(t.db, org.orgId);
      expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('queues once per dedupe key, and nothing when the caller’s transaction rolls back', async () => {
    await clearOutbox();
    expect((await queue(t.db, org.orgId, { dedupeKey: 'k-1' })).queued).toBe(true);
    expect((await queue(t.db, org.orgId, { dedupeKey: 'k-1' })).queued).toBe(false);
    // The same key in another organisation is another message.
    expect((await queue(t.db, other.orgId, { dedupeKey: 'k-1' })).queued).toBe(true);
    // A repeated key inside a transaction leaves the transaction usable (PostgreSQL would abort it on an error).
    await t.db.kysely.transaction().execute(async (trx) => {
      expect((await enqueueMessage(trx, { orgId: org.orgId, channel: 'sms', event: 'case.updated', locale: 'zh-CN', recipient: '1', data: {}, dedupeKey: 'k-1' })).queued).toBe(false);
      await trx.selectFrom('outbox_messages').select('id').execute();
    });
    await expect(
      t.db.kysely.transaction().execute(async (trx) => {
        await enqueueMessage(trx, { orgId: org.orgId, channel: 'sms', event: 'case.updated', locale: 'zh-CN', recipient: '2', data: {}, dedupeKey: 'k-2' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect((await messages(t.db, org.orgId)).map((m) => m.dedupe_key)).toEqual(['k-1']);
  });

  describe('case updates to the customer', () => {
    let caseId: string;
    let version: number;
    let customerId: string;

    async function createCase(customer: string) {
      const res = await api(t.app, 'POST', '/api/v1/cases', { bearer: org.users.supervisor.token }, { type: 'repair', channel: 'phone', siteId: org.siteA, customerId: customer, title: '电梯异响', description: '3号楼电梯运行有异响' });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; version: number };
    }
    async function act(action: string, extra: Record<string, unknown> = {}) {
      const res = await api(t.app, 'POST', `/api/v1/cases/${caseId}/transitions`, { bearer: org.users.supervisor.token }, { action, version, ...extra });
      expect(res.statusCode, res.body).toBe(200);
      version = res.json().version;
    }
    async function comment(body: string, isPublic: boolean) {
      const res = await api(t.app, 'POST', `/api/v1/cases/${caseId}/comments`, { bearer: org.users.supervisor.token }, { body, public: isPublic });
      expect(res.statusCode, res.body).toBe(201);
      version = res.json().version;
    }

    beforeAll(async () => {
      customerId = await insertCustomer(t.db, org.orgId, org.siteA, '赵敏', '13912345678');
      await t.db.kysely.updateTable('customers').set({ consent_sms: 1, consent_email: 0, email: 'zhao.min@example.com' }).where('id', '=', customerId).execute();
    });

    it('sends what the customer consented to on public replies, resolution and closing, never on notes', async () => {
      await clearOutbox();
      ({ id: caseId, version } = await createCase(customerId));
      await act('assign', { assigneeId: org.users.supervisor.id });
      await comment('内部备注：先联系电梯维保公司', false);
      await act('start');
      expect(await messages(t.db, org.orgId)).toHaveLength(0);

      await comment('维保人员今天下午到场检修，请您留意。', true);
      let rows = await messages(t.db, org.orgId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ channel: 'sms', event: 'case.updated', recipient: '13912345678', recipient_customer_id: customerId, status: 'queued', subject: null });
      expect(rows[0].body).toContain('有了新的回复。维保人员今天下午到场检修，请您留意。');
      expect(rows[0].body).not.toContain('内部备注');

      await act('resolve');
      await act('close');
      rows = await messages(t.db, org.orgId);
      expect(rows.map((r) => r.body.match(/工单号 \S+）(\S+?)。/)?.[1])).toEqual(['有了新的回复', '已处理完毕', '已办结']);
      expect(rows.every((r) => r.channel === 'sms')).toBe(true);

      // With email consent too, each update goes both ways.
      await t.db.kysely.updateTable('customers').set({ consent_email: 1 }).where('id', '=', customerId).execute();
      await act('reopen');
      await comment('已更换电梯导靴，异响消除。', true);
      rows = (await messages(t.db, org.orgId)).slice(3);
      expect(rows.map((r) => r.channel).sort()).toEqual(['email', 'sms']);
      expect(rows.find((r) => r.channel === 'email')).toMatchObject({ recipient: 'zhao.min@example.com', subject: expect.stringMatching(/^您的工单 FW-\d{8}-\d{4} 有了新的回复$/) });
    });

    it('sends nothing to a customer who did not consent, or to a case without customer', async () => {
      await clearOutbox();
      const silent = await insertCustomer(t.db, org.orgId, org.siteA, '钱多多', '13911112222');
      await t.db.kysely.updateTable('customers').set({ email: 'qian@example.com' }).where('id', '=', silent).execute();
      ({ id: caseId, version } = await createCase(silent));
      await act('assign', { assigneeId: org.users.supervisor.id });
      await comment('我们已收到，将尽快处理。', true);
      await act('resolve');
      expect(await messages(t.db, org.orgId)).toHaveLength(0);
    });

    it('uses the organisation’s own template, falls back to the built-in one, and restores it', async () => {
      await clearOutbox();
      const put = await api(t.app, 'PUT', '/api/v1/message-templates/case.updated/sms/zh-CN', admin(), { body: '【{{orgName}}】{{ customerName }}：工单{{number}}{{update}}。', version: 0 });
      expect(put.statusCode, put.body).toBe(200);
      expect(put.json()).toMatchObject({ isDefault: false, version: 1, subject: null });
      ({ id: caseId, version } = await createCase(customerId));
      await t.db.kysely.updateTable('customers').set({ consent_email: 0 }).where('id', '=', customerId).execute();
      await act('assign', { assigneeId: org.users.supervisor.id });
      await act('resolve');
      let rows = await messages(t.db, org.orgId);
      expect(rows).toHaveLength(1);
      expect(rows[0].body).toMatch(/^【测试组织ob】赵敏：工单FW-\d{8}-\d{4}已处理完毕。$/);

      // Another language has no override: the built-in wording.
      await queue(t.db, org.orgId, { locale: 'en-US', data: { customerName: 'Zhao Min', number: 'FW-9', update: 'has been resolved', orgName: 'Sunshine' } });
      // An unknown language falls back to zh-CN (with the organisation's override).
      await queue(t.db, org.orgId, { locale: 'fr-FR', data: { customerName: '赵敏', number: 'FW-10', update: '已办结', orgName: '阳光' } });
      rows = await messages(t.db, org.orgId);
      expect(rows[1].body).toBe('[Sunshine] Dear Zhao Min, your request FW-9 has been resolved.');
      expect(rows[2]).toMatchObject({ locale: 'zh-CN', body: '【阳光】赵敏：工单FW-10已办结。' });

      // Stale and invalid edits are refused and change nothing.
      const stale = await api(t.app, 'PUT', '/api/v1/message-templates/case.updated/sms/zh-CN', admin(), { body: '过期的修改', version: 0 });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe('stale_version');
      const unknown = await api(t.app, 'PUT', '/api/v1/message-templates/case.updated/sms/zh-CN', admin(), { body: '{{password}}', version: 1 });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().error.details).toEqual([expect.objectContaining({ path: 'body', code: 'unknown_placeholder' })]);
      const subjectOnSms = await api(t.app, 'PUT', '/api/v1/message-templates/case.updated/sms/zh-CN', admin(), { subject: '主题', body: '正文', version: 1 });
      expect(subjectOnSms.json().error.details).toEqual([expect.objectContaining({ path: 'subject', code: 'not_allowed' })]);
      const noSubject = await api(t.app, 'PUT', '/api/v1/message-templates/case.updated/email/zh-CN', admin(), { body: '正文', version: 0 });
      expect(noSubject.json().error.details).toEqual([expect.objectContaining({ path: 'subject', code: 'required' })]);
      expect((await api(t.app, 'PUT', '/api/v1/message-templates/revisit.reminder/sms/zh-CN', admin(), { body: '正文', version: 0 })).statusCode).toBe(404);

      const list = await api(t.app, 'GET', '/api/v1/message-templates', admin());
      const items = list.json().items as { event: string; channel: string; locale: string; isDefault: boolean; updatedByName: string | null }[];
      expect(items).toHaveLength(9);
      expect(items.filter((i) => !i.isDefault)).toEqual([expect.objectContaining({ event: 'case.updated', channel: 'sms', locale: 'zh-CN', updatedByName: '用户ob.admin' })]);

      const preview = await api(t.app, 'POST', '/api/v1/message-templates/preview', admin(), { event: 'revisit.reminder', channel: 'email', locale: 'zh-TW', subject: '{{count}} 項回訪', body: '{{name}}：\n{{list}}' });
      expect(preview.json()).toEqual({ subject: '2 項回訪', body: '張敏：\n· 10:00 王建國（電話）\n· 14:30 李秀英（上門）' });

      const restored = await api(t.app, 'DELETE', '/api/v1/message-templates/case.updated/sms/zh-CN', admin());
      expect(restored.json()).toMatchObject({ isDefault: true, version: 0, body: expect.stringContaining('您反映的问题') });
      await act('close');
      rows = await messages(t.db, org.orgId);
      expect(rows[3].body).toMatch(/^【测试组织ob】赵敏您好，您反映的问题（工单号 FW-\d{8}-\d{4}）已办结。$/);
      const audit = await t.db.kysely.selectFrom('audit_events').select('action').where('entity', '=', 'message_template').where('org_id', '=', org.orgId).orderBy('created_at').execute();
      expect(audit.map((a) => a.action)).toEqual(['create', 'delete']);
    });
  });

  describe('revisit reminders', () => {
    const ownerEmail = 'zhang.min@example.com';

    /** A revisit of its own case: a case has at most one open revisit. */
    async function insertRevisit(ownerId: string | null, dueAt: Date, status = 'due'): Promise<string> {
      const res = await api(t.app, 'POST', '/api/v1/cases', { bearer: org.users.supervisor.token }, { type: 'complaint', channel: 'phone', siteId: org.siteA, customerId: org.customerA, title: '噪音', description: '楼上装修噪音' });
      expect(res.statusCode, res.body).toBe(201);
      const caseId = res.json().id as string;
      const id = newId();
      const now = nowIso();
      await t.db.kysely
        .insertInto('revisits')
        .values({
          id, org_id: org.orgId, site_id: org.siteA, customer_id: org.customerA, case_id: caseId, plan_id: null, plan_period: null, kind: 'case', channel: 'phone', owner_id: ownerId, status,
          due_at: dueAt.toISOString(), deadline_at: new Date(dueAt.getTime() + 48 * 3600_000).toISOString(), max_attempts: 3, retry_interval_hours: 4, attempt_count: 0, next_attempt_at: null,
          last_outcome: null, solved: null, satisfaction: null, comment: null, completed_at: null, completed_by: null, reminded_at: null, version: 1, created_at: now, updated_at: now,
        })
        .execute();
      return id;
    }

    beforeAll(async () => {
      await t.db.kysely.updateTable('users').set({ email: ownerEmail, locale: 'zh-CN' }).where('id', '=', org.users.agent.id).execute();
      await t.db.kysely.updateTable('users').set({ email: 'en.agent@example.com', locale: 'en-US' }).where('id', '=', org.users['agent@A'].id).execute();
    });

    it('emails each owner once a day about the revisits due that day in the organisation’s time zone', async () => {
      await clearOutbox();
      // 2026-03-10 in Shanghai (UTC+8): the day runs from 2026-03-09T16:00Z to 2026-03-10T16:00Z.
      const midnight = localMidnight('2026-03-10', 'Asia/Shanghai');
      expect(midnight.toISOString()).toBe('2026-03-09T16:00:00.000Z');
      const h = (hours: number) => new Date(midnight.getTime() + hours * 3600_000);
      const morning = await insertRevisit(org.users.agent.id, h(10));
      const afternoon = await insertRevisit(org.users.agent.id, h(14.5));
      const tomorrow = await insertRevisit(org.users.agent.id, h(25));
      const yesterday = await insertRevisit(org.users.agent.id, h(-1));
      const done = await insertRevisit(org.users.agent.id, h(11), 'done');
      const nobody = await insertRevisit(null, h(11));
      const english = await insertRevisit(org.users['agent@A'].id, h(9));
      const noEmail = await insertRevisit(org.users.supervisor.id, h(9));

      // Before the reminder hour (07:00 local): nothing.
      expect(await queueRevisitReminders(t.db, h(7), { reminderHour: 8 })).toEqual({ reminders: 0 });
      expect(await queueRevisitReminders(t.db, h(8.5), { reminderHour: 8 })).toEqual({ reminders: 2 });
      const rows = await messages(t.db, org.orgId);
      expect(rows).toHaveLength(2);
      const zh = rows.find((r) => r.recipient === ownerEmail)!;
      expect(zh).toMatchObject({ channel: 'email', event: 'revisit.reminder', locale: 'zh-CN', recipient_user_id: org.users.agent.id, dedupe_key: `revisit.reminder:${org.users.agent.id}:2026-03-10` });
      expect(zh.subject).toBe('回访提醒：今天有 2 项回访待完成（2026-03-10）');
      expect(zh.body).toContain('· 10:00 王建国（电话）');
      expect(zh.body).toContain('· 14:30 王建国（电话）');
      const en = rows.find((r) => r.recipient === 'en.agent@example.com')!;
      expect(en.subject).toBe('Revisit reminder: 1 due today (2026-03-10)');
      expect(en.body).toContain('· 09:00 王建国 (phone)');

      const reminded = await t.db.kysely.selectFrom('revisits').select(['id', 'reminded_at']).where('org_id', '=', org.orgId).execute();
      const remindedIds = reminded.filter((r) => r.reminded_at !== null).map((r) => r.id).sort();
      expect(remindedIds).toEqual([morning, afternoon, english].sort());
      for (const id of [tomorrow, yesterday, done, nobody, noEmail]) expect(remindedIds).not.toContain(id);

      // Later rounds that day (another instance, a new revisit due today) queue nothing more.
      await insertRevisit(org.users.agent.id, h(16));
      expect(await queueRevisitReminders(t.db, h(9), { reminderHour: 8 })).toEqual({ reminders: 0 });
      expect(await queueRevisitReminders(t.db, h(15), { reminderHour: 8 })).toEqual({ reminders: 0 });
      expect(await messages(t.db, org.orgId)).toHaveLength(2);
      // The next day's revisits get the next day's reminder.
      expect(await queueRevisitReminders(t.db, h(24 + 8), { reminderHour: 8 })).toEqual({ reminders: 1 });
      const next = (await messages(t.db, org.orgId))[2];
      expect(next.dedupe_key).toBe(`revisit.reminder:${org.users.agent.id}:2026-03-11`);
      expect(next.subject).toContain('1 项');
    });
  });

  it('lists messages by status, channel and recipient for outbox managers only', async () => {
    await clearOutbox();
    await queue(t.db, org.orgId, { recipient: '13700000001' });
    await queue(t.db, org.orgId, { channel: 'email', recipient: 'li@example.com', data: { customerName: '李', number: 'FW-2', title: 't', update: 'u', orgName: 'o' } });
    const all = await api(t.app, 'GET', '/api/v1/outbox/messages', admin());
    expect(all.json().total).toBe(2);
    const sms = await api(t.app, 'GET', '/api/v1/outbox/messages?channel=sms&status=queued,sending', admin());
    expect(sms.json().items.map((m: { recipient: string }) => m.recipient)).toEqual(['13700000001']);
    const byRecipient = await api(t.app, 'GET', '/api/v1/outbox/messages?q=LI@EXAMPLE', admin());
    expect(byRecipient.json().items.map((m: { recipient: string }) => m.recipient)).toEqual(['li@example.com']);
    expect((await api(t.app, 'GET', '/api/v1/outbox/messages?status=lost', admin())).statusCode).toBe(400);
    expect((await api(t.app, 'GET', '/api/v1/outbox/messages', { bearer: org.users.agent.token })).statusCode).toBe(403);
    expect((await api(t.app, 'GET', '/api/v1/outbox/messages', { bearer: org.users['specialist@A'].token })).statusCode).toBe(403);
    expect((await api(t.app, 'GET', '/api/v1/outbox/messages', { bearer: org.users.specialist.token })).statusCode).toBe(200);
  });
});
