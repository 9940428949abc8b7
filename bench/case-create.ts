/**
 * `npm run bench -- case-create`: throughput and p99 latency of recording a case through the API
 * (POST /api/v1/cases with a Bearer token, 50 connections) on SQLite, against the bare insert
 * baseline (bench/baseline-case-create.ts) in the same run. Targets from the issue: at least 50 %
 * of the baseline's throughput, p99 < 50 ms, and no 429 (tokens are not rate-limited; any non-2xx
 * stops the benchmark).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { seedDemo } from '../src/server/demo/seed-demo.js';
import { createTokenForUsername } from '../src/server/modules/tokens/tokens.service.js';
import { mainThreadProfile, summariseProfile } from './lib/cpuprofile.js';
import { type LoadResult, measureLoad } from './lib/load.js';
import { benchDir, startServerChild } from './lib/proc.js';

const TARGET_RATIO = 0.5;
const TARGET_P99 = 50;

const USAGE = `npm run bench -- case-create [options]
  --connections N   concurrent connections (default 50)
  --duration S      measured seconds per server (default 10)
  --warmup S        discarded seconds of load before measuring (default 2)
  --profile         CPU-profile the Fuwu server under the load (its figures are then not comparable)`;

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
const line = (server: string, r: LoadResult) =>
  `  ${server.padEnd(10)}${fmt(r.requestsPerSecond).padStart(7)} cases/s   p50 ${String(r.latencyP50).padStart(3)} ms   p99 ${String(r.latencyP99).padStart(3)} ms   max ${String(r.latencyMax).padStart(4)} ms   ${r.cpuMsPerRequest === undefined ? '' : `${r.cpuMsPerRequest.toFixed(3)} CPU ms/req   `}(${fmt(r.totalRequests)} requests)`;

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { connections: { type: 'string', default: '50' }, duration: { type: 'string', default: '10' }, warmup: { type: 'string', default: '2' }, profile: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const load = { connections: Number(values.connections), duration: Number(values.duration), warmup: Number(values.warmup) };
  console.log(`case-create: POST /api/v1/cases as an organisation-wide specialist (Bearer token), SQLite`);
  console.log(`  ${load.connections} connections · ${load.warmup} s warm-up + ${load.duration} s measured per server · ${os.cpus().length} CPUs · Node ${process.version}`);
  console.log(`  load average at start ${os.loadavg()[0].toFixed(2)} (figures from a busy machine are low and noisy)`);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fuwu-bench-create-'));
  try {
    const url = `sqlite:${path.join(tmp, 'bench.db')}`;
    const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'warn' });
    const db = openDatabase(config.database);
    let orgId: string;
    let siteId: string;
    let token: string;
    try {
      await migrateToLatest(db.kysely);
      const demo = await seedDemo(db, { timezone: 'Asia/Shanghai', customers: 2000, cases: 2000 });
      orgId = demo.orgId;
      siteId = (await db.kysely.selectFrom('sites').select('id').where('org_id', '=', orgId).where('code', '=', 'SH-01').executeTakeFirstOrThrow()).id;
      token = await createTokenForUsername(db, 'specialist1', 'bench-create');
    } finally {
      await db.close();
    }
    // A phone complaint from a caller the site already knows (found again by phone), as the hotline records most of them.
    const body = {
      type: 'complaint',
      channel: 'hotline',
      siteId,
      priority: 'high',
      customer: { name: '王建国', phone: '13912345678' },
      title: '卫生间天花板漏水',
      description: '楼上卫生间漏水，渗到我家卫生间吊顶，已经三天了，一直没人来处理，请尽快安排维修。',
    };

    // Kept after the run, so the profile can be opened in Chrome DevTools.
    const profileDir = values.profile ? fs.mkdtempSync(path.join(os.tmpdir(), 'fuwu-bench-profile-create-')) : '';
    const fuwuServer = await startServerChild(path.join(benchDir, 'app-server.ts'), { DATABASE_URL: url, LOG_LEVEL: 'warn' }, values.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
    let fuwu: LoadResult;
    try {
      fuwu = await measureLoad({ ...load, url: `http://127.0.0.1:${fuwuServer.port}/api/v1/cases`, headers: { authorization: `Bearer ${token}` }, postJson: body, serverPid: fuwuServer.child.pid });
    } finally {
      await fuwuServer.stop();
    }
    console.log(line('fuwu', fuwu));
    if (values.profile) {
      const file = mainThreadProfile(profileDir);
      console.log(`  CPU profile of the Fuwu server, warm-up and load (${file}):`);
      console.log(summariseProfile(file));
    }
    const baselineServer = await startServerChild(path.join(benchDir, 'baseline-case-create.ts'), { DATABASE_URL: url, BENCH_ORG_ID: orgId });
    let baseline: LoadResult;
    try {
      baseline = await measureLoad({ ...load, url: `http://127.0.0.1:${baselineServer.port}/api/v1/cases`, postJson: body, serverPid: baselineServer.child.pid });
    } finally {
      await baselineServer.stop();
    }
    console.log(line('baseline', baseline));
    const ratio = fuwu.requestsPerSecond / baseline.requestsPerSecond;
    const cpuRatio = fuwu.cpuMsPerRequest && baseline.cpuMsPerRequest ? baseline.cpuMsPerRequest / fuwu.cpuMsPerRequest : undefined;
    console.log(`  ratio     ${(100 * ratio).toFixed(0)} % of the baseline's throughput (target ≥ ${100 * TARGET_RATIO} %)${cpuRatio === undefined ? '' : `; by server CPU per case ${(100 * cpuRatio).toFixed(0)} %`}`);
    console.log(
      `\nsummary: case-create sqlite fuwu ${fmt(fuwu.requestsPerSecond)} cases/s p99 ${fuwu.latencyP99} ms vs baseline ${fmt(baseline.requestsPerSecond)} cases/s = ${(100 * ratio).toFixed(0)} % (targets ≥ ${100 * TARGET_RATIO} %, p99 < ${TARGET_P99} ms, no 429)`,
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
