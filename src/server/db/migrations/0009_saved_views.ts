import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

// Frozen: a migration that has shipped is never edited; add a new one instead.

export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp } = columnTypes(db);

  // A person's saved case-list views: a name and the list's query (JSON of query-string values,
  // checked against the list's schema on every write). Personal: only their owner sees them.
  await db.schema
    .createTable('saved_views')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .addUniqueConstraint('saved_views_owner_name_unique', ['org_id', 'user_id', 'name'])
    .execute();

  // Queue pages sorted by deadline, and a stable tie-break on id. Without these, "site X, status
  // new, by resolution deadline" sorted every matching row (both databases), and "site X, status
  // new, newest first" on SQLite walked the organisation's whole created-at index, because the
  // site/status index lacked the id the order ends with. The new created-at index replaces it.
  await db.schema.createIndex('cases_org_site_status_due_idx').on('cases').columns(['org_id', 'site_id', 'status', 'resolution_due_at', 'id']).execute();
  await db.schema.createIndex('cases_org_site_status_created_idx').on('cases').columns(['org_id', 'site_id', 'status', 'created_at', 'id']).execute();
  await db.schema.dropIndex('cases_org_site_status_idx').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('cases_org_site_status_idx').on('cases').columns(['org_id', 'site_id', 'status', 'created_at']).execute();
  await db.schema.dropIndex('cases_org_site_status_created_idx').execute();
  await db.schema.dropIndex('cases_org_site_status_due_idx').execute();
  await db.schema.dropTable('saved_views').execute();
}
