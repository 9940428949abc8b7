import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen: a migration that has shipped is never edited; add a new one instead.

// The index holds tokens from searchTokens() (src/server/text/segment.ts): space-separated,
// normalised Han characters, Han bigrams and Latin/digit runs. Both engines therefore only have to
// split on spaces and compare tokens exactly; no engine-side Chinese tokenizer is involved.
//
// SQLite: the FTS5 table `case_search(tokens)` is contentless (it stores only the index, and with
// contentless_delete=1 a row can be replaced by rowid); `case_search_docs(id, case_id, org_id)`
// maps its rowids to cases. The map stays narrow because every match is looked up in it, and an FTS5
// column holding case_id could only be found again by scanning every row. Needs SQLite 3.43
// (better-sqlite3 12 bundles a newer one). unicode61 splits only on spaces and punctuation, so a
// 2-character Han token stays one token.
//
// PostgreSQL: `case_search(case_id, org_id, tokens tsvector)` with a GIN index, filled with
// array_to_tsvector (the 'simple' parser would glue a Han run into one word) and queried with
// quoted lexemes cast to tsquery.

const TOKEN_MAX_CHARS = 64;
const TOKENS_MAX = 50_000;
const BATCH = 500;

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await db.schema
      .createTable('case_search')
      .addColumn('case_id', 'text', (c) => c.primaryKey().references('cases.id'))
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('tokens', sql`tsvector`, (c) => c.notNull())
      .execute();
    await sql`create index case_search_tokens_idx on case_search using gin (tokens)`.execute(db);
  } else {
    await db.schema
      .createTable('case_search_docs')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().unique().references('cases.id'))
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .execute();
    await sql`create virtual table case_search using fts5(tokens, content = '', contentless_delete = 1, tokenize = 'unicode61')`.execute(db);
  }
  await backfill(db);
}

/** Indexes the cases that existed before this migration: title, description, replies and notes. */
async function backfill(db: Kysely<any>): Promise<void> {
  const postgres = isPostgres(db);
  let after = '';
  for (;;) {
    const cases: { id: string; org_id: string; title: string; description: string }[] = await db
      .selectFrom('cases')
      .select(['id', 'org_id', 'title', 'description'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (!cases.length) return;
    after = cases[cases.length - 1].id;
    // Imported only when there is something to index: the toolkit loads conversion tables.
    const { searchTokens } = await import('../../text/segment.js');
    const events: { case_id: string; body: string }[] = await db
      .selectFrom('case_events')
      .select(['case_id', 'body'])
      .where('case_id', 'in', cases.map((c) => c.id))
      .where('kind', 'in', ['comment', 'note'])
      .where('body', 'is not', null)
      .orderBy('created_at')
      .execute();
    const bodies = new Map<string, string[]>();
    for (const e of events) bodies.set(e.case_id, [...(bodies.get(e.case_id) ?? []), e.body]);
    for (const c of cases) {
      const text = [c.title, c.description, ...(bodies.get(c.id) ?? [])].join('\n');
      const tokens = [...new Set(searchTokens(text).split(' ').filter(Boolean).map((t) => Array.from(t).slice(0, TOKEN_MAX_CHARS).join('')))].slice(0, TOKENS_MAX);
      if (postgres) {
        await sql`insert into case_search (case_id, org_id, tokens) values (${c.id}, ${c.org_id}, array_to_tsvector(${tokens}::text[]))`.execute(db);
      } else {
        const { id } = await db.insertInto('case_search_docs').values({ case_id: c.id, org_id: c.org_id }).returning('id').executeTakeFirstOrThrow();
        await sql`insert into case_search (rowid, tokens) values (${id}, ${tokens.join(' ')})`.execute(db);
      }
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await db.schema.dropTable('case_search').execute();
  } else {
    await sql`drop table case_search`.execute(db);
    await db.schema.dropTable('case_search_docs').execute();
  }
}
