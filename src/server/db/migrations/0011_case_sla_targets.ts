import type { Kysely } from 'kysely';

// Frozen: a migration that has shipped is never edited; add a new one instead.

// The targets a case was given when it was recorded, in business minutes. A changed policy applies
// to new cases only, so a case's later deadline arithmetic (resuming after waiting for the
// customer, the escalation step) must use the targets it started with, not today's policy.
// Cases recorded before this migration have none and fall back to the policy in force.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cases').addColumn('first_response_target_minutes', 'integer').execute();
  await db.schema.alterTable('cases').addColumn('resolution_target_minutes', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cases').dropColumn('resolution_target_minutes').execute();
  await db.schema.alterTable('cases').dropColumn('first_response_target_minutes').execute();
}
