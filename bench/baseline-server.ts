/**
 * The baseline for the customers benchmark: the least a server can do to answer the same request.
 * Bare Fastify, the database driver called directly with the same SQL shape as Fuwu's list
 * (customers on the organisation, not deleted, newest first, joined with the site's name, plus a
 * count), no authentication, no validation, no logging, rows sent as the driver returns them.
 * Run as a child of a benchmark: reads DATABASE_URL and BENCH_ORG_ID, prints its port after a marker.
 */
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import pg from 'pg';
import { serveForBenchmark } from './lib/proc.js';

const url = process.env.DATABASE_URL ?? '';
const orgId = process.env.BENCH_ORG_ID ?? '';
if (!url || !orgId) throw new Error('baseline-server needs DATABASE_URL and BENCH_ORG_ID');

const FROM = `FROM customers c JOIN sites s ON s.id = c.site_id WHERE c.org_id = ? AND c.deleted_at IS NULL`;
const LIST = `SELECT c.*, s.name AS site_name ${FROM} ORDER BY c.created_at DESC, c.id DESC LIMIT ? OFFSET ?`;
// The same count Fuwu runs: site_id is a required foreign key, so the count needs no join.
const COUNT = `SELECT count(*) AS total FROM customers c WHERE c.org_id = ? AND c.deleted_at IS NULL`;

type Query = (page: number, pageSize: number) => Promise<{ rows: unknown[]; total: number }>;
let query: Query;

if (url.startsWith('sqlite:')) {
  // The same pragmas as Fuwu's openDatabase, so the two differ in the server, not the database.
  const sqlite = new SQLite(url.slice('sqlite:'.length));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const list = sqlite.prepare(LIST);
  const count = sqlite.prepare<[string], { total: number }>(COUNT);
  query = async (page, pageSize) => ({ rows: list.all(orgId, pageSize, (page - 1) * pageSize), total: count.get(orgId)!.total });
} else {
  // Fuwu's pool size on PostgreSQL, and both queries in flight at once as Fuwu sends them.
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const numbered = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  const listSql = numbered(LIST);
  const countSql = numbered(COUNT);
  query = async (page, pageSize) => {
    const [rows, count] = await Promise.all([pool.query(listSql, [orgId, pageSize, (page - 1) * pageSize]), pool.query<{ total: string }>(countSql, [orgId])]);
    return { rows: rows.rows, total: Number(count.rows[0].total) };
  };
}

const app = Fastify({ logger: false });
app.get('/api/v1/customers', async (request) => {
  const q = request.query as Record<string, string | undefined>;
  const page = Number(q.page ?? 1);
  const pageSize = Number(q.pageSize ?? 20);
  const { rows, total } = await query(page, pageSize);
  return { items: rows, total, page, pageSize };
});
await serveForBenchmark(app);
