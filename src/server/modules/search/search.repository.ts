import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { fullTextKeysAmong, fullTextMatchSource, insertFullTextDocuments, writeFullTextDocument } from '../../db/dialect.js';
import { queryTokens, searchTokens } from '../../text/segment.js';

// Case search: one index row per case holding the tokens of its title, description and every
// public reply and internal note (staff search both; the portal never searches). The index is
// written in the same transaction as the text it covers.

const TABLE = 'case_search';
// PostgreSQL refuses a lexeme over 2,047 bytes and a tsvector over 1 MB. The same cut applies to
// documents and queries, so a long Latin run still finds itself.
const TOKEN_MAX_CHARS = 64;
const TOKENS_MAX = 50_000;

function capToken(t: string): string {
  return t.length > TOKEN_MAX_CHARS ? Array.from(t).slice(0, TOKEN_MAX_CHARS).join('') : t;
}

/** Index tokens of a text: searchTokens, capped for the engines' limits. */
export function documentTokens(text: string): string[] {
  const tokens = new Set<string>();
  for (const t of searchTokens(text).split(' ')) {
    if (!t) continue;
    tokens.add(capToken(t));
    if (tokens.size >= TOKENS_MAX) break;
  }
  return [...tokens];
}

/** Query tokens to AND together, in the same vocabulary as documentTokens. */
export function searchQueryTokens(q: string): string[] {
  return [...new Set(queryTokens(q).map(capToken))];
}

/** Replaces the case's index row with the tokens of `text`. Pass a Db whose kysely is the open transaction. */
export async function indexCase(db: Db, orgId: string, caseId: string, text: string): Promise<void> {
  await writeFullTextDocument(db.kysely, db.dialect, { table: TABLE, key: 'case_id', keyValue: caseId, orgId, tokens: documentTokens(text) });
}

/** Indexes many new cases at once (bulk loads); none of them may be indexed yet. */
export async function indexNewCases(db: Db, docs: { orgId: string; caseId: string; text: string }[]): Promise<void> {
  await insertFullTextDocuments(db.kysely, db.dialect, {
    table: TABLE,
    key: 'case_id',
    docs: docs.map((d) => ({ keyValue: d.caseId, orgId: d.orgId, tokens: documentTokens(d.text) })),
  });
}

/** The text a case is found by: title, description, then every reply, note and note on a status change, in order. */
export async function caseSearchText(db: Db, orgId: string, caseId: string): Promise<string | undefined> {
  const row = await db.kysely.selectFrom('cases').select(['title', 'description']).where('org_id', '=', orgId).where('id', '=', caseId).executeTakeFirst();
  if (!row) return undefined;
  const events = await db.kysely
    .selectFrom('case_events')
    .select('body')
    .where('org_id', '=', orgId)
    .where('case_id', '=', caseId)
    .where('kind', 'in', ['comment', 'note', 'transition', 'customer_reply'])
    .where('body', 'is not', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return [row.title, row.description, ...events.map((e) => e.body ?? '')].join('\n');
}

/** Rebuilds the case's index row from what is stored now (after a reply or note). */
export async function reindexCase(db: Db, orgId: string, caseId: string): Promise<void> {
  const text = await caseSearchText(db, orgId, caseId);
  if (text !== undefined) await indexCase(db, orgId, caseId, text);
}

/** The case number `q` could be (ASCII letters, digits and dashes), upper-cased; otherwise undefined. */
export function caseNumberIn(q: string): string | undefined {
  const number = q.trim().toUpperCase();
  return /^[A-Z0-9-]+$/.test(number) ? number : undefined;
}

/**
 * The organisation's cases whose text holds every word of `q`, as a subquery of `key` read in index
 * order (see fullTextMatchSource): a query joining it can stop at a LIMIT. The case number is not
 * part of it; findCases adds that one case itself.
 */
export function caseTextMatchSource(db: Db, orgId: string, q: string) {
  return fullTextMatchSource(db.dialect, TABLE, 'case_id', orgId, searchQueryTokens(q));
}

/** caseTextMatchSource plus the case whose number `q` is, once each (to read every match, not to stop early). */
export function caseMatchSource(db: Db, orgId: string, q: string): RawBuilder<{ key: string }> {
  const text = caseTextMatchSource(db, orgId, q);
  const number = caseNumberIn(q);
  return number ? sql`(select key from ${text} as t union select id as key from cases where org_id = ${orgId} and number = ${number})` : text;
}

/** Which of `caseIds` (a batch) hold every word of `q` in their text. */
export function casesWithText(db: Db, orgId: string, q: string, caseIds: readonly string[]): Promise<Set<string>> {
  return fullTextKeysAmong(db.kysely, db.dialect, { table: TABLE, key: 'case_id', orgId, tokens: searchQueryTokens(q), keys: caseIds });
}
