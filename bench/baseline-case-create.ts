/**
 * The baseline for the case-create benchmark: the least a server can do to record a case. Bare
 * Fastify and better-sqlite3 with the same pragmas as Fuwu; per request one transaction that takes
 * the day's number from the counter, inserts the case row and its "created" event, and answers
 * 201 with the id and number. No authentication, validation, customer lookup, deadlines, search
 * index or audit: those are what Fuwu adds, and what the ratio prices.
 * Run as a child of the benchmark: reads DATABASE_URL (sqlite:) and BENCH_ORG_ID.
 */
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { serveForBenchmark } from './lib/proc.js';

const url = process.env.DATABASE_URL ?? '';
const orgId = process.env.BENCH_ORG_ID ?? '';
if (!url.startsWith('sqlite:') || !orgId) throw new Error('baseline-case-create needs a sqlite: DATABASE_URL and BENCH_ORG_ID');

const sqlite = new SQLite(url.slice('sqlite:'.length));
sqlite.pragma('journal_mode = WAL');
sqlite.pragma('foreign_keys = ON');
sqlite.pragma('busy_timeout = 5000');
sqlite.pragma('synchronous = NORMAL');

const counter = sqlite.prepare<[string, string], { last: number }>(
  `insert into case_number_counters (org_id, day, last) values (?, ?, 1)
   on conflict (org_id, day) do update set last = case_number_counters.last + 1 returning last`,
);
const insertCase = sqlite.prepare(
  `insert into cases (id, org_id, site_id, number, type, channel, priority, status, title, description, reopen_count, version, created_at, updated_at)
   values (@id, @org_id, @site_id, @number, @type, @channel, @priority, 'new', @title, @description, 0, 1, @now, @now)`,
);
const insertEvent = sqlite.prepare(
  `insert into case_events (id, org_id, case_id, kind, to_status, public, created_at) values (?, ?, ?, 'created', 'new', 0, ?)`,
);
const record = sqlite.transaction((body: Record<string, string>) => {
  const now = new Date().toISOString();
  const day = now.slice(0, 10).replaceAll('-', '');
  const { last } = counter.get(orgId, day)!;
  const id = uuidv7();
  const number = `FW-${day}-${String(last).padStart(4, '0')}`;
  insertCase.run({ id, org_id: orgId, site_id: body.siteId, number, type: body.type, channel: body.channel, priority: body.priority ?? 'normal', title: body.title, description: body.description, now });
  insertEvent.run(uuidv7(), orgId, id, now);
  return { id, number };
});

const app = Fastify({ logger: false });
app.post('/api/v1/cases', async (request, reply) => reply.status(201).send(record(request.body as Record<string, string>)));
await serveForBenchmark(app);
