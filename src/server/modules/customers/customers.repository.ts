import type { CustomerTier } from '../../../shared/roles.js';
import type { Customer } from '../../../shared/schemas/org.js';
import type { Db } from '../../db/database.js';
import { containsText } from '../../db/dialect.js';
import type { CustomerRow } from '../../db/types.js';
import type { SiteScope } from '../access/actor.js';
import type { Executor } from '../context.js';
import { updateIfVersion } from '../../db/versioned.js';

export interface CustomerFilter {
  q?: string;
  siteId?: string;
  tier?: CustomerTier;
  tag?: string;
  /** false when the caller sees masked phone numbers */
  phoneSearch?: boolean;
}

export type CustomerWithSite = CustomerRow & { site_name: string };

export function toCustomer(row: CustomerWithSite): Customer {
  return {
    id: row.id,
    name: row.name,
    phone: row.phone,
    phone2: row.phone2,
    email: row.email,
    siteId: row.site_id,
    siteName: row.site_name,
    tier: row.tier as CustomerTier,
    unit: row.unit,
    address: row.address,
    tags: JSON.parse(row.tags) as string[],
    consent: { sms: Boolean(row.consent_sms), email: Boolean(row.consent_email), survey: Boolean(row.consent_survey) },
    notes: row.notes,
    stage: row.stage as Customer['stage'],
    masked: false,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function scopedCustomers(db: Db, orgId: string, scope: SiteScope, filter: CustomerFilter) {
  // No join here: site_id is a required foreign key, so the count needs only the customers table.
  let query = db.kysely
    .selectFrom('customers')
    .where('customers.org_id', '=', orgId)
    .where('customers.deleted_at', 'is', null);
  if (!scope.all) query = query.where('customers.site_id', 'in', scope.siteIds.length ? scope.siteIds : ['']);
  if (filter.siteId) query = query.where('customers.site_id', '=', filter.siteId);
  if (filter.tier) query = query.where('customers.tier', '=', filter.tier);
  // Tags are a JSON array of strings; a quoted match finds the whole tag, not a substring of another.
  if (filter.tag) query = query.where((eb) => containsText(db.dialect, eb.ref('customers.tags'), JSON.stringify(filter.tag)));
  if (filter.q) {
    const q = filter.q;
    query = query.where((eb) =>
      eb.or([
        containsText(db.dialect, eb.ref('customers.name'), q),
        // Only callers who may see numbers search by them; otherwise a search would confirm a masked number.
        ...(filter.phoneSearch === false ? [] : [containsText(db.dialect, eb.ref('customers.phone'), q)]),
        containsText(db.dialect, eb.ref('customers.unit'), q),
        containsText(db.dialect, eb.ref('customers.address'), q),
      ]),
    );
  }
  return query;
}

export async function findCustomers(db: Db, orgId: string, scope: SiteScope, filter: CustomerFilter, page: { page: number; pageSize: number }) {
  const query = scopedCustomers(db, orgId, scope, filter);
  const [{ total }, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    query
      .innerJoin('sites', 'sites.id', 'customers.site_id')
      .selectAll('customers')
      .select('sites.name as site_name')
      .orderBy('customers.created_at', 'desc')
      .orderBy('customers.id', 'desc')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
  ]);
  return { total: Number(total), rows };
}

/** Every matching customer for export, newest first, up to `limit`. */
export async function findCustomersForExport(db: Db, orgId: string, scope: SiteScope, filter: CustomerFilter, limit: number) {
  return scopedCustomers(db, orgId, scope, filter)
    .innerJoin('sites', 'sites.id', 'customers.site_id')
    .selectAll('customers')
    .select('sites.name as site_name')
    .orderBy('customers.created_at', 'desc')
    .orderBy('customers.id', 'desc')
    .limit(limit)
    .execute();
}

export async function findCustomerRow(db: Executor, orgId: string, id: string): Promise<CustomerWithSite | undefined> {
  return db
    .selectFrom('customers')
    .innerJoin('sites', 'sites.id', 'customers.site_id')
    .selectAll('customers')
    .select('sites.name as site_name')
    .where('customers.org_id', '=', orgId)
    .where('customers.id', '=', id)
    .where('customers.deleted_at', 'is', null)
    .executeTakeFirst();
}

/** A complete customer row from the fields that matter, everything else at its default. */
export function newCustomerRow(
  fields: Pick<CustomerRow, 'id' | 'org_id' | 'site_id' | 'name' | 'phone' | 'created_at'> & Partial<CustomerRow>,
): CustomerRow {
  return {
    phone2: null,
    email: null,
    tier: 'ordinary',
    unit: null,
    address: null,
    tags: '[]',
    consent_sms: 0,
    consent_email: 0,
    consent_survey: 0,
    notes: null,
    stage: 'none',
    stage_changed_at: null,
    deleted_at: null,
    version: 1,
    updated_at: fields.created_at,
    ...fields,
  };
}

export async function insertCustomer(db: Executor, row: CustomerRow): Promise<void> {
  await db.insertInto('customers').values(row).execute();
}

/** Updates the row if it is still at `version`; false when someone else changed it first. */
export function updateCustomerRow(db: Executor, orgId: string, id: string, version: number, changes: Partial<CustomerRow>): Promise<boolean> {
  return updateIfVersion(db, 'customers', orgId, id, version, changes);
}
