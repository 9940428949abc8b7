import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

// Frozen: a migration that has shipped is never edited; add a new one instead.

export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp } = columnTypes(db);

  // Files on a case. The bytes live under DATA_DIR/attachments/<org_id>/<id>; this row is what
  // makes them exist for the application.
  await db.schema
    .createTable('case_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('event_id', 'text', (c) => c.references('case_events.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    // null: the customer uploaded it on the portal
    .addColumn('uploaded_by', 'text', (c) => c.references('users.id'))
    .addColumn('public', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_attachments_case_idx').on('case_attachments').columns(['org_id', 'case_id', 'created_at']).execute();

  // The private tracking link of a portal case: only the SHA-256 of its token is kept.
  await db.schema
    .createTable('portal_case_tokens')
    .addColumn('case_id', 'text', (c) => c.primaryKey().references('cases.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('portal_case_tokens').execute();
  await db.schema.dropTable('case_attachments').execute();
}
