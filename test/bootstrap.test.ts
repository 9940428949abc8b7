import { afterEach, describe, expect, it } from 'vitest';
import { bootstrap } from '../src/server/bootstrap.js';
import { loadConfig } from '../src/server/config.js';
import { verifyPassword } from '../src/server/lib/password.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './helpers/db.js';

describe.each(DIALECTS)('first start on %s', (dialect) => {
  let database: TestDatabase | undefined;
  afterEach(async () => database?.drop());

  it('creates an empty organisation and the admin with ADMIN_PASSWORD, once', async () => {
    database = await createTestDatabase(dialect);
    const config = loadConfig({ DATABASE_URL: database.url, ADMIN_PASSWORD: 'Chosen-pass-1', DEMO_DATA: '0' });
    const first = await bootstrap(database.db, config);
    expect(first.admin).toEqual({ username: 'admin', password: 'Chosen-pass-1', generated: false });
    expect(first.demo).toBeUndefined();
    const org = await database.db.kysely.selectFrom('organizations').selectAll().executeTakeFirstOrThrow();
    expect(org).toMatchObject({ slug: 'default', timezone: 'Asia/Shanghai' });
    const hq = await database.db.kysely.selectFrom('sites').selectAll().where('org_id', '=', org.id).execute();
    expect(hq.map((s) => s.kind)).toEqual(['headquarters']);
    const admin = await database.db.kysely.selectFrom('users').selectAll().where('username', '=', 'admin').executeTakeFirstOrThrow();
    expect(await verifyPassword(admin.password_hash, 'Chosen-pass-1')).toBe(true);
    expect(admin.must_change_password).toBe(0);

    const second = await bootstrap(database.db, config);
    expect(second).toEqual({});
    expect(await database.db.kysely.selectFrom('users').select('id').execute()).toHaveLength(1);
  });

  it('generates a random admin password when none is configured, and requires changing it', async () => {
    database = await createTestDatabase(dialect);
    const result = await bootstrap(database.db, loadConfig({ DATABASE_URL: database.url, DEMO_DATA: '0' }));
    expect(result.admin?.generated).toBe(true);
    expect(result.admin!.password.length).toBeGreaterThanOrEqual(12);
    const admin = await database.db.kysely.selectFrom('users').selectAll().where('username', '=', 'admin').executeTakeFirstOrThrow();
    expect(await verifyPassword(admin.password_hash, result.admin!.password)).toBe(true);
    expect(admin.must_change_password).toBe(1);
  });
});
