import { type Kysely, sql } from 'kysely';
import { columnTypes } from './column-types.js';

// Frozen: a migration that has shipped is never edited; add a new one instead.

export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp } = columnTypes(db);

  // The organisation's editable cause taxonomy. Codes are stable identifiers (reports and the
  // classifier key on them), so they are unique per organisation and never renamed.
  await db.schema
    .createTable('cause_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name_zh_cn', 'text', (c) => c.notNull())
    .addColumn('name_zh_tw', 'text', (c) => c.notNull())
    .addColumn('name_en_us', 'text', (c) => c.notNull())
    .addColumn('attribution_class', 'integer', (c) => c.notNull().check(sql`attribution_class between 1 and 4`))
    .addColumn('keywords', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .addUniqueConstraint('cause_codes_org_code_unique', ['org_id', 'code'])
    .execute();

  await db.schema.alterTable('cases').addColumn('cause_code', 'text').execute();
  await db.schema.alterTable('cases').addColumn('cause_coded_at', timestamp).execute();
  await db.schema.alterTable('cases').addColumn('cause_coded_by', 'text', (c) => c.references('users.id')).execute();
  // Filtering the workspace by cause and counting causes for the Pareto report.
  await db.schema.createIndex('cases_org_cause_idx').on('cases').columns(['org_id', 'cause_code', 'created_at']).execute();

  // One naive Bayes model per organisation (plain counts as JSON), updated as staff code cases.
  await db.schema
    .createTable('cause_models')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organizations.id'))
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('examples', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('trained_at', timestamp, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('cause_models').execute();
  await db.schema.dropIndex('cases_org_cause_idx').execute();
  for (const column of ['cause_coded_by', 'cause_coded_at', 'cause_code']) {
    await db.schema.alterTable('cases').dropColumn(column).execute();
  }
  await db.schema.dropTable('cause_codes').execute();
}
