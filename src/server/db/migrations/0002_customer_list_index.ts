import { type Kysely, sql } from 'kysely';

// Frozen: a migration that has shipped is never edited; add a new one instead.

/** The customer list counts live customers on every page; without deleted_at in an index that count visits every row. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('customers_org_site_live_idx')
    .on('customers')
    .columns(['org_id', 'site_id'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('customers_org_site_live_idx').execute();
}
