/**
 * `npm run bench -- outbox-email [--messages N] [--postgres] [--concurrency N]`
 *
 * Queues N emails (default 10,000) through enqueueMessage into a fresh database, starts a local
 * SMTP server (smtp-server, in this process, accepting everything), and lets the delivery worker
 * (deliverOutbox, the function the outbox-delivery job runs) send them all over pooled SMTP
 * connections. Prints queueing and delivery rates; checks every message arrived exactly once.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { type Db, openDatabase } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { newId, nowIso } from '../src/server/lib/ids.js';
import { enqueueMessage } from '../src/server/modules/outbox/outbox.service.js';
import { smtpTransport, type Transport } from '../src/server/modules/outbox/outbox.transports.js';
import { deliverOutbox } from '../src/server/modules/outbox/outbox.worker.js';
import { createThrowawayDatabase } from './lib/postgres.js';

function option(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(argv[i + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} takes a positive whole number`);
  return value;
}

async function measure(dialect: 'sqlite' | 'postgres', messages: number, concurrency: number): Promise<{ queuePerSecond: number; sendPerSecond: number }> {
  let db: Db;
  let cleanup: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuwu-bench-outbox-'));
    db = openDatabase({ dialect: 'sqlite', file: path.join(dir, 'outbox.db') });
    cleanup = async () => {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  } else {
    const throwaway = await createThrowawayDatabase('fuwu_bench_outbox');
    db = openDatabase({ dialect: 'postgres', url: throwaway.url });
    cleanup = async () => {
      await db.close();
      await throwaway.drop();
    };
  }
  let received = 0;
  const ids = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 4096) head += chunk.toString('utf8');
      });
      stream.on('end', () => {
        received++;
        const id = /^Message-ID:\s*<([^@>]+)@/im.exec(head)?.[1];
        if (id) ids.add(id);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const email: Transport = smtpTransport({ url: `smtp://127.0.0.1:${port}`, from: '阳光物业服务中心 <noreply@fuwu.test>', maxConnections: concurrency });
  try {
    await migrateToLatest(db.kysely);
    const orgId = newId();
    const now = nowIso();
    await db.kysely.insertInto('organizations').values({ id: orgId, org_id: orgId, slug: 'bench', name: '阳光物业服务中心', timezone: 'Asia/Shanghai', created_at: now, updated_at: now }).execute();

    let started = performance.now();
    for (let i = 0; i < messages; i += 500) {
      await db.kysely.transaction().execute(async (trx) => {
        for (let j = i; j < Math.min(i + 500, messages); j++) {
          await enqueueMessage(trx, {
            orgId,
            channel: 'email',
            event: 'case.updated',
            locale: 'zh-CN',
            recipient: `customer${j}@example.com`,
            data: { customerName: `客户${j}`, number: `FW-20261103-${String(j).padStart(4, '0')}`, title: '电梯异响', update: '有了新的回复', reply: '维保人员今天下午到场检修，请您留意。', orgName: '阳光物业服务中心' },
            dedupeKey: `bench:${j}`,
          });
        }
      });
    }
    const queueSeconds = (performance.now() - started) / 1000;

    started = performance.now();
    let sent = 0;
    let rounds = 0;
    while (sent < messages && rounds < 1000) {
      rounds++;
      const counts = await deliverOutbox(db, new Date(), { transports: { email, sms: email }, maxAttempts: 8, retryBaseSeconds: 60, concurrency });
      sent += counts.sent;
      if (counts.retried + counts.dead > 0) throw new Error(`${counts.retried + counts.dead} deliveries failed`);
    }
    const sendSeconds = (performance.now() - started) / 1000;
    const stored = await db.kysely.selectFrom('outbox_messages').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
    const sentRows = Number(stored.find((s) => s.status === 'sent')?.n ?? 0);
    if (sent !== messages || sentRows !== messages) throw new Error(`only ${sent} of ${messages} sent (${sentRows} rows marked sent)`);
    if (received !== messages || ids.size !== messages) throw new Error(`the SMTP server received ${received} messages (${ids.size} distinct) for ${messages} queued`);
    const result = { queuePerSecond: messages / queueSeconds, sendPerSecond: messages / sendSeconds };
    console.log(
      `  ${dialect.padEnd(8)} queued ${messages.toLocaleString('en-US')} in ${queueSeconds.toFixed(1)} s (${Math.round(result.queuePerSecond).toLocaleString('en-US')}/s); ` +
        `delivered in ${sendSeconds.toFixed(1)} s over ${rounds} round(s): ${Math.round(result.sendPerSecond).toLocaleString('en-US')} messages/s`,
    );
    return result;
  } finally {
    await email.close?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await cleanup();
  }
}

export async function run(argv: string[]): Promise<void> {
  if (argv.includes('--help')) {
    console.log('npm run bench -- outbox-email [--messages 10000] [--concurrency 8] [--postgres]');
    return;
  }
  const messages = option(argv, '--messages', 10_000);
  const concurrency = option(argv, '--concurrency', 8);
  console.log(`outbox-email: ${messages.toLocaleString('en-US')} emails, ${concurrency} SMTP connections, local smtp-server in-process`);
  console.log(`  load average at start ${os.loadavg()[0].toFixed(2)} (figures from a busy machine are low and noisy)`);
  const dialects: ('sqlite' | 'postgres')[] = argv.includes('--postgres') ? ['sqlite', 'postgres'] : ['sqlite'];
  const results: string[] = [];
  for (const dialect of dialects) {
    const r = await measure(dialect, messages, concurrency);
    results.push(`${dialect} ${Math.round(r.sendPerSecond).toLocaleString('en-US')} messages/s`);
  }
  console.log(`\nsummary: outbox-email ${results.join(', ')} delivered to a local SMTP server`);
}
