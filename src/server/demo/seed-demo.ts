/**
 * The demo data generator: one fictional property-management group with its site hierarchy, staff
 * for every role and a few hundred (or, for benchmarks, tens of thousands of) customers.
 * Everything is derived from one seed, so two runs with the same seed show the same people.
 * Each part plans its rows (organisation.ts, staff.ts, customers.ts) and this file writes them
 * in one transaction: a failed seed leaves nothing behind.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { NewCustomer } from '../db/types.js';
import { newId } from '../lib/ids.js';
import { hashPassword } from '../lib/password.js';
import { insertAuditEvent } from '../modules/audit/audit.repository.js';
import type { Executor } from '../modules/context.js';
import { insertUsers } from '../modules/users/users.repository.js';
import { DEFAULT_CALENDAR } from '../../shared/sla/business-calendar.js';
import { type CasePlanContext, planCases } from './cases.js';
import { type CustomerContext, generateCustomers } from './customers.js';
import { allSites, type OrganisationPlan, planOrganisation } from './organisation.js';
import { createRng } from './random.js';
import type { UnitLayout } from './places.js';
import { writePlannedCases } from './seed-cases.js';
import { seedDemoRevisits } from './seed-revisits.js';
import { seedPlans } from './seed-plans.js';
import { seedSurveys } from './seed-surveys.js';
import { type PlannedUser, planStaff, representativeLogins } from './staff.js';
import { createLocalClock, type LocalClock } from './time.js';

export interface DemoResult {
  orgId: string;
  orgSlug: string;
  orgName: string;
  password: string;
  logins: { username: string; description: string }[];
}

export const DEMO_SLUG = 'demo';
export const DEMO_SEED = 20261122;
export const DEMO_CUSTOMERS = 400;
/** Cases over the last DEMO_CASE_DAYS days: enough for queues, reports and the Pareto of causes to mean something. */
export const DEMO_CASES = 1500;
const DEMO_CASE_DAYS = 180;
/** Shared by every demo account; printed with the logins, so it is no secret. */
export const DEMO_PASSWORD = 'Demo@2026';
/** Customers are registered over this many days before today. */
const HISTORY_DAYS = 730;
// 500 rows × 19 columns stays far below SQLite's and PostgreSQL's bound-parameter limits.
const BATCH_SIZE = 500;
const SLUG_FORMAT = /^[a-z0-9][a-z0-9-]{0,39}$/;

/**
 * Creates the demo organisation. Throws when an organisation with the slug (or one of the demo
 * usernames) already exists, before writing anything.
 */
export interface DemoOptions {
  timezone: string;
  customers?: number;
  cases?: number;
  /** days the cases are spread over (default 180) */
  caseDays?: number;
  /** sites in the regions (default and minimum 8) */
  sites?: number;
  seed?: number;
  slug?: string;
  /** told the number of cases written so far, for long seeds */
  onCases?: (written: number) => void;
}

export async function seedDemo(db: Db, options: DemoOptions): Promise<DemoResult> {
  const slug = options.slug ?? DEMO_SLUG;
  const customerCount = options.customers ?? DEMO_CUSTOMERS;
  const caseCount = options.cases ?? DEMO_CASES;
  const seed = options.seed ?? DEMO_SEED;
  if (!SLUG_FORMAT.test(slug)) throw new Error(`Invalid organisation slug "${slug}": use lower-case letters, digits and hyphens`);
  if (!Number.isInteger(customerCount) || customerCount < 0) throw new Error(`Invalid customer count ${customerCount}`);
  if (!Number.isInteger(caseCount) || caseCount < 0) throw new Error(`Invalid case count ${caseCount}`);
  if (!Number.isInteger(seed)) throw new Error(`Invalid seed ${seed}`);

  const existing = await db.kysely.selectFrom('organizations').select('id').where('slug', '=', slug).executeTakeFirst();
  if (existing) throw new Error(`Organisation "${slug}" already exists`);

  const rng = createRng(seed);
  const clock = createLocalClock(options.timezone, new Date());
  const plan = planOrganisation(rng.fork('organisation'), slug === DEMO_SLUG ? undefined : slug, Math.max(8, options.sites ?? 8));
  const staff = planStaff(rng.fork('staff'), plan, { slug, defaultSlug: DEMO_SLUG, historyDays: HISTORY_DAYS });

  const taken = await db.kysely.selectFrom('users').select('username').where('username', 'in', staff.map((u) => u.username)).executeTakeFirst();
  if (taken) throw new Error(`User "${taken.username}" already exists; seed the demo under another slug`);

  // argon2id is deliberately slow: hash once, share the hash.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const orgId = newId();

  const counts = await db.kysely.transaction().execute(async (trx) => {
    const createdAt = clock.at(HISTORY_DAYS + 1, 9 * 60);
    await insertOrganisation(trx, orgId, slug, plan, options.timezone, createdAt);
    const sites = await insertSites(trx, orgId, plan, createdAt);
    await insertStaff(trx, orgId, staff, passwordHash, clock);
    const customerRows = [...generateCustomers(rng.fork('customers'), { orgId, plan, clock, historyDays: HISTORY_DAYS } satisfies CustomerContext, customerCount)];
    const customers = await insertCustomers(trx, customerRows);
    const caseContext = demoCaseContext(orgId, plan, staff, customerRows, clock, options.timezone, options.caseDays ?? DEMO_CASE_DAYS);
    const cases = await writePlannedCases({ ...db, kysely: trx }, planCases(rng.fork('cases'), caseContext, customerCount ? caseCount : 0), {
      // A small demo places every case (its reports show where closed complaints stood); a large seed only the open ones.
      ladder: caseCount <= 20_000 ? 'all' : 'open',
      onProgress: options.onCases,
    });
    await seedDemoRevisits({ ...db, kysely: trx }, orgId, rng.fork('revisits'));
    const summary = { slug, name: plan.name, seed, sites, users: staff.length, customers, cases: cases.cases };
    await insertAuditEvent(trx, null, orgId, { action: 'seed', entity: 'organization', entityId: orgId, after: summary });
    return summary;
  });
  // Revisit plans run the live generator, which opens its own transactions: after the main one.
  if (customerCount > 0) await seedPlans(db, orgId, rng.fork('plans'), new Date());
  if (customerCount > 0) await seedSurveys(db, orgId, rng.fork('surveys'));
  // A bulk load leaves PostgreSQL without statistics; until autovacuum catches up it would plan
  // the customer list as a scan and sort of every row.
  if (db.dialect === 'postgres') await sql`ANALYZE`.execute(db.kysely);

  return {
    orgId,
    orgSlug: counts.slug,
    orgName: counts.name,
    password: DEMO_PASSWORD,
    logins: representativeLogins(staff),
  };
}

/** Where demo cases happen: each site's buildings, agents, supervisors and customers. */
function demoCaseContext(orgId: string, plan: OrganisationPlan, staff: readonly PlannedUser[], customers: readonly NewCustomer[], clock: LocalClock, timezone: string, historyDays: number): CasePlanContext {
  const people = (role: PlannedUser['role'], siteId: string) => staff.filter((u) => u.role === role && u.siteId === siteId).map((u) => ({ id: u.id, name: u.name }));
  const specialist = staff.find((u) => u.role === 'specialist');
  const customersBySite = new Map<string, { id: string; unit: string | null }[]>();
  for (const c of customers) {
    const list = customersBySite.get(c.site_id) ?? [];
    list.push({ id: c.id, unit: c.unit ?? null });
    customersBySite.set(c.site_id, list);
  }
  return {
    orgId,
    sites: plan.sites.map((site) => ({
      id: site.id,
      buildings: buildingsOf(site.layout),
      agents: people('agent', site.id),
      supervisors: people('supervisor', site.id),
      customers: customersBySite.get(site.id) ?? [],
      weight: site.customerWeight,
    })),
    specialist: specialist ? { id: specialist.id, name: specialist.name } : null,
    clock,
    calendar: { ...DEFAULT_CALENDAR, timezone },
    now: new Date(),
    historyDays,
  };
}

/** The building names residents mention: 3栋 on an estate, A座 in a tower, B1 in a mall. */
function buildingsOf(layout: UnitLayout): string[] {
  switch (layout.category) {
    case 'residential':
      return Array.from({ length: layout.buildings }, (_, i) => `${i + 1}栋`);
    case 'tower':
      return layout.wings.map((w) => `${w}座`);
    case 'commercial':
      return [...layout.levels];
  }
}

async function insertOrganisation(trx: Executor, orgId: string, slug: string, plan: OrganisationPlan, timezone: string, createdAt: string): Promise<void> {
  await trx.insertInto('organizations').values({ id: orgId, org_id: orgId, slug, name: plan.name, timezone, created_at: createdAt, updated_at: createdAt }).execute();
}

async function insertSites(trx: Executor, orgId: string, plan: OrganisationPlan, createdAt: string): Promise<number> {
  const sites = allSites(plan);
  // Level by level: a parent must exist before the rows that point at it.
  const levels = [['headquarters'], ['department', 'region'], ['site']];
  for (const kinds of levels) {
    const rows = sites
      .filter((s) => kinds.includes(s.kind))
      .map((s) => ({
        id: s.id,
        org_id: orgId,
        parent_id: s.parentId,
        kind: s.kind,
        code: s.code,
        name: s.name,
        address: s.address,
        phone: s.phone,
        active: 1,
        version: 1,
        created_at: createdAt,
        updated_at: createdAt,
      }));
    await trx.insertInto('sites').values(rows).execute();
  }
  return sites.length;
}

async function insertStaff(trx: Executor, orgId: string, staff: readonly PlannedUser[], passwordHash: string, clock: LocalClock): Promise<void> {
  await insertUsers(
    trx,
    orgId,
    staff.map((u) => ({
      id: u.id,
      username: u.username,
      name: u.name,
      passwordHash,
      // The demo password is public; forcing a change would only get in the way of a demo.
      mustChangePassword: false,
      grants: [{ role: u.role, siteId: u.siteId }],
      phone: u.phone,
      email: u.email,
      createdAt: clock.at(u.joinedDaysAgo, 9 * 60 + 30),
    })),
  );
}

async function insertCustomers(trx: Executor, rows: Iterable<NewCustomer>): Promise<number> {
  let count = 0;
  let batch: NewCustomer[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length === BATCH_SIZE) {
      await trx.insertInto('customers').values(batch).execute();
      count += batch.length;
      batch = [];
    }
  }
  if (batch.length) {
    await trx.insertInto('customers').values(batch).execute();
    count += batch.length;
  }
  return count;
}
