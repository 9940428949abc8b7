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
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('saved_views').execute();
}
