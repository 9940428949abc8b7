/**
 * `npm run bench -- revisit-plans`: how long the plan generator takes to make the due revisits of
 * 200,000 customers under tier plans (an organisation-wide monthly plan for the VIP half, a
 * quarterly plan per region for the key half), each plan with one occurrence inside the horizon,
 * so a round inserts one revisit per customer. Then the same round again, which must find nothing
 * to do (the anti-join on the unique index), and on PostgreSQL two instances at once on a new
 * period (two connection pools, each revisit written once).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { type Db, type DialectName, openDatabase } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { newId } from '../src/server/lib/ids.js';
import { generatePlanRevisits } from '../src/server/modules/plans/plans.generate.js';
import { addDays, localDate } from '../src/shared/revisits/cadence.js';
import { createThrowawayDatabase } from './lib/postgres.js';

const USAGE = `npm run bench -- revisit-plans [options]
  --customers N   customers under the plans (default 200000)
  --postgres      also run on PostgreSQL (a throwaway database on BENCH_DATABASE_URL,
                  default postgres://postgres@127.0.0.1:5432/postgres)`;

const TZ = 'Asia/Shanghai';
const REGIONS = 4;
const SITES_PER_REGION = 10;

interface World {
  orgId: string;
  now: Date;
}

/** An organisation HQ → regions → sites, an owner, `count` customers (half VIP, half key) and the plans. */
async function seedWorld(db: Db, count: number): Promise<World> {
  const k = db.kysely;
  const orgId = newId();
  const stamp = new Date(Date.now() - 400 * 86_400_000).toISOString();
  await k.insertInto('organizations').values({ id: orgId, org_id: orgId, slug: 'bench-plans', name: '回访计划基准', timezone: TZ, created_at: stamp, updated_at: stamp }).execute();
  const site = (parent: string | null, kind: string, code: string) => ({ id: newId(), org_id: orgId, parent_id: parent, kind, code, name: code, address: null, phone: null, active: 1, version: 1, created_at: stamp, updated_at: stamp });
  const hq = site(null, 'headquarters', 'HQ');
  const regions = Array.from({ length: REGIONS }, (_, r) => site(hq.id, 'region', `R${r}`));
  const sites = regions.flatMap((region, r) => Array.from({ length: SITES_PER_REGION }, (_, s) => site(region.id, 'site', `S${r}-${s}`)));
  await k.insertInto('sites').values([hq, ...regions, ...sites]).execute();
  const ownerId = newId();
  await k.insertInto('users').values({ id: ownerId, org_id: orgId, username: 'bench.owner', name: '回访专员', password_hash: 'x', must_change_password: 0, phone: null, email: null, locale: 'zh-CN', active: 1, failed_logins: 0, locked_until: null, last_login_at: null, password_changed_at: null, version: 1, created_at: stamp, updated_at: stamp }).execute();
  const batch = 2000;
  for (let i = 0; i < count; i += batch) {
    const rows = Array.from({ length: Math.min(batch, count - i) }, (_, j) => {
      const n = i + j;
      return { id: newId(), org_id: orgId, site_id: sites[n % sites.length].id, name: `客户${n}`, phone: `139${String(n).padStart(8, '0')}`, tier: n % 2 ? 'key' : 'vip', tags: '[]', consent_sms: 0, consent_email: 0, consent_survey: 0, stage: 'none', version: 1, created_at: stamp, updated_at: stamp };
    });
    await k.insertInto('customers').values(rows).execute();
  }
  const now = new Date();
  const today = localDate(now, TZ);
  const plan = (fields: { site_id: string | null; tier: string; cadence: string; start_date: string; name: string }) => ({
    id: newId(), org_id: orgId, customer_id: null, channel: 'phone', owner_id: ownerId, active: 1, note: null, created_by: ownerId, version: 1, created_at: stamp, updated_at: stamp, ...fields,
  });
  await k
    .insertInto('revisit_plans')
    .values([
      // one occurrence each inside the next 7 days, none in the catch-up week
      plan({ site_id: null, tier: 'vip', cadence: 'monthly', start_date: addDays(today, 3), name: 'VIP月访' }),
      ...regions.map((r) => plan({ site_id: r.id, tier: 'key', cadence: 'quarterly', start_date: addDays(today, 5), name: `${r.code}重点季访` })),
    ])
    .execute();
  if (db.dialect === 'postgres') await sql`ANALYZE`.execute(k);
  return { orgId, now };
}

async function count(db: Db, orgId: string): Promise<number> {
  const row = await db.kysely.selectFrom('revisits').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const value = await fn();
  return { value, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function benchDialect(dialect: DialectName, customers: number, tmp: string): Promise<string> {
  const throwaway = dialect === 'postgres' ? await createThrowawayDatabase('fuwu_bench_plans') : undefined;
  const db = openDatabase(dialect === 'sqlite' ? { dialect, file: path.join(tmp, 'plans.db') } : { dialect, url: throwaway!.url });
  try {
    await migrateToLatest(db.kysely);
    const seeding = await timed(() => seedWorld(db, customers));
    console.log(`\n${dialect}: ${customers.toLocaleString('en-US')} customers seeded in ${seeding.seconds.toFixed(1)} s`);
    const { orgId, now } = seeding.value;
    const first = await timed(() => generatePlanRevisits(db, now, { orgId }));
    const made = await count(db, orgId);
    if (made !== customers || first.value.revisits !== customers) throw new Error(`expected ${customers} revisits, generated ${first.value.revisits}, stored ${made}`);
    const rate = Math.round(made / first.seconds);
    console.log(`  first round:  ${made.toLocaleString('en-US')} revisits in ${first.seconds.toFixed(2)} s (${rate.toLocaleString('en-US')} revisits/s)`);
    const again = await timed(() => generatePlanRevisits(db, now, { orgId }));
    if (again.value.revisits !== 0) throw new Error(`the second round generated ${again.value.revisits}`);
    console.log(`  second round: nothing to do, ${again.seconds.toFixed(2)} s`);
    let twin = '';
    if (dialect === 'postgres') {
      // The next period (a month and a quarter on), by two instances at once.
      const later = new Date(now.getTime() + 92 * 86_400_000);
      await db.kysely.updateTable('revisit_plans').set({ cadence: 'monthly' }).where('org_id', '=', orgId).execute();
      const second = openDatabase({ dialect, url: throwaway!.url });
      try {
        const both = await timed(() => Promise.all([generatePlanRevisits(db, later, { orgId }), generatePlanRevisits(second, later, { orgId })]));
        const total = await count(db, orgId);
        const written = both.value[0].revisits + both.value[1].revisits;
        if (total - made !== written) throw new Error(`two instances: ${written} reported, ${total - made} stored`);
        console.log(`  two instances at once: ${written.toLocaleString('en-US')} revisits (${both.value[0].revisits.toLocaleString('en-US')} + ${both.value[1].revisits.toLocaleString('en-US')}), none twice, in ${both.seconds.toFixed(2)} s`);
        twin = `, two instances ${both.seconds.toFixed(1)} s`;
      } finally {
        await second.close();
      }
    }
    return `${dialect} ${first.seconds.toFixed(1)} s (${rate.toLocaleString('en-US')} revisits/s), repeat ${again.seconds.toFixed(2)} s${twin}`;
  } finally {
    await db.close();
    await throwaway?.drop();
  }
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { customers: { type: 'string', default: '200000' }, postgres: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const customers = Number(values.customers);
  if (!Number.isInteger(customers) || customers < 1) throw new Error(`--customers must be a positive whole number, not ${values.customers}`);
  const dialects: DialectName[] = values.postgres || process.env.BENCH_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
  console.log(`revisit-plans: generate the due plan revisits of ${customers.toLocaleString('en-US')} customers; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fuwu-bench-plans-'));
  try {
    const lines: string[] = [];
    for (const dialect of dialects) lines.push(await benchDialect(dialect, customers, tmp));
    console.log(`\nsummary: ${customers.toLocaleString('en-US')} customers under tier plans: ${lines.join('; ')}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
