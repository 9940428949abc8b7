import SQLite from 'better-sqlite3';
const s = new SQLite('/tmp/scratch/p.db');
const org = (s.prepare('select id from organizations').get() as any).id;
const FROM = `FROM customers c JOIN sites s ON s.id = c.site_id WHERE c.org_id = ? AND c.deleted_at IS NULL`;
const qs = {
  count: `SELECT count(*) AS total ${FROM}`,
  countNoJoin: `SELECT count(*) AS total FROM customers c WHERE c.org_id = ? AND c.deleted_at IS NULL`,
  list: `SELECT c.*, s.name ${FROM} ORDER BY c.created_at DESC, c.id DESC LIMIT 20 OFFSET 0`,
  listSite: `SELECT c.*, s.name ${FROM} AND c.site_id IN (SELECT id FROM sites LIMIT 3) ORDER BY c.created_at DESC, c.id DESC LIMIT 20 OFFSET 0`,
  countSite: `SELECT count(*) ${FROM} AND c.site_id IN (SELECT id FROM sites LIMIT 3)`,
};
function run(label: string) {
  console.log(`--- ${label}`);
  for (const [name, q] of Object.entries(qs)) {
    const st = s.prepare(q);
    for (let i = 0; i < 10; i++) st.all(org);
    const t = performance.now();
    for (let i = 0; i < 50; i++) st.all(org);
    console.log(`${name.padEnd(12)} ${((performance.now() - t) / 50).toFixed(3)} ms  ${s.prepare(`EXPLAIN QUERY PLAN ${q}`).all(org).map((r: any) => r.detail).join(' | ')}`);
  }
}
run('as migrated');
s.exec('CREATE INDEX customers_live_idx ON customers(org_id, created_at, id, site_id) WHERE deleted_at IS NULL');
run('+ partial index (org_id, created_at, id, site_id) WHERE deleted_at IS NULL');
s.exec('DROP INDEX customers_live_idx');
s.exec('CREATE INDEX customers_live2_idx ON customers(org_id, site_id) WHERE deleted_at IS NULL');
run('+ partial index (org_id, site_id) WHERE deleted_at IS NULL');
s.exec('DROP INDEX customers_live2_idx');
s.close();
