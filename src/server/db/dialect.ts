import { type Expression, type ExpressionBuilder, type Kysely, type RawBuilder, sql, type SqlBool } from 'kysely';
import { EventEmitter } from 'node:events';
import type { Db, DialectName } from './database.js';
import { type ListenerLog, PgListener } from './pg-listener.js';

/**
 * The only place that branches on the SQL dialect. Everything else writes one query for both.
 */

/** Escapes LIKE wildcards so that user text matches literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Case-insensitive "contains" on a text column. SQLite's LIKE is already case-insensitive for
 * ASCII (and Chinese has no case); PostgreSQL needs ILIKE.
 */
export function containsText(dialect: DialectName, column: Expression<unknown>, text: string): Expression<SqlBool> {
  const pattern = likePattern(text);
  return dialect === 'postgres'
    ? sql<SqlBool>`${column} ilike ${pattern} escape '\\'`
    : sql<SqlBool>`${column} like ${pattern} escape '\\'`;
}

/**
 * Full-text search over tokens from searchTokens() (space-separated and normalised, so neither
 * engine tokenizes Chinese itself); see migrations/0004_case_search.ts. PostgreSQL: one table
 * `<table>(<key>, org_id, tokens tsvector)`. SQLite: a contentless FTS5 table `<table>(tokens)` whose
 * rowids `<table>_docs(id, <key>, org_id)` maps to keys (an upsert there, then the index row replaced by rowid).
 */
function fullTextKeyTable(dialect: DialectName, table: string): string {
  return dialect === 'postgres' ? table : `${table}_docs`;
}

/** Stores (or replaces) the tokens of the document `key` = `keyValue`. */
export async function writeFullTextDocument(
  db: Kysely<any>,
  dialect: DialectName,
  doc: { table: string; key: string; keyValue: string; orgId: string; tokens: string[] },
): Promise<void> {
  const { table, key, keyValue, orgId, tokens } = doc;
  if (dialect === 'postgres') {
    await sql`insert into ${sql.table(table)} (${sql.ref(key)}, org_id, tokens) values (${keyValue}, ${orgId}, array_to_tsvector(${tokens}::text[]))
      on conflict (${sql.ref(key)}) do update set org_id = excluded.org_id, tokens = excluded.tokens`.execute(db);
    return;
  }
  const { rows } = await sql<{ id: number }>`insert into ${sql.table(fullTextKeyTable(dialect, table))} (${sql.ref(key)}, org_id) values (${keyValue}, ${orgId})
    on conflict (${sql.ref(key)}) do update set org_id = excluded.org_id returning id`.execute(db);
  const rowid = rows[0].id;
  await sql`delete from ${sql.table(table)} where rowid = ${rowid}`.execute(db);
  await sql`insert into ${sql.table(table)} (rowid, tokens) values (${rowid}, ${tokens.join(' ')})`.execute(db);
}

/**
 * Stores many new documents at once (bulk loads: demo data, benchmarks). The keys must not be
 * indexed yet; a key already present is an error rather than a replacement.
 */
export async function insertFullTextDocuments(
  db: Kysely<any>,
  dialect: DialectName,
  batch: { table: string; key: string; docs: { keyValue: string; orgId: string; tokens: string[] }[] },
): Promise<void> {
  const { table, key, docs } = batch;
  if (!docs.length) return;
  if (dialect === 'postgres') {
    const values = docs.map((d) => sql`(${d.keyValue}, ${d.orgId}, array_to_tsvector(${d.tokens}::text[]))`);
    await sql`insert into ${sql.table(table)} (${sql.ref(key)}, org_id, tokens) values ${sql.join(values)}`.execute(db);
    return;
  }
  const keyValues = docs.map((d) => sql`(${d.keyValue}, ${d.orgId})`);
  const { rows } = await sql<{ id: number; key: string }>`insert into ${sql.table(fullTextKeyTable(dialect, table))} (${sql.ref(key)}, org_id) values ${sql.join(keyValues)}
    returning id, ${sql.ref(key)} as key`.execute(db);
  const rowids = new Map(rows.map((r) => [r.key, r.id]));
  const tokenValues = docs.map((d) => sql`(${rowids.get(d.keyValue)}, ${d.tokens.join(' ')})`);
  await sql`insert into ${sql.table(table)} (rowid, tokens) values ${sql.join(tokenValues)}`.execute(db);
}

// Full-text queries AND the tokens, each quoted, so that user text (quotes, operators, parentheses,
// `*`, `:`, backslashes) is matched as text and never parsed as query syntax.
function postgresTsQuery(tokens: string[]): string {
  return tokens.map((t) => `'${t.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`).join(' & ');
}

function fts5Query(tokens: string[]): string {
  return tokens.map((t) => `"${t.replace(/"/g, '""')}"`).join(' AND ');
}

/**
 * The organisation's documents of `table` that hold every token (none for no tokens), as a subquery
 * of `key` to alias in FROM, that the engine reads in index order and can stop reading at a LIMIT.
 * Join it to the keyed table with a CROSS JOIN and `key = ...` in WHERE: SQLite then keeps the
 * full-text index as the outer loop (otherwise it may drive from the other table and probe the index
 * once per row, about 0.1–1 ms a probe on FTS5); PostgreSQL treats it as an ordinary join.
 */
export function fullTextMatchSource(dialect: DialectName, table: string, key: string, orgId: string, tokens: string[]): RawBuilder<{ key: string }> {
  if (!tokens.length) return sql`(select ${sql.ref(key)} as key from ${sql.table(fullTextKeyTable(dialect, table))} where 1 = 0)`;
  if (dialect === 'postgres') {
    return sql`(select ${sql.ref(key)} as key from ${sql.table(table)} where tokens @@ ${postgresTsQuery(tokens)}::tsquery and org_id = ${orgId})`;
  }
  return sql`(select d.${sql.ref(key)} as key from ${sql.table(table)} f cross join ${sql.table(fullTextKeyTable(dialect, table))} d
    where f.${sql.ref(table)} match ${fts5Query(tokens)} and d.id = f.rowid and d.org_id = ${orgId})`;
}

/**
 * Which of `keys` (a batch, at most a few thousand) hold every token.
 * PostgreSQL: one primary-key probe and tsvector test per key. SQLite: probing FTS5 once per key costs
 * 0.1–1 ms (every segment of the index is opened each time), so the batch's rowids are looked up and
 * the index is read once over their rowid range; rowids that were assigned together (cases written
 * around the same time) make that range narrow. The bounds are bound as BigInt: FTS5 ignores a rowid
 * bound that arrives as a REAL, which is how a JavaScript number is bound.
 */
export async function fullTextKeysAmong(
  db: Kysely<any>,
  dialect: DialectName,
  q: { table: string; key: string; orgId: string; tokens: string[]; keys: readonly string[] },
): Promise<Set<string>> {
  const { table, key, orgId, tokens, keys } = q;
  if (!tokens.length || !keys.length) return new Set();
  if (dialect === 'postgres') {
    const { rows } = await sql<{ key: string }>`select ${sql.ref(key)} as key from ${sql.table(table)}
      where ${sql.ref(key)} = any(${[...keys]}::text[]) and org_id = ${orgId} and tokens @@ ${postgresTsQuery(tokens)}::tsquery`.execute(db);
    return new Set(rows.map((r) => r.key));
  }
  const { rows: docs } = await sql<{ id: number; key: string }>`select id, ${sql.ref(key)} as key from ${sql.table(fullTextKeyTable(dialect, table))}
    where ${sql.ref(key)} in (${sql.join([...keys])}) and org_id = ${orgId}`.execute(db);
  if (!docs.length) return new Set();
  let low = docs[0].id;
  let high = docs[0].id;
  for (const d of docs) {
    if (d.id < low) low = d.id;
    if (d.id > high) high = d.id;
  }
  const { rows: hits } = await sql<{ rowid: number }>`select rowid from ${sql.table(table)}
    where ${sql.ref(table)} match ${fts5Query(tokens)} and rowid between ${BigInt(low)} and ${BigInt(high)}`.execute(db);
  const matching = new Set(hits.map((h) => Number(h.rowid)));
  return new Set(docs.filter((d) => matching.has(d.id)).map((d) => d.key));
}

/** True when the error is a unique-constraint violation on either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when the error is a foreign-key violation on either dialect. */
export function isForeignKeyViolation(error: unknown): boolean {
  const e = error as { code?: string };
  return e?.code === '23503' || e?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** One emitter per SQLite database: on SQLite every writer and listener lives in this process. */
const localChannels = new WeakMap<object, EventEmitter>();
function localChannel(db: Db): EventEmitter {
  const key = db.sqlite as object;
  let emitter = localChannels.get(key);
  if (!emitter) {
    emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    localChannels.set(key, emitter);
  }
  return emitter;
}

/**
 * Sends `payload` to every listener of `channel` once the writing transaction (`db.kysely`)
 * commits, and never when it rolls back.
 * PostgreSQL: `pg_notify` inside the transaction. PostgreSQL holds a transaction's notifications
 * until it commits and discards them on rollback, so an undone write notifies nobody, and every
 * app instance listening on the database hears a committed one.
 * SQLite: an in-process emitter, fired after the commit (Db.afterCommit).
 */
export async function notifyOnCommit(db: Db, channel: string, payload: string): Promise<void> {
  if (db.dialect === 'postgres') {
    await sql`select pg_notify(${channel}, ${payload})`.execute(db.kysely);
    return;
  }
  const emitter = localChannel(db);
  db.afterCommit!(() => emitter.emit(channel, payload));
}

export interface ChannelListener {
  /** Resolves once messages are being received. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Receives what notifyOnCommit sends on `channel`: on PostgreSQL through LISTEN on a dedicated
 * connection to `url` (reconnecting when it drops; `onReconnect` then, since messages were missed),
 * on SQLite from the in-process emitter.
 */
export function listenChannel(db: Db, url: string | undefined, channel: string, onMessage: (payload: string) => void, log: ListenerLog, onReconnect?: () => void): ChannelListener {
  if (db.dialect === 'postgres') {
    if (!url) throw new Error('listenChannel needs the PostgreSQL connection URL');
    const listener = new PgListener(url, channel, onMessage, log, onReconnect);
    return { ready: listener.ready, close: () => listener.close() };
  }
  const emitter = localChannel(db);
  emitter.on(channel, onMessage);
  return { ready: Promise.resolve(), close: async () => void emitter.off(channel, onMessage) };
}

export type { ExpressionBuilder };
