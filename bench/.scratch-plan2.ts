import fs from 'node:fs';
import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { seedBenchOrg } from './lib/seed.js';

fs.rmSync('/tmp/scratch/p.db', { force: true });
const db = openDatabase(loadConfig({ DATABASE_URL: 'sqlite:/tmp/scratch/p.db' }).database);
await migrateToLatest(db.kysely);
const org = await seedBenchOrg(db, 20000);
const s = db.sqlite!;
console.log(s.prepare('select count(*) n from sites').get(), s.prepare('select count(*) n from customers').get(), s.prepare('select count(*) n, count(deleted_at) d from customers').get());
const FROM = `FROM customers c JOIN sites s ON s.id = c.site_id WHERE c.org_id = ? AND c.deleted_at IS NULL`;
const qs = {
  count: `SELECT count(*) AS total ${FROM}`,
  countNoJoin: `SELECT count(*) AS total FROM customers c WHERE c.org_id = ? AND c.deleted_at IS NULL`,
  list: `SELECT c.*, s.name ${FROM} ORDER BY c.created_at DESC, c.id DESC LIMIT 20 OFFSET 0`,
};
for (const [name, q] of Object.entries(qs)) {
  console.log(name, s.prepare(`EXPLAIN QUERY PLAN ${q}`).all(org.orgId).map((r: any) => r.detail).join(' | '));
  const st = s.prepare(q);
  for (let i = 0; i < 20; i++) st.all(org.orgId);
  const t = performance.now();
  for (let i = 0; i < 100; i++) st.all(org.orgId);
  console.log(`  ${((performance.now() - t) / 100).toFixed(3)} ms`);
}
console.log(s.prepare('select length(c.notes) l, length(c.address) a, length(c.tags) t from customers c limit 3').all());
console.log(s.prepare('select avg(length(c.notes)) l, avg(length(c.address)) a, avg(length(c.tags)) t, avg(length(name)) n from customers c').all());
console.log(s.prepare('pragma page_size').get(), s.prepare('pragma page_count').get(), s.prepare('pragma cache_size').get());
await db.close();
