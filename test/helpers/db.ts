import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Db, type DialectName, openDatabase } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';

/**
 * Every database test runs once per dialect. Both are on by default and PostgreSQL being
 * unreachable is a failure, not a skip: set FUWU_TEST_DIALECTS=sqlite to run SQLite alone on
 * purpose.
 */
export const DIALECTS: DialectName[] = (process.env.FUWU_TEST_DIALECTS ?? 'sqlite,postgres')
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is DialectName => d === 'sqlite' || d === 'postgres');

/** Server used to create a throwaway database per test file. */
export const POSTGRES_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  db: Db;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of the given dialect, dropped again by `drop()`. */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  const name = `fuwu_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuwu-test-'));
    const file = path.join(dir, `${name}.db`);
    const db = openDatabase({ dialect: 'sqlite', file });
    await migrateToLatest(db.kysely);
    return {
      db,
      url: `sqlite:${file}`,
      drop: async () => {
        await db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL} (${(error as Error).message}). Start it, set TEST_DATABASE_URL, or run FUWU_TEST_DIALECTS=sqlite npm test.`,
    );
  }
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const db = openDatabase({ dialect: 'postgres', url: url.toString() }, { poolSize: 5 });
  await migrateToLatest(db.kysely);
  return {
    db,
    url: url.toString(),
    drop: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      // Let the pool's connections finish closing: FORCE would cut one mid-close and its client
      // would report the cut as an unhandled error.
      for (let i = 0; i < 40; i++) {
        const open = await c.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (open.rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
