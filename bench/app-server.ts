/**
 * The real Fuwu app, listening on a random loopback port, for the load benchmarks. Run as a child
 * of a benchmark (see lib/proc.ts), never on its own: it reads DATABASE_URL from the environment
 * and prints its port after a marker.
 */
import type { KyselyPlugin } from 'kysely';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { type Db, openDatabase } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { LISTENING_MARKER } from './lib/proc.js';

// warn, as in a production deployment that does not log every request; the database and pool
// settings are the server's own defaults, not tuned for the benchmark.
const config = loadConfig({ DATABASE_URL: process.env.DATABASE_URL, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
const opened = openDatabase(config.database);
// As main.ts does: a no-op on the benchmark's freshly migrated database, but a build under test
// that brings a migration (an index, say) gets it applied.
await migrateToLatest(opened.kysely);
const counting = countStatements(opened);
const statements = counting?.counts;
const app = await buildApp({ config, db: counting?.db ?? opened });
let requests = 0;
if (statements) app.addHook('onResponse', async () => void requests++);
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`${LISTENING_MARKER}${typeof address === 'object' && address ? address.port : 0}\n`);

// Exit on SIGTERM through process.exit, so that `--cpu-prof` gets to write its profile. The
// database is not closed first: requests autocannon abandoned may still be running, and they
// would only log errors against a closed pool.
process.once('SIGTERM', async () => {
  if (statements) reportStatements(statements, requests);
  await app.close();
  process.exit(0);
});

/**
 * With BENCH_COUNT_QUERIES=1, the database handle the app gets counts the statements it runs, by
 * SQL text, through a Kysely plugin: it sees every query on either dialect, whatever the driver
 * caches underneath.
 */
function countStatements(database: Db): { db: Db; counts: Map<string, number> } | undefined {
  if (!process.env.BENCH_COUNT_QUERIES) return undefined;
  const counts = new Map<string, number>();
  const executor = database.kysely.getExecutor();
  const counter: KyselyPlugin = {
    transformQuery({ node, queryId }) {
      const { sql } = executor.compileQuery(node, queryId);
      counts.set(sql, (counts.get(sql) ?? 0) + 1);
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return { db: { ...database, kysely: database.kysely.withPlugin(counter) }, counts };
}

function reportStatements(counts: Map<string, number>, requests: number): void {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const per = (n: number) => (n / Math.max(requests, 1)).toFixed(2);
  const lines = [`  SQL statements: ${total} for ${requests} responses = ${per(total)} per request`];
  for (const [sql, n] of [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    lines.push(`    ${per(n).padStart(6)} × ${sql.length > 150 ? `${sql.slice(0, 150)}…` : sql}`);
  }
  process.stderr.write(`${lines.join('\n')}\n`);
}
