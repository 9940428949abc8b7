import { sql } from 'kysely';
import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { createThrowawayDatabase } from './lib/postgres.js';
import { seedBenchOrg } from './lib/seed.js';

const pgdb = await createThrowawayDatabase('fuwu_scratch');
const db = openDatabase(loadConfig({ DATABASE_URL: pgdb.url }).database);
try {
await migrateToLatest(db.kysely);
const org = await seedBenchOrg(db, 20000);
await sql.raw('VACUUM ANALYZE').execute(db.kysely);
const FROM = `FROM customers c JOIN sites s ON s.id = c.site_id WHERE c.org_id = '${org.orgId}' AND c.deleted_at IS NULL`;
const qs = [`SELECT count(*) ${FROM}`, `SELECT count(*) FROM customers c WHERE c.org_id = '${org.orgId}' AND c.deleted_at IS NULL`];
const show = async (label: string) => {
  console.log('---', label);
  for (const q of qs) {
    for (let i = 0; i < 5; i++) await sql.raw(q).execute(db.kysely);
    const r = await sql.raw(`EXPLAIN ANALYZE ${q}`).execute(db.kysely);
    const rows = r.rows.map((x: any) => x['QUERY PLAN']);
    console.log(rows.filter((l: string) => /Scan|Join|Execution/.test(l)).join('\n'));
  }
};
await show('as migrated, vacuum analyze');
await sql.raw('CREATE INDEX customers_live_idx ON customers(org_id, site_id) WHERE deleted_at IS NULL').execute(db.kysely);
await sql.raw('VACUUM ANALYZE customers').execute(db.kysely);
await show('+ partial index (org_id, site_id) WHERE deleted_at IS NULL');
} finally {
await db.close();
await pgdb.drop();
}
