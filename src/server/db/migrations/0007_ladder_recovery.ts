import { type Kysely, sql } from 'kysely';
import { columnTypes } from './column-types.js';

// Frozen: a migration that has shipped is never edited; add a new one instead.

export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp } = columnTypes(db);

  // The dissatisfaction ladder: derived from signals in every case write (src/shared/ladder), kept
  // on the row so that queues can filter and sort by it without recomputing.
  await db.schema.alterTable('cases').addColumn('stage', 'text', (c) => c.notNull().defaultTo('none')).execute();
  await db.schema.alterTable('cases').addColumn('stage_signals', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('cases').addColumn('stage_changed_at', timestamp).execute();
  // The "at risk" queue: open cases of some stages, highest first.
  await db.schema.createIndex('cases_org_stage_idx').on('cases').columns(['org_id', 'stage', 'created_at']).execute();
  // A customer's stage: the highest of their open cases and of their recent scores.
  await db.schema.alterTable('customers').addColumn('stage', 'text', (c) => c.notNull().defaultTo('none')).execute();
  await db.schema.alterTable('customers').addColumn('stage_changed_at', timestamp).execute();

  // Scores a customer gave (revisit calls, surveys), on one case or on the customer as a whole.
  await db.schema
    .createTable('satisfaction_scores')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('scale', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('recorded_at', timestamp, (c) => c.notNull())
    .addCheckConstraint('satisfaction_scores_target', sql`case_id is not null or customer_id is not null`)
    .execute();
  await db.schema.createIndex('satisfaction_scores_case_idx').on('satisfaction_scores').columns(['org_id', 'case_id', 'recorded_at']).execute();
  await db.schema.createIndex('satisfaction_scores_customer_idx').on('satisfaction_scores').columns(['org_id', 'customer_id', 'recorded_at']).execute();

  // Service recovery: one per case (attribution, explanation, compensation and who authorised it).
  await db.schema
    .createTable('case_recoveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('attribution_class', 'integer', (c) => c.notNull().check(sql`attribution_class between 1 and 4`))
    .addColumn('failure_reported_at', timestamp, (c) => c.notNull())
    .addColumn('explanation_given_at', timestamp)
    .addColumn('explanation_method', 'text')
    .addColumn('explanation_text', 'text')
    .addColumn('compensation_type', 'text', (c) => c.notNull())
    .addColumn('compensation_amount_fen', 'bigint', (c) => c.notNull().check(sql`compensation_amount_fen >= 0`))
    .addColumn('compensation_note', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('requested_by_name', 'text', (c) => c.notNull())
    .addColumn('requested_at', timestamp, (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_by_name', 'text')
    .addColumn('decided_at', timestamp)
    .addColumn('decision_note', 'text')
    .addColumn('recovered_at', timestamp)
    .addColumn('recovery_minutes', 'integer')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .addUniqueConstraint('case_recoveries_case_unique', ['org_id', 'case_id'])
    .execute();

  // Empowerment: how much each role may grant without approval. A role without a row has the
  // built-in default; limit_fen null means no limit.
  await db.schema
    .createTable('compensation_limits')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('limit_fen', 'bigint')
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('compensation_limits_pk', ['org_id', 'role'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('compensation_limits').execute();
  await db.schema.dropTable('case_recoveries').execute();
  await db.schema.dropTable('satisfaction_scores').execute();
  for (const column of ['stage_changed_at', 'stage']) await db.schema.alterTable('customers').dropColumn(column).execute();
  await db.schema.dropIndex('cases_org_stage_idx').execute();
  for (const column of ['stage_changed_at', 'stage_signals', 'stage']) await db.schema.alterTable('cases').dropColumn(column).execute();
}
