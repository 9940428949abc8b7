import type { Locale, Role, RoleGrant } from '../../../shared/roles.js';
import type { User } from '../../../shared/schemas/org.js';
import type { Db } from '../../db/database.js';
import { containsText } from '../../db/dialect.js';
import type { UserRow } from '../../db/types.js';
import type { SiteScope } from '../access/actor.js';
import { newId, nowIso } from '../../lib/ids.js';
import type { Executor } from '../context.js';

export interface UserFilter {
  q?: string;
  role?: Role;
  siteId?: string;
  active?: 'true' | 'false';
}

type GrantWithSite = { user_id: string; role: string; site_id: string | null; site_name: string | null };

export function toUser(row: UserRow, grants: GrantWithSite[]): User {
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    phone: row.phone,
    email: row.email,
    locale: row.locale as Locale,
    active: Boolean(row.active),
    lockedUntil: row.locked_until && new Date(row.locked_until) > new Date() ? row.locked_until : null,
    lastLoginAt: row.last_login_at,
    roles: grants.map((g) => ({ role: g.role as Role, siteId: g.site_id, siteName: g.site_name })),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findGrantsWithSites(db: Executor, orgId: string, userIds: string[]): Promise<GrantWithSite[]> {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('role_grants')
    .leftJoin('sites', 'sites.id', 'role_grants.site_id')
    .select(['role_grants.user_id', 'role_grants.role', 'role_grants.site_id', 'sites.name as site_name'])
    .where('role_grants.org_id', '=', orgId)
    .where('role_grants.user_id', 'in', userIds)
    .orderBy('role_grants.created_at')
    .execute();
}

/** Users visible in the scope: those holding a grant on one of its sites (everyone for an organisation-wide scope). */
export async function findUsers(db: Db, orgId: string, scope: SiteScope, filter: UserFilter, page: { page: number; pageSize: number }) {
  let query = db.kysely.selectFrom('users').where('users.org_id', '=', orgId);
  if (!scope.all) {
    const siteIds = scope.siteIds.length ? scope.siteIds : [''];
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('role_grants')
          .select('role_grants.id')
          .whereRef('role_grants.user_id', '=', 'users.id')
          .where('role_grants.site_id', 'in', siteIds),
      ),
    );
  }
  if (filter.role || filter.siteId) {
    const { role, siteId } = filter;
    query = query.where(({ exists, selectFrom }) => {
      let sub = selectFrom('role_grants').select('role_grants.id').whereRef('role_grants.user_id', '=', 'users.id');
      if (role) sub = sub.where('role_grants.role', '=', role);
      if (siteId) sub = sub.where('role_grants.site_id', '=', siteId);
      return exists(sub);
    });
  }
  if (filter.active) query = query.where('users.active', '=', filter.active === 'true' ? 1 : 0);
  if (filter.q) {
    const q = filter.q;
    query = query.where((eb) =>
      eb.or([
        containsText(db.dialect, eb.ref('users.name'), q),
        containsText(db.dialect, eb.ref('users.username'), q),
        containsText(db.dialect, eb.ref('users.phone'), q),
      ]),
    );
  }
  const [{ total }, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    query.selectAll('users').orderBy('users.username').limit(page.pageSize).offset((page.page - 1) * page.pageSize).execute(),
  ]);
  const grants = await findGrantsWithSites(db.kysely, orgId, rows.map((r) => r.id));
  return { total: Number(total), items: rows.map((r) => toUser(r, grants.filter((g) => g.user_id === r.id))) };
}

export async function findUserRow(db: Executor, orgId: string, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export async function replaceGrants(db: Executor, orgId: string, userId: string, grants: { id: string; role: Role; siteId: string | null; createdAt: string }[]) {
  await db.deleteFrom('role_grants').where('org_id', '=', orgId).where('user_id', '=', userId).execute();
  if (grants.length === 0) return;
  await db
    .insertInto('role_grants')
    .values(grants.map((g) => ({ id: g.id, org_id: orgId, user_id: userId, role: g.role, site_id: g.siteId, created_at: g.createdAt })))
    .execute();
}

/** Number of active users holding an organisation-wide administrator grant. */
export async function countOrgAdmins(db: Executor, orgId: string): Promise<number> {
  const { n } = await db
    .selectFrom('role_grants')
    .innerJoin('users', 'users.id', 'role_grants.user_id')
    .select((eb) => eb.fn.count<number>('users.id').distinct().as('n'))
    .where('role_grants.org_id', '=', orgId)
    .where('role_grants.role', '=', 'admin')
    .where('role_grants.site_id', 'is', null)
    .where('users.active', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(n);
}

export async function findSiteIdsInOrg(db: Executor, orgId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('sites').select('id').where('org_id', '=', orgId).where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

export interface NewUser {
  id?: string;
  username: string;
  name: string;
  passwordHash: string;
  /** true when someone other than the person chose the password */
  mustChangePassword: boolean;
  grants: RoleGrant[];
  phone?: string | null;
  email?: string | null;
  locale?: Locale;
  createdAt?: string;
}

/**
 * Inserts staff accounts with their role grants. The one way accounts are written: the users
 * service, the CLI, the first-start bootstrap, the demo generator and the test factories.
 */
export async function insertUsers(trx: Executor, orgId: string, users: NewUser[]): Promise<string[]> {
  if (users.length === 0) return [];
  const now = nowIso();
  const rows = users.map((u) => ({
    id: u.id ?? newId(),
    org_id: orgId,
    username: u.username,
    name: u.name,
    password_hash: u.passwordHash,
    phone: u.phone ?? null,
    email: u.email ?? null,
    locale: u.locale ?? 'zh-CN',
    active: 1,
    must_change_password: u.mustChangePassword ? 1 : 0,
    failed_logins: 0,
    locked_until: null,
    last_login_at: null,
    password_changed_at: now,
    version: 1,
    created_at: u.createdAt ?? now,
    updated_at: u.createdAt ?? now,
  }));
  await trx.insertInto('users').values(rows).execute();
  const grants = users.flatMap((u, i) =>
    u.grants.map((g) => ({ id: newId(), org_id: orgId, user_id: rows[i].id, role: g.role, site_id: g.siteId, created_at: rows[i].created_at })),
  );
  if (grants.length) await trx.insertInto('role_grants').values(grants).execute();
  return rows.map((r) => r.id);
}
