import type { Config } from './config.js';
import type { Db } from './db/database.js';
import { seedDemo } from './demo/seed-demo.js';
import { newId, nowIso, randomSecret } from './lib/ids.js';
import { hashPassword } from './lib/password.js';
import { insertAuditEvent } from './modules/audit/audit.repository.js';
import { insertUsers } from './modules/users/users.repository.js';

export interface BootstrapResult {
  /** Set when this start created the administrator; the password is shown once. */
  admin?: { username: string; password: string; generated: boolean };
  demo?: Awaited<ReturnType<typeof seedDemo>>;
}

/**
 * First start: creates the organisation (the demo one when DEMO_DATA is on, an empty one
 * otherwise) and the `admin` user. Later starts find both and do nothing.
 */
export async function bootstrap(db: Db, config: Config): Promise<BootstrapResult> {
  const result: BootstrapResult = {};
  const anyOrg = await db.kysely.selectFrom('organizations').select('id').limit(1).executeTakeFirst();
  if (!anyOrg && config.demoData) {
    result.demo = await seedDemo(db, { timezone: config.defaultTimezone });
  }
  const existingAdmin = await db.kysely.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirst();
  if (existingAdmin) return result;

  const org =
    (await db.kysely.selectFrom('organizations').select('id').orderBy('created_at').limit(1).executeTakeFirst()) ??
    (await createOrganization(db, { slug: 'default', name: '我的组织', timezone: config.defaultTimezone }));
  const password = config.adminPassword ?? randomSecret(12);
  const passwordHash = await hashPassword(password);
  await db.kysely.transaction().execute(async (trx) => {
    const [adminId] = await insertUsers(trx, org.id, [
      {
        username: 'admin',
        name: '系统管理员',
        passwordHash,
        // A generated password was printed to a log; make its owner replace it.
        mustChangePassword: !config.adminPassword,
        grants: [{ role: 'admin', siteId: null }],
      },
    ]);
    await insertAuditEvent(trx, null, org.id, { action: 'create', entity: 'user', entityId: adminId, after: { username: 'admin', roles: ['admin'] } });
  });
  result.admin = { username: 'admin', password, generated: !config.adminPassword };
  return result;
}

/** Creates an organisation with its headquarters as the root site. */
export async function createOrganization(db: Db, input: { slug: string; name: string; timezone: string }): Promise<{ id: string }> {
  const id = newId();
  const now = nowIso();
  await db.kysely.transaction().execute(async (trx) => {
    await trx.insertInto('organizations').values({ id, org_id: id, slug: input.slug, name: input.name, timezone: input.timezone, created_at: now, updated_at: now }).execute();
    await trx
      .insertInto('sites')
      .values({ id: newId(), org_id: id, parent_id: null, kind: 'headquarters', code: 'HQ', name: `${input.name}总部`, address: null, phone: null, active: 1, version: 1, created_at: now, updated_at: now })
      .execute();
    await insertAuditEvent(trx, null, id, { action: 'create', entity: 'organization', entityId: id, after: input });
  });
  return { id };
}
