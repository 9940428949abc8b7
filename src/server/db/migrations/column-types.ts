import { type Kysely, PostgresAdapter } from 'kysely';

/**
 * Column types that differ between the dialects, for migrations. Timestamps are real
 * `timestamptz` on PostgreSQL and ISO-8601 text on SQLite (which sorts correctly as text).
 * Kept separate from dialect.ts so that shipped migrations do not change when runtime code does.
 */
export function columnTypes(db: Kysely<any>) {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return { timestamp: postgres ? ('timestamptz' as const) : ('text' as const) };
}
