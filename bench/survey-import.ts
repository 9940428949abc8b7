/**
 * `npm run bench -- survey-import`: import 100,000 paper SERVQUAL responses (22 expectation/perception
 * pairs, the 100-point allocation and the overall score: 50 columns, 50 answer rows each) from one
 * generated CSV through the import service: first the dry run (check only), then the import in one
 * transaction. Prints seconds, responses/s and the process's peak RSS (the file is held as bytes,
 * its rows are parsed, checked and inserted in batches, never all at once).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/server/config.js';
import { type DialectName, openDatabase } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { newId } from '../src/server/lib/ids.js';
import type { Actor } from '../src/server/modules/access/actor.js';
import type { ServiceContext } from '../src/server/modules/context.js';
import { importResponses } from '../src/server/modules/surveys/responses-import.js';
import { createSurveyFromTemplate, publishSurvey } from '../src/server/modules/surveys/surveys.service.js';
import { createThrowawayDatabase } from './lib/postgres.js';

const USAGE = `npm run bench -- survey-import [options]
  --responses N   rows in the CSV (default 100000)
  --postgres      run on PostgreSQL instead (a throwaway database on BENCH_DATABASE_URL)`;

const SITES = 20;
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

function writeCsv(file: string, count: number): void {
  const pairs = Array.from({ length: 22 }, (_, i) => `sq${String(i + 1).padStart(2, '0')}`);
  const header = ['siteCode', 'submittedAt', ...pairs.flatMap((k) => [`${k}.e`, `${k}.p`]), 'importance.tangibles', 'importance.reliability', 'importance.responsiveness', 'importance.assurance', 'importance.empathy', 'overall'];
  const fd = fs.openSync(file, 'w');
  let chunk = `\uFEFF${header.join(',')}\r\n`;
  for (let n = 0; n < count; n++) {
    const cells: (string | number)[] = [`S${n % SITES}`, `2026-${String((n % 6) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')} 10:${String(n % 60).padStart(2, '0')}`];
    for (let i = 0; i < 22; i++) cells.push(5 + ((n + i) % 3), 3 + ((n * 7 + i) % 5));
    const a = n % 20;
    cells.push(10 + a, 30 - a, 20, 20, 20, 1 + (n % 5));
    chunk += `${cells.join(',')}\r\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(fd, chunk);
      chunk = '';
    }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { responses: { type: 'string' }, postgres: { type: 'boolean' }, help: { type: 'boolean' } } });
  if (values.help) return void console.log(USAGE);
  const count = Number(values.responses ?? 100_000);
  const dialect: DialectName = values.postgres ? 'postgres' : 'sqlite';
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fuwu-bench-import-'));
  const throwaway = dialect === 'postgres' ? await createThrowawayDatabase('fuwu_bench_import') : undefined;
  const db = openDatabase(dialect === 'sqlite' ? { dialect, file: path.join(tmp, 'import.db') } : { dialect, url: throwaway!.url });
  try {
    await migrateToLatest(db.kysely);
    const orgId = newId();
    const stamp = new Date().toISOString();
    const k = db.kysely;
    await k.insertInto('organizations').values({ id: orgId, org_id: orgId, slug: 'bench-import', name: '答卷导入基准', timezone: 'Asia/Shanghai', created_at: stamp, updated_at: stamp }).execute();
    const hq = newId();
    await k.insertInto('sites').values({ id: hq, org_id: orgId, parent_id: null, kind: 'headquarters', code: 'HQ', name: '总部', address: null, phone: null, active: 1, version: 1, created_at: stamp, updated_at: stamp }).execute();
    await k
      .insertInto('sites')
      .values(Array.from({ length: SITES }, (_, s) => ({ id: newId(), org_id: orgId, parent_id: hq, kind: 'site', code: `S${s}`, name: `项目${s}`, address: null, phone: null, active: 1, version: 1, created_at: stamp, updated_at: stamp })))
      .execute();
    const userId = newId();
    await k.insertInto('users').values({ id: userId, org_id: orgId, username: 'bench.admin', name: '管理员', password_hash: 'x', must_change_password: 0, phone: null, email: null, locale: 'zh-CN', active: 1, failed_logins: 0, locked_until: null, last_login_at: null, password_changed_at: null, version: 1, created_at: stamp, updated_at: stamp }).execute();
    const actor: Actor = { kind: 'token', orgId, userId, username: 'bench.admin', name: '管理员', grants: [{ role: 'specialist', siteId: null }] };
    const ctx: ServiceContext = { db, actor, config: loadConfig({}) };
    const survey = await createSurveyFromTemplate(ctx, 'servqual');
    await publishSurvey(ctx, survey.id, {});

    const file = path.join(tmp, 'responses.csv');
    let started = performance.now();
    writeCsv(file, count);
    const bytes = fs.readFileSync(file);
    console.log(`generated ${count.toLocaleString('en')} responses: ${(bytes.length / 1024 / 1024).toFixed(1)} MB CSV in ${((performance.now() - started) / 1000).toFixed(1)} s (peak RSS so far ${rssMb()} MB)`);

    started = performance.now();
    const dry = await importResponses(ctx, survey.id, { bytes, fileName: 'responses.csv' }, true);
    const drySeconds = (performance.now() - started) / 1000;
    if (dry.rejected) throw new Error(`the generated file has ${dry.rejected} bad rows: ${JSON.stringify(dry.errors.slice(0, 3))}`);
    console.log(`dry run (${dialect}): ${drySeconds.toFixed(1)} s, ${Math.round(count / drySeconds).toLocaleString('en')} rows/s, peak RSS ${rssMb()} MB`);

    started = performance.now();
    const done = await importResponses(ctx, survey.id, { bytes, fileName: 'responses.csv' }, false);
    const seconds = (performance.now() - started) / 1000;
    const answers = await k.selectFrom('survey_answers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    console.log(`import  (${dialect}): ${seconds.toFixed(1)} s, ${Math.round(done.accepted / seconds).toLocaleString('en')} responses/s, ${Number(answers.n).toLocaleString('en')} answer rows, peak RSS ${rssMb()} MB`);
    console.log(`\nsurvey-import: ${count.toLocaleString('en')} SERVQUAL responses on ${dialect}: dry run ${drySeconds.toFixed(1)} s, import ${seconds.toFixed(1)} s, peak RSS ${rssMb()} MB`);
  } finally {
    await db.close();
    await throwaway?.drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
