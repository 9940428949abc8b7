import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import type { Database } from './types.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /** The raw SQLite handle, for online backup; undefined on PostgreSQL. */
  sqlite?: SQLite.Database;
  /**
   * SQLite only: runs `fn` once the transaction now open on the connection commits, and never if
   * it rolls back (at once when no transaction is open). SQLite has one connection and Kysely runs
   * one transaction on it at a time, so "the open transaction" is always the caller's.
   */
  afterCommit?: (fn: () => void) => void;
  close(): Promise<void>;
}

// timestamptz → ISO string, so both dialects hand repositories the same shape.
const TIMESTAMPTZ_OID = 1184;
const TIMESTAMP_OID = 1114;
const INT8_OID = 20;
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMPTZ_OID || oid === TIMESTAMP_OID) return (v: string) => new Date(v).toISOString();
    // count(*) is bigint; our counts fit in a double.
    if (oid === INT8_OID) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** Opens the configured database. SQLite runs in WAL mode with foreign keys on. */
export function openDatabase(database: Config['database'], options: { poolSize?: number } = {}): Db {
  if (database.dialect === 'sqlite') {
    if (database.file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(database.file)), { recursive: true });
    const sqlite = new SQLite(database.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    const hooks = commitHooks(sqlite);
    const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite, hooks) }) });
    return { kysely, dialect: 'sqlite', sqlite, afterCommit: hooks.afterCommit, close: () => kysely.destroy() };
  }
  const pool = new pg.Pool({ connectionString: database.url, max: options.poolSize ?? 10, types: pgTypes });
  // An idle connection can be cut by the server (restart, failover, a dropped database). Without a
  // listener that error would crash the process; the pool opens a new connection on next use.
  pool.on('error', () => {});
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { kysely, dialect: 'postgres', close: () => kysely.destroy() };
}

/**
 * Kysely's SQLite driver prepares every statement on every call; preparing costs about as much as
 * running a small query. Statements are cached by their SQL text (bounded, least recently used
 * dropped). Safe because the driver runs one statement at a time on its single connection.
 */
function withStatementCache(sqlite: SQLite.Database, hooks: CommitHooks, max = 500) {
  const cache = new Map<string, SQLite.Statement>();
  let commit: SQLite.Statement | undefined;
  let rollback: SQLite.Statement | undefined;
  return {
    close: () => sqlite.close(),
    prepare(source: string): SQLite.Statement {
      // Kysely ends its transactions with exactly these statements (SqliteDriver).
      if (source === 'commit') return (commit ??= hooks.wrap(sqlite.prepare(source), true));
      if (source === 'rollback') return (rollback ??= hooks.wrap(sqlite.prepare(source), false));
      let statement = cache.get(source);
      if (statement) cache.delete(source);
      else {
        statement = sqlite.prepare(source);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
      }
      cache.set(source, statement);
      return statement;
    },
  };
}

interface CommitHooks {
  afterCommit(fn: () => void): void;
  wrap(statement: SQLite.Statement, commit: boolean): SQLite.Statement;
}

/**
 * Work deferred until the open transaction commits (see Db.afterCommit). The queue is kept on the
 * commit and rollback statements Kysely runs: after a successful commit it runs, after a rollback
 * (or a commit that failed and is rolled back) it is dropped.
 */
function commitHooks(sqlite: SQLite.Database): CommitHooks {
  let pending: (() => void)[] = [];
  const flush = (list: (() => void)[]) => {
    for (const fn of list) {
      try {
        fn();
      } catch {
        // One listener's failure must not undo a commit that has happened or starve the others.
      }
    }
  };
  return {
    afterCommit(fn) {
      if (sqlite.inTransaction) pending.push(fn);
      else queueMicrotask(() => flush([fn]));
    },
    wrap(statement, commit) {
      return new Proxy(statement, {
        get(target, property) {
          const value = Reflect.get(target, property) as unknown;
          // Native methods and getters must see the real statement as `this`.
          if (property !== 'run') return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
          return (...args: unknown[]) => {
            if (!commit) pending = [];
            const result = (target.run as (...a: unknown[]) => SQLite.RunResult)(...args);
            if (commit) {
              const done = pending;
              pending = [];
              queueMicrotask(() => flush(done));
            }
            return result;
          };
        },
      });
    },
  };
}
