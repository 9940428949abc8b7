import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

// Frozen: a migration that has shipped is never edited; add a new one instead.

export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp } = columnTypes(db);

  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
    .addColumn('assignee_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('merged_into_id', 'text', (c) => c.references('cases.id'))
    .addColumn('first_response_due_at', timestamp)
    .addColumn('first_responded_at', timestamp)
    .addColumn('resolution_due_at', timestamp)
    .addColumn('resolved_at', timestamp)
    .addColumn('closed_at', timestamp)
    .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .addUniqueConstraint('cases_org_number_unique', ['org_id', 'number'])
    .execute();
  // Queues: by site and status, newest first; "mine"; a customer's other cases.
  await db.schema.createIndex('cases_org_site_status_idx').on('cases').columns(['org_id', 'site_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('cases_org_created_idx').on('cases').columns(['org_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('cases_org_assignee_idx').on('cases').columns(['org_id', 'assignee_id', 'status']).execute();
  await db.schema.createIndex('cases_org_customer_idx').on('cases').columns(['org_id', 'customer_id']).execute();

  await db.schema
    .createTable('case_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('action', 'text')
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('body', 'text')
    .addColumn('public', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('data', 'text')
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_events_case_idx').on('case_events').columns(['org_id', 'case_id', 'created_at']).execute();

  // One row per organisation and local day; the case number's sequence is taken from it.
  await db.schema
    .createTable('case_number_counters')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('last', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_number_counters_pk', ['org_id', 'day'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['case_number_counters', 'case_events', 'cases']) {
    await db.schema.dropTable(table).execute();
  }
}
