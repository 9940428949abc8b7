import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

// Frozen: a migration that has shipped is never edited; add a new one instead.

/**
 * Survey follow-ups (整改跟进): a low score or a comment of a response turned into a case.
 *
 *   survey_follow_ups   one row per (response, question): question_key is the question the case is
 *                       about, '' for the response as a whole; unique per response × question, so a
 *                       second follow-up of the same answer is refused (409) even between two app
 *                       instances. The case is written by insertNewCase() in the same transaction.
 *
 * The case's status is read through the join; nothing is copied, so the response shows its
 * follow-ups "until solved" without any job.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp } = columnTypes(db);
  await db.schema
    .createTable('survey_follow_ups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('response_id', 'text', (c) => c.notNull().references('survey_responses.id').onDelete('cascade'))
    .addColumn('question_key', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('survey_follow_ups_unique').on('survey_follow_ups').columns(['response_id', 'question_key']).unique().execute();
  await db.schema.createIndex('survey_follow_ups_case_idx').on('survey_follow_ups').columns(['org_id', 'case_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('survey_follow_ups').execute();
}
