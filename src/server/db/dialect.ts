import { type Expression, type ExpressionBuilder, sql, type SqlBool } from 'kysely';
import type { DialectName } from './database.js';

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

export type { ExpressionBuilder };
