import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { columnTypes } from './column-types.js';

// Frozen: a migration that has shipped is never edited; add a new one instead.

/**
 * Survey campaigns (调查活动): one published survey version × sites × a period × an audience.
 *
 *   survey_campaigns          the campaign; starts_on / ends_on are local dates (YYYY-MM-DD, the
 *                             organisation's time zone, both days included); audience JSON
 *                             {tiers?, tags?, sampleSize?} (sampleSize per site)
 *   survey_campaign_sites     its sites, each with a target number of responses (null = none)
 *   survey_invitations        one per invited customer (unique per campaign × customer); the link's
 *                             token is stored as SHA-256 only (token_hash, unique); response_id is
 *                             set once, by a conditional update, when the customer answers
 *
 * survey_responses.campaign_id (0016) points at survey_campaigns. PostgreSQL gets the foreign key;
 * SQLite cannot add one to an existing table without rebuilding it, so there the service is the
 * only writer of the column. An index serves the per-site progress counts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp } = columnTypes(db);
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema
    .createTable('survey_campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    // the exact published version answered
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id'))
    .addColumn('series_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .addCheckConstraint('survey_campaigns_period', sql`starts_on <= ends_on`)
    .execute();
  await db.schema.createIndex('survey_campaigns_org_idx').on('survey_campaigns').columns(['org_id', 'starts_on']).execute();

  await db.schema
    .createTable('survey_campaign_sites')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('survey_campaigns.id').onDelete('cascade'))
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('target', 'integer', (c) => c.check(sql`target is null or target >= 0`))
    .addPrimaryKeyConstraint('survey_campaign_sites_pk', ['campaign_id', 'site_id'])
    .execute();
  await db.schema.createIndex('survey_campaign_sites_site_idx').on('survey_campaign_sites').columns(['org_id', 'site_id']).execute();

  await db.schema
    .createTable('survey_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('survey_campaigns.id').onDelete('cascade'))
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('response_id', 'text', (c) => c.references('survey_responses.id'))
    .addColumn('responded_at', timestamp)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('survey_invitations_customer_unique').on('survey_invitations').columns(['campaign_id', 'customer_id']).unique().execute();
  await db.schema.createIndex('survey_invitations_site_idx').on('survey_invitations').columns(['org_id', 'campaign_id', 'site_id']).execute();

  await db.schema.createIndex('survey_responses_campaign_idx').on('survey_responses').columns(['org_id', 'campaign_id', 'site_id']).execute();
  if (postgres) {
    await sql`alter table survey_responses add constraint survey_responses_campaign_fk foreign key (campaign_id) references survey_campaigns (id)`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table survey_responses drop constraint survey_responses_campaign_fk`.execute(db);
  }
  await db.schema.dropIndex('survey_responses_campaign_idx').execute();
  await db.schema.dropTable('survey_invitations').execute();
  await db.schema.dropTable('survey_campaign_sites').execute();
  await db.schema.dropTable('survey_campaigns').execute();
}
