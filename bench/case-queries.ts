/**
 * `npm run bench -- case-search` and `npm run bench -- case-queue`: latency of the case list over
 * the large dataset (bench/lib/case-dataset.ts, 1,000,000 cases across 50 sites by default),
 * through the real app over HTTP with a Bearer token, one request at a time (the figure is what
 * one person waits, not what the server sustains).
 *
 * - case-search: `GET /api/v1/cases?q=<2-character word>` for words from common (电梯, 漏水) to
 *   rare (马蜂), as an organisation-wide specialist (every site in scope). Target p95 < 100 ms.
 * - case-queue: the workspace queue page, 20 rows filtered by site and status (open statuses, and
 *   closed), as each site's supervisor sees it. Target p95 < 50 ms.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DialectName } from '../src/server/db/database.js';
import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/database.js';
import { createTokenForUsername } from '../src/server/modules/tokens/tokens.service.js';
import { type CaseDataset, DATASET_SITES, dropCaseDataset, ensureCaseDataset } from './lib/case-dataset.js';
import { benchDir, startServerChild } from './lib/proc.js';

const SEARCH_WORDS = ['电梯', '漏水', '噪音', '停车', '物业', '态度', '投诉', '门禁', '发黄', '马蜂'];
const TARGETS = { search: 100, queue: 50 };

interface Options {
  cases: number;
  requests: number;
  postgres: boolean;
  regenerate: boolean;
}

const usage = (name: string) => `npm run bench -- ${name} [options]
  --cases N      cases in the dataset (default 1000000); generated on first use and kept
                 (SQLite: bench/.data/, PostgreSQL: database fuwu_bench_cases_N)
  --requests N   measured requests (default 400) after 40 warm-up requests
  --postgres     also run on PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
  --regenerate   drop the kept dataset and generate it again`;

function parseOptions(name: string, argv: string[]): Options | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      cases: { type: 'string', default: '1000000' },
      requests: { type: 'string', default: '400' },
      postgres: { type: 'boolean', default: false },
      regenerate: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage(name));
    return undefined;
  }
  const int = (flag: string, v: string, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${flag} must be an integer ≥ ${min}, got ${v}`);
    return n;
  };
  return {
    cases: int('cases', values.cases, 1000),
    requests: int('requests', values.requests, 20),
    postgres: values.postgres || Boolean(process.env.BENCH_DATABASE_URL),
    regenerate: values.regenerate,
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const ms = (n: number) => `${n.toFixed(1).padStart(6)} ms`;

interface Probe {
  label: string;
  path: string;
  token: string;
}

async function timed(port: number, probe: Probe): Promise<{ ms: number; total: string }> {
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}${probe.path}`, { headers: { authorization: `Bearer ${probe.token}` } });
  const text = await res.text();
  const elapsed = performance.now() - started;
  if (res.status !== 200) throw new Error(`GET ${probe.path} answered ${res.status}: ${text.slice(0, 300)}`);
  // A search counts at most so many matches; `totalCapped` then marks the total as a lower bound.
  const body = JSON.parse(text) as { total: number; totalCapped?: boolean };
  return { ms: elapsed, total: `${body.total.toLocaleString('en-US')}${body.totalCapped ? '+' : ''}` };
}

/** Tokens for the people whose views are measured: an organisation-wide specialist and each site's supervisor. */
async function probes(kind: 'search' | 'queue', dataset: CaseDataset): Promise<Probe[]> {
  const config = loadConfig({ DATABASE_URL: dataset.url, LOG_LEVEL: 'warn' });
  const db = openDatabase(config.database);
  try {
    if (kind === 'search') {
      const token = await createTokenForUsername(db, 'specialist1', 'bench-search');
      return SEARCH_WORDS.map((word) => ({ label: word, path: `/api/v1/cases?q=${encodeURIComponent(word)}&page=1&pageSize=20`, token }));
    }
    const supervisors = await db.kysely
      .selectFrom('users')
      .innerJoin('role_grants', 'role_grants.user_id', 'users.id')
      .select(['users.username', 'role_grants.site_id'])
      .where('users.org_id', '=', dataset.orgId)
      .where('role_grants.role', '=', 'supervisor')
      .orderBy('users.username')
      .execute();
    const list: Probe[] = [];
    for (const s of supervisors.slice(0, 10)) {
      const token = await createTokenForUsername(db, s.username, 'bench-queue');
      const base = `/api/v1/cases?siteId=${s.site_id}&page=1&pageSize=20`;
      list.push({ label: `${s.username} open`, path: `${base}&status=new,assigned,in_progress,waiting_customer`, token });
      list.push({ label: `${s.username} closed`, path: `${base}&status=closed`, token });
    }
    return list;
  } finally {
    await db.close();
  }
}

async function measure(kind: 'search' | 'queue', dataset: CaseDataset, options: Options): Promise<{ p50: number; p95: number; p99: number }> {
  const list = await probes(kind, dataset);
  const server = await startServerChild(path.join(benchDir, 'app-server.ts'), { DATABASE_URL: dataset.url, LOG_LEVEL: 'warn' });
  try {
    for (let i = 0; i < 40; i++) await timed(server.port, list[i % list.length]);
    const all: number[] = [];
    const byProbe = new Map<string, { times: number[]; total: string }>();
    for (let i = 0; i < options.requests; i++) {
      const probe = list[i % list.length];
      const r = await timed(server.port, probe);
      all.push(r.ms);
      const entry = byProbe.get(probe.label) ?? { times: [], total: r.total };
      entry.times.push(r.ms);
      byProbe.set(probe.label, entry);
    }
    for (const [label, { times, total }] of byProbe) {
      const sorted = [...times].sort((a, b) => a - b);
      console.log(`  ${dataset.dialect.padEnd(9)}${label.padEnd(28)}${total.padStart(9)} matches   p50 ${ms(percentile(sorted, 50))}   p95 ${ms(percentile(sorted, 95))}`);
    }
    const sorted = all.sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
  } finally {
    await server.stop();
  }
}

async function runKind(kind: 'search' | 'queue', argv: string[]): Promise<void> {
  const name = `case-${kind}`;
  const options = parseOptions(name, argv);
  if (!options) return;
  const dialects: DialectName[] = options.postgres ? ['sqlite', 'postgres'] : ['sqlite'];
  const summary: string[] = [];
  for (const dialect of dialects) {
    if (options.regenerate) await dropCaseDataset(dialect, options.cases);
    const dataset = await ensureCaseDataset(dialect, options.cases);
    console.log(
      `\n${dialect}: ${dataset.cases.toLocaleString('en-US')} cases across ${DATASET_SITES} sites` +
        (dataset.generatedSeconds ? ` (generated now in ${dataset.generatedSeconds.toFixed(0)} s with ${dataset.events?.toLocaleString('en-US')} events)` : ' (kept dataset)'),
    );
    const r = await measure(kind, dataset, options);
    console.log(`  ${dialect.padEnd(9)}${'all'.padEnd(28)}${''.padStart(17)}   p50 ${ms(r.p50)}   p95 ${ms(r.p95)}   p99 ${ms(r.p99)}   (target p95 < ${TARGETS[kind]} ms)`);
    summary.push(`${dialect} p95 ${r.p95.toFixed(1)} ms p99 ${r.p99.toFixed(1)} ms`);
  }
  console.log(`\nsummary: ${name} over ${options.cases.toLocaleString('en-US')} cases: ${summary.join('; ')} (target p95 < ${TARGETS[kind]} ms)`);
}

export const search = { run: (argv: string[]) => runKind('search', argv) };
export const queue = { run: (argv: string[]) => runKind('queue', argv) };
