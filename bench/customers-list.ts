/**
 * `npm run bench -- customers`: throughput and p99 latency of the customer list, Fuwu against a
 * bare Fastify server doing the same SQL (bench/baseline-server.ts), on a fresh database seeded
 * with the demo organisation. The servers run one at a time, each in its own process, with
 * autocannon in another: on a two-core machine that is one core for the server, one for the load.
 * On PostgreSQL the baseline uses pg with Fuwu's pool size, so each dialect has its own ratio.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { loadConfig } from '../src/server/config.js';
import { type DialectName, openDatabase } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { createTokenForUsername } from '../src/server/modules/tokens/tokens.service.js';
import { mainThreadProfile, summariseProfile } from './lib/cpuprofile.js';
import { type LoadResult, measureLoad } from './lib/load.js';
import { createThrowawayDatabase, POSTGRES_ADMIN_URL } from './lib/postgres.js';
import { benchDir, startServerChild } from './lib/proc.js';
import { seedBenchOrg } from './lib/seed.js';

const PATH = '/api/v1/customers?page=1&pageSize=20';
/** The issue's target: Fuwu keeps at least this share of the bare server's throughput. */
const TARGET_RATIO = 0.6;

const USAGE = `npm run bench -- customers [options]
  --customers N     customers in the demo organisation (default 20000)
  --connections N   concurrent connections (default 50)
  --duration S      measured seconds per server (default 10)
  --warmup S        discarded seconds of load before measuring (default 2)
  --postgres        also run on PostgreSQL (a throwaway database on BENCH_DATABASE_URL,
                    default postgres://postgres@127.0.0.1:5432/postgres); implied when
                    BENCH_DATABASE_URL is set
  --profile         count the Fuwu server's SQL statements per request, and CPU-profile it
                    under load; prints where the time goes. Profiling slows the server:
                    its figures are not comparable with an unprofiled run`;

interface Options {
  customers: number;
  connections: number;
  duration: number;
  warmup: number;
  postgres: boolean;
  profile: boolean;
}

function parseOptions(argv: string[]): Options | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      customers: { type: 'string', default: '20000' },
      connections: { type: 'string', default: '50' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      postgres: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return undefined;
  const int = (name: string, v: string, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${v}`);
    return n;
  };
  return {
    customers: int('customers', values.customers, 20),
    connections: int('connections', values.connections, 1),
    duration: int('duration', values.duration, 1),
    warmup: int('warmup', values.warmup, 0),
    postgres: values.postgres || Boolean(process.env.BENCH_DATABASE_URL),
    profile: values.profile,
  };
}

interface PageBody {
  items: { id: string }[];
  total: number;
}

/** One request before the load: the endpoint must answer 200 with a full page, or the figure is for something else. */
async function firstPage(port: number, headers: Record<string, string>): Promise<PageBody> {
  const res = await fetch(`http://127.0.0.1:${port}${PATH}`, { headers });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${PATH} answered ${res.status}: ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as PageBody;
  if (body.items.length !== 20) throw new Error(`GET ${PATH} returned ${body.items.length} items, expected 20`);
  return body;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function line(dialect: string, server: string, r: LoadResult): string {
  return `  ${dialect.padEnd(9)}${server.padEnd(10)}${fmt(r.requestsPerSecond, 0).padStart(8)} req/s   p50 ${fmt(r.latencyP50).padStart(4)} ms   p99 ${fmt(r.latencyP99).padStart(4)} ms   max ${fmt(r.latencyMax).padStart(5)} ms   ${r.cpuMsPerRequest === undefined ? '' : `${r.cpuMsPerRequest.toFixed(3)} CPU ms/req   `}(${fmt(r.totalRequests)} requests${r.errors ? `, ${r.errors} socket errors of which ${r.timeouts} timeouts` : ''})`;
}

/**
 * SQL statements per request, from a separate short run: counting compiles every query a second
 * time, which would distort the CPU profile taken under load.
 */
async function countStatementsPerRequest(env: Record<string, string>, headers: Record<string, string>): Promise<void> {
  const server = await startServerChild(path.join(benchDir, 'app-server.ts'), { ...env, BENCH_COUNT_QUERIES: '1' });
  try {
    for (let i = 0; i < 100; i++) await firstPage(server.port, headers);
  } finally {
    // The child prints the counts as it stops.
    await server.stop();
  }
}

interface DialectResult {
  dialect: DialectName;
  fuwu: LoadResult;
  baseline: LoadResult;
}

async function benchDialect(dialect: DialectName, options: Options, tmp: string, cleanups: (() => Promise<void>)[]): Promise<DialectResult> {
  let url: string;
  if (dialect === 'sqlite') {
    url = `sqlite:${path.join(tmp, 'bench.db')}`;
  } else {
    const pgdb = await createThrowawayDatabase('fuwu_bench');
    cleanups.push(pgdb.drop);
    url = pgdb.url;
  }

  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'warn' });
  const db = openDatabase(config.database);
  const seedStarted = performance.now();
  let org;
  let token;
  try {
    await migrateToLatest(db.kysely);
    org = await seedBenchOrg(db, options.customers);
    token = await createTokenForUsername(db, org.adminUsername, 'bench');
    // Right after a bulk load PostgreSQL has no statistics and plans the list as if the table were
    // empty (a bitmap scan and a sort of every row: about 40 req/s for Fuwu and baseline alike).
    // Autovacuum analyses the table within a minute or so in real life; measure that steady
    // state, not the first minute. SQLite is left as the app leaves it: nothing there runs ANALYZE.
    if (dialect === 'postgres') await sql`ANALYZE`.execute(db.kysely);
  } finally {
    await db.close();
  }
  console.log(`\n${dialect}: seeded ${fmt(options.customers)} customers in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s; token for ${org.adminUsername}`);

  const load = { connections: options.connections, duration: options.duration, warmup: options.warmup };
  const auth = { authorization: `Bearer ${token}` };

  // Kept after the run, so the profile can be opened in Chrome DevTools.
  const profileDir = options.profile ? fs.mkdtempSync(path.join(os.tmpdir(), `fuwu-bench-profile-${dialect}-`)) : '';
  const fuwuEnv: Record<string, string> = { DATABASE_URL: url, LOG_LEVEL: 'warn' };
  if (options.profile) await countStatementsPerRequest(fuwuEnv, auth);
  const fuwuServer = await startServerChild(path.join(benchDir, 'app-server.ts'), fuwuEnv, options.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
  let fuwu: LoadResult;
  let fuwuPage: PageBody;
  try {
    fuwuPage = await firstPage(fuwuServer.port, auth);
    fuwu = await measureLoad({ ...load, url: `http://127.0.0.1:${fuwuServer.port}${PATH}`, headers: auth, serverPid: fuwuServer.child.pid });
    console.log(line(dialect, 'fuwu', fuwu));
  } finally {
    await fuwuServer.stop();
  }
  if (options.profile) {
    const file = mainThreadProfile(profileDir);
    console.log(`  CPU profile of the Fuwu server, warm-up and load (${file}):`);
    console.log(summariseProfile(file));
  }

  // Started only after Fuwu has exited: two servers on two cores would share them with the load generator.
  const baselineServer = await startServerChild(path.join(benchDir, 'baseline-server.ts'), { DATABASE_URL: url, BENCH_ORG_ID: org.orgId });
  let baseline: LoadResult;
  try {
    const basePage = await firstPage(baselineServer.port, {});
    const same = basePage.total === fuwuPage.total && basePage.items.every((item, i) => item.id === fuwuPage.items[i].id);
    if (!same) throw new Error('the baseline returned other rows than Fuwu: the comparison would be unfair');
    baseline = await measureLoad({ ...load, url: `http://127.0.0.1:${baselineServer.port}${PATH}`, serverPid: baselineServer.child.pid });
  } finally {
    await baselineServer.stop();
  }
  console.log(line(dialect, 'baseline', baseline));
  const ratio = fuwu.requestsPerSecond / baseline.requestsPerSecond;
  // The same ratio from the servers' CPU per request: steadier when something else shares the machine.
  const cpuRatio = fuwu.cpuMsPerRequest && baseline.cpuMsPerRequest ? baseline.cpuMsPerRequest / fuwu.cpuMsPerRequest : undefined;
  console.log(
    `  ${dialect.padEnd(9)}ratio     ${(100 * ratio).toFixed(0)} % of the baseline's throughput (target ≥ ${100 * TARGET_RATIO} %)` +
      (cpuRatio === undefined ? '' : `; by server CPU per request ${(100 * cpuRatio).toFixed(0)} %${dialect === 'postgres' ? ' (Node processes only, not PostgreSQL)' : ''}`),
  );
  return { dialect, fuwu, baseline };
}

export async function run(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  if (!options) {
    console.log(USAGE);
    return;
  }
  const dialects: DialectName[] = options.postgres ? ['sqlite', 'postgres'] : ['sqlite'];
  console.log(`customers: GET ${PATH} as an organisation-wide admin (Bearer token)`);
  console.log(
    `  ${fmt(options.customers)} customers · ${options.connections} connections · ${options.warmup} s warm-up + ${options.duration} s measured per server · ` +
      `${os.cpus().length} CPUs · Node ${process.version}${options.postgres ? ` · PostgreSQL at ${POSTGRES_ADMIN_URL.replace(/\/[^/]*$/, '')}` : ''}`,
  );
  // Other work on the machine takes CPU from the server and the load generator alike: say how busy it was.
  console.log(`  load average at start ${os.loadavg()[0].toFixed(2)} (figures from a busy machine are low and noisy)`);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fuwu-bench-'));
  const cleanups: (() => Promise<void>)[] = [async () => fs.rmSync(tmp, { recursive: true, force: true })];
  const cleanUp = async () => {
    // Emptied as it runs: an interrupt during the final clean-up must not drop a database twice.
    for (const fn of cleanups.splice(0).reverse()) await fn().catch((e: Error) => console.error(`cleanup: ${e.message}`));
  };
  const onInterrupt = () => void cleanUp().then(() => process.exit(130));
  process.once('SIGINT', onInterrupt);
  const results: DialectResult[] = [];
  try {
    for (const dialect of dialects) results.push(await benchDialect(dialect, options, tmp, cleanups));
  } finally {
    process.off('SIGINT', onInterrupt);
    await cleanUp();
  }
  const percent = (a: number, b: number) => `${((100 * a) / b).toFixed(0)} %`;
  const summary = results
    .map((r) => `${r.dialect} fuwu ${fmt(r.fuwu.requestsPerSecond)} req/s p99 ${r.fuwu.latencyP99} ms vs baseline ${fmt(r.baseline.requestsPerSecond)} req/s p99 ${r.baseline.latencyP99} ms = ${percent(r.fuwu.requestsPerSecond, r.baseline.requestsPerSecond)}`)
    .join('; ');
  console.log(`\nsummary: customers ${summary} (target ≥ ${100 * TARGET_RATIO} %)`);
}
