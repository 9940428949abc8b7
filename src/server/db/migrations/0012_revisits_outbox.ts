import { type Kysely, sql } from 'kysely';
import { columnTypes } from './column-types.js';

// Frozen: a migration that has shipped is never edited; add a new one instead.

/**
 * Revisits (callbacks after cases and under VIP plans), communication records, and the outbox of
 * email and SMS messages. Background work on these tables is made safe for several app instances
 * per row, never by a global lock: outbox rows are claimed with a conditional update
 * (claimed_until), and generated revisits are unique per plan, customer and period.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp } = columnTypes(db);

  // Which resolved cases get a revisit, how soon, and how hard the agent tries; per case type,
  // organisation-wide (site_id null) or overriding it on a site and the sites below it.
  await db.schema
    .createTable('revisit_policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('site_id', 'text', (c) => c.references('sites.id'))
    .addColumn('case_type', 'text', (c) => c.notNull())
    // share of resolved cases of this type that get a revisit (100 for complaints by default)
    .addColumn('sample_percent', 'integer', (c) => c.notNull().check(sql`sample_percent between 0 and 100`))
    // earliest call after resolution, and the window to finish it in (overdue after)
    .addColumn('delay_hours', 'integer', (c) => c.notNull().check(sql`delay_hours >= 0`))
    .addColumn('due_within_hours', 'integer', (c) => c.notNull().check(sql`due_within_hours > 0`))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().check(sql`max_attempts between 1 and 10`))
    .addColumn('retry_interval_hours', 'integer', (c) => c.notNull().check(sql`retry_interval_hours >= 0`))
    // a resolved case with no dissatisfied revisit closes this long after resolution
    .addColumn('close_after_hours', 'integer', (c) => c.notNull().check(sql`close_after_hours > 0`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('revisit_policies_org_unique')
    .on('revisit_policies')
    .columns(['org_id', 'case_type'])
    .unique()
    .where(sql.ref('site_id'), 'is', null)
    .execute();
  await db.schema
    .createIndex('revisit_policies_site_unique')
    .on('revisit_policies')
    .columns(['org_id', 'case_type', 'site_id'])
    .unique()
    .where(sql.ref('site_id'), 'is not', null)
    .execute();

  // Revisit plans for VIP and key customers: one customer, or every customer of a tier (within a
  // site and the sites below it when site_id is set).
  await db.schema
    .createTable('revisit_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('site_id', 'text', (c) => c.references('sites.id'))
    .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
    .addColumn('tier', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    // weekly | monthly | quarterly | half_yearly | yearly
    .addColumn('cadence', 'text', (c) => c.notNull())
    // phone | visit | wechat | ...
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.references('users.id'))
    // local date (YYYY-MM-DD) of the first revisit; later ones keep its day of the month, clamped to short months
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .addCheckConstraint('revisit_plans_target', sql`(customer_id is not null and tier is null) or (customer_id is null and tier is not null)`)
    .execute();
  await db.schema.createIndex('revisit_plans_org_idx').on('revisit_plans').columns(['org_id', 'active']).execute();

  // One revisit: a callback after a resolved case (case_id) or a due contact under a plan (plan_id).
  await db.schema
    .createTable('revisits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('plan_id', 'text', (c) => c.references('revisit_plans.id'))
    // the plan's period this revisit belongs to (e.g. 2026-11 for a monthly plan); null for case revisits
    .addColumn('plan_period', 'text')
    // case | plan
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.references('users.id'))
    // due | done | failed (attempts used up, not reached) | cancelled
    .addColumn('status', 'text', (c) => c.notNull())
    // from when it may be made, and when it becomes overdue
    .addColumn('due_at', timestamp, (c) => c.notNull())
    .addColumn('deadline_at', timestamp, (c) => c.notNull())
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('retry_interval_hours', 'integer', (c) => c.notNull())
    .addColumn('attempt_count', 'integer', (c) => c.notNull().defaultTo(0))
    // after an unanswered call: not before this time
    .addColumn('next_attempt_at', timestamp)
    // reached | no_answer | refused | wrong_number (the last attempt's)
    .addColumn('last_outcome', 'text')
    .addColumn('solved', 'integer')
    // 1–5; satisfied means 4 or 5
    .addColumn('satisfaction', 'integer', (c) => c.check(sql`satisfaction between 1 and 5`))
    .addColumn('comment', 'text')
    .addColumn('completed_at', timestamp)
    .addColumn('completed_by', 'text', (c) => c.references('users.id'))
    // when a reminder for this revisit was last queued (the reminder job sends one per day at most)
    .addColumn('reminded_at', timestamp)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .addCheckConstraint('revisits_source', sql`(kind = 'case' and case_id is not null) or (kind = 'plan' and plan_id is not null and plan_period is not null)`)
    .execute();
  // Work lists: a site's or an owner's open revisits by due time; figures by completion time.
  await db.schema.createIndex('revisits_org_status_due_idx').on('revisits').columns(['org_id', 'status', 'due_at']).execute();
  await db.schema.createIndex('revisits_owner_status_due_idx').on('revisits').columns(['org_id', 'owner_id', 'status', 'due_at']).execute();
  await db.schema.createIndex('revisits_site_status_due_idx').on('revisits').columns(['org_id', 'site_id', 'status', 'due_at']).execute();
  await db.schema.createIndex('revisits_case_idx').on('revisits').columns(['org_id', 'case_id']).execute();
  await db.schema.createIndex('revisits_customer_idx').on('revisits').columns(['org_id', 'customer_id', 'due_at']).execute();
  // A plan generates one revisit per customer and period, however many instances run the generator.
  await db.schema
    .createIndex('revisits_plan_period_unique')
    .on('revisits')
    .columns(['plan_id', 'customer_id', 'plan_period'])
    .unique()
    .where(sql.ref('plan_id'), 'is not', null)
    .execute();

  // Every call or visit made for a revisit, in order.
  await db.schema
    .createTable('revisit_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('revisit_id', 'text', (c) => c.notNull().references('revisits.id'))
    .addColumn('attempt_no', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('solved', 'integer')
    .addColumn('satisfaction', 'integer', (c) => c.check(sql`satisfaction between 1 and 5`))
    .addColumn('comment', 'text')
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    .addColumn('recorded_at', timestamp, (c) => c.notNull())
    .addUniqueConstraint('revisit_attempts_no_unique', ['revisit_id', 'attempt_no'])
    .execute();

  // 沟通记录: any contact with a customer (a revisit or ad hoc): who, when, how, what was said.
  await db.schema
    .createTable('communication_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('revisit_id', 'text', (c) => c.references('revisits.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('occurred_at', timestamp, (c) => c.notNull())
    // the staff member who made the contact
    .addColumn('staff_id', 'text', (c) => c.notNull().references('users.id'))
    // JSON array of strings
    .addColumn('topics', 'text', (c) => c.notNull())
    .addColumn('opinion', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('communication_records_customer_idx').on('communication_records').columns(['org_id', 'customer_id', 'occurred_at']).execute();
  await db.schema.createIndex('communication_records_site_idx').on('communication_records').columns(['org_id', 'site_id', 'occurred_at']).execute();

  // Problems the customer raised in a record; each can become a case, followed until solved.
  await db.schema
    .createTable('communication_problems')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('record_id', 'text', (c) => c.notNull().references('communication_records.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('communication_problems_record_idx').on('communication_problems').columns(['org_id', 'record_id', 'position']).execute();
  await db.schema.createIndex('communication_problems_case_idx').on('communication_problems').columns(['org_id', 'case_id']).execute();

  // An organisation's wording of a message, overriding the built-in template for one event,
  // channel and language.
  await db.schema
    .createTable('message_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('event', 'text', (c) => c.notNull())
    // email | sms
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .addUniqueConstraint('message_templates_unique', ['org_id', 'event', 'channel', 'locale'])
    .execute();

  // The outbox: every email and SMS, rendered when queued (so it shows what was sent), delivered by
  // workers that claim rows with a conditional update on claimed_until.
  await db.schema
    .createTable('outbox_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    // email | sms
    .addColumn('channel', 'text', (c) => c.notNull())
    // the template's event, e.g. revisit.reminder, case.updated
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    // an email address or a phone number
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('recipient_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('recipient_customer_id', 'text', (c) => c.references('customers.id'))
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    // queueing the same message twice (a retried job, two instances) is a no-op
    .addColumn('dedupe_key', 'text')
    // queued | sending | sent | dead | cancelled
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', timestamp, (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', timestamp)
    .addColumn('last_error', 'text')
    .addColumn('sent_at', timestamp)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outbox_messages_due_idx').on('outbox_messages').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_messages_org_idx').on('outbox_messages').columns(['org_id', 'status', 'created_at']).execute();
  await db.schema
    .createIndex('outbox_messages_dedupe_unique')
    .on('outbox_messages')
    .columns(['org_id', 'dedupe_key'])
    .unique()
    .where(sql.ref('dedupe_key'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'outbox_messages',
    'message_templates',
    'communication_problems',
    'communication_records',
    'revisit_attempts',
    'revisits',
    'revisit_plans',
    'revisit_policies',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
