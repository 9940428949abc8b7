import { type Kysely, sql } from 'kysely';
import { columnTypes } from './column-types.js';

// Frozen: a migration that has shipped is never edited; add a new one instead.

export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp } = columnTypes(db);

  // Service-level targets in business minutes per case type × priority, organisation-wide
  // (site_id null) or overriding it on a site and the sites below it.
  await db.schema
    .createTable('sla_policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('site_id', 'text', (c) => c.references('sites.id'))
    .addColumn('case_type', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('first_response_minutes', 'integer', (c) => c.notNull().check(sql`first_response_minutes > 0`))
    .addColumn('resolution_minutes', 'integer', (c) => c.notNull().check(sql`resolution_minutes > 0`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute();
  // NULLs are distinct in unique constraints on both engines: one partial index per kind of scope.
  await db.schema
    .createIndex('sla_policies_org_unique')
    .on('sla_policies')
    .columns(['org_id', 'case_type', 'priority'])
    .unique()
    .where(sql.ref('site_id'), 'is', null)
    .execute();
  await db.schema
    .createIndex('sla_policies_site_unique')
    .on('sla_policies')
    .columns(['org_id', 'case_type', 'priority', 'site_id'])
    .unique()
    .where(sql.ref('site_id'), 'is not', null)
    .execute();

  // The organisation's working week (JSON: 7 lists of {start, end}, Sunday first); its time zone is the organisation's.
  await db.schema
    .createTable('business_calendars')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().unique().references('organizations.id'))
    .addColumn('weekly_hours', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute();
  // Public holidays and make-up working days (调休); one row per date, so a date cannot be both.
  await db.schema
    .createTable('calendar_days')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('holiday', 'make_up')`))
    .addColumn('name', 'text', (c) => c.notNull())
    // JSON list of {start, end} for make-up days; null for holidays
    .addColumn('hours', 'text')
    .addUniqueConstraint('calendar_days_org_date_unique', ['org_id', 'date'])
    .execute();

  await db.schema.alterTable('cases').addColumn('escalation_level', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  // The escalation sweep reads the open cases that can still escalate, across organisations.
  await db.schema.createIndex('cases_status_escalation_idx').on('cases').columns(['status', 'escalation_level']).execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('read_at', timestamp)
    .execute();
  // The bell: one user's notifications newest first, and the unread among them.
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['org_id', 'user_id', 'created_at']).execute();
  await db.schema.createIndex('notifications_user_unread_idx').on('notifications').columns(['org_id', 'user_id', 'read_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notifications').execute();
  await db.schema.dropIndex('cases_status_escalation_idx').execute();
  await db.schema.alterTable('cases').dropColumn('escalation_level').execute();
  for (const table of ['calendar_days', 'business_calendars', 'sla_policies']) {
    await db.schema.dropTable(table).execute();
  }
}
