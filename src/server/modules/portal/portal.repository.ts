import type { Executor } from '../context.js';

export async function findOrgBySlug(db: Executor, slug: string) {
  return db.selectFrom('organizations').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst();
}

/** Sites a customer can be on: active sites (estates, towers, halls) with no site below them — never HQ, its departments or regions. */
export async function findLeafSites(db: Executor, orgId: string) {
  return db
    .selectFrom('sites as s')
    .select(['s.id', 's.code', 's.name'])
    .where('s.org_id', '=', orgId)
    .where('s.active', '=', 1)
    .where('s.kind', '=', 'site')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('sites as c').select('c.id').where('c.org_id', '=', orgId).whereRef('c.parent_id', '=', 's.id'))),
    )
    .orderBy('s.code')
    .execute();
}

export async function insertPortalToken(db: Executor, row: { case_id: string; org_id: string; token_hash: string; created_at: string }): Promise<void> {
  await db.insertInto('portal_case_tokens').values(row).execute();
}

/** Portal cases with this number in any organisation (numbers repeat across organisations), with their token hashes. */
export async function findTokensByNumber(db: Executor, number: string) {
  return db
    .selectFrom('portal_case_tokens as t')
    .innerJoin('cases', (j) => j.onRef('cases.id', '=', 't.case_id').onRef('cases.org_id', '=', 't.org_id'))
    .select(['t.case_id', 't.org_id', 't.token_hash'])
    .where('cases.number', '=', number)
    .execute();
}

/** What the customer may see of a case's history: public staff replies and files, and their own replies. */
export async function findPublicEvents(db: Executor, orgId: string, caseId: string) {
  return db
    .selectFrom('case_events')
    .select(['id', 'kind', 'body', 'actor_name', 'created_at'])
    .where('org_id', '=', orgId)
    .where('case_id', '=', caseId)
    .where((eb) =>
      eb.or([
        eb.and([eb('kind', 'in', ['comment', 'attachment']), eb('public', '=', 1)]),
        eb('kind', '=', 'customer_reply'),
      ]),
    )
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function findOrgById(db: Executor, orgId: string) {
  return db.selectFrom('organizations').select(['name', 'slug']).where('id', '=', orgId).executeTakeFirstOrThrow();
}
