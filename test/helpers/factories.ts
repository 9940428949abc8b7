import type { Db } from '../../src/server/db/database.js';
import { newId, nowIso, randomSecret, sha256 } from '../../src/server/lib/ids.js';
import { hashPassword } from '../../src/server/lib/password.js';
import { insertCustomer as insertCustomerRow, newCustomerRow } from '../../src/server/modules/customers/customers.repository.js';
import { insertUsers } from '../../src/server/modules/users/users.repository.js';
import { ROLES, type Role } from '../../src/shared/roles.js';

export const TEST_PASSWORD = 'Passw0rd!test';
let passwordHash: Promise<string> | undefined;
const testPasswordHash = () => (passwordHash ??= hashPassword(TEST_PASSWORD));

export interface TestUser {
  id: string;
  username: string;
  role: Role;
  siteId: string | null;
  token: string;
}

export interface OrgFixture {
  orgId: string;
  slug: string;
  hqId: string;
  regionId: string;
  /** Two estates under the region; most scoped users are granted on siteA. */
  siteA: string;
  siteB: string;
  /** `<role>` = organisation-wide grant; `<role>@A` = granted on siteA only. */
  users: Record<string, TestUser>;
  customerA: string;
  customerB: string;
}

async function insertSite(db: Db, orgId: string, parentId: string | null, kind: string, code: string, name: string): Promise<string> {
  const id = newId();
  const now = nowIso();
  await db.kysely
    .insertInto('sites')
    .values({ id, org_id: orgId, parent_id: parentId, kind, code, name, address: null, phone: null, active: 1, version: 1, created_at: now, updated_at: now })
    .execute();
  return id;
}

/** Inserts a user with one grant and an API token for it. */
export async function insertUser(db: Db, orgId: string, username: string, role: Role, siteId: string | null): Promise<TestUser> {
  const now = nowIso();
  const [id] = await insertUsers(db.kysely, orgId, [
    { username, name: `用户${username}`, passwordHash: await testPasswordHash(), mustChangePassword: false, grants: [{ role, siteId }] },
  ]);
  const token = `fuwu_${randomSecret()}`;
  await db.kysely
    .insertInto('api_tokens')
    .values({ id: newId(), org_id: orgId, user_id: id, created_by: id, name: 'test', prefix: token.slice(0, 12), token_hash: sha256(token), created_at: now, last_used_at: null, revoked_at: null })
    .execute();
  return { id, username, role, siteId, token };
}

export async function insertCustomer(db: Db, orgId: string, siteId: string, name: string, phone: string): Promise<string> {
  const id = newId();
  await insertCustomerRow(db.kysely, newCustomerRow({ id, org_id: orgId, site_id: siteId, name, phone, unit: '1栋101', created_at: nowIso() }));
  return id;
}

/**
 * An organisation HQ → region → two estates, a user of every role organisation-wide and every
 * role on estate A, and a customer on each estate.
 */
export async function createOrgFixture(db: Db, slug: string): Promise<OrgFixture> {
  const orgId = newId();
  const now = nowIso();
  await db.kysely.insertInto('organizations').values({ id: orgId, org_id: orgId, slug, name: `测试组织${slug}`, timezone: 'Asia/Shanghai', created_at: now, updated_at: now }).execute();
  const hqId = await insertSite(db, orgId, null, 'headquarters', 'HQ', '总部');
  const regionId = await insertSite(db, orgId, hqId, 'region', 'R1', '华东区域');
  const siteA = await insertSite(db, orgId, regionId, 'site', 'A01', '阳光花园');
  const siteB = await insertSite(db, orgId, regionId, 'site', 'B01', '世纪大厦');
  const users: Record<string, TestUser> = {};
  for (const role of ROLES) {
    users[role] = await insertUser(db, orgId, `${slug}.${role}`, role, null);
    users[`${role}@A`] = await insertUser(db, orgId, `${slug}.${role}.a`, role, siteA);
  }
  const customerA = await insertCustomer(db, orgId, siteA, '王建国', '13800000001');
  const customerB = await insertCustomer(db, orgId, siteB, '李秀英', '13900000002');
  return { orgId, slug, hqId, regionId, siteA, siteB, users, customerA, customerB };
}
