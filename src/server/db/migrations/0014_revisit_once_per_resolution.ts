import { type Kysely, sql } from 'kysely';

// Frozen: a migration that has shipped is never edited; add a new one instead.

// A case has at most one open callback: resolving it creates one, reopening or cancelling it
// cancels it, so an open one left behind is a bug (a resolve applied twice, a retried job). The
// index makes the second insert a no-op instead of a second call to the same customer.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('revisits_case_open_unique')
    .on('revisits')
    .column('case_id')
    .unique()
    .where(sql.ref('status'), '=', 'due')
    .where(sql.ref('kind'), '=', 'case')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('revisits_case_open_unique').execute();
}
