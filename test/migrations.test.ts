import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATION_NAMES, migrateDown, migrateToLatest } from '../src/server/db/migrate.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './helpers/db.js';

describe.each(DIALECTS)('migrations on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(async () => database?.drop());

  it('are idempotent, reversible and re-appliable', async () => {
    expect(await migrateToLatest(database.db.kysely)).toEqual([]);
    // Every migration steps down, newest first, to an empty schema.
    for (const name of [...MIGRATION_NAMES].reverse()) expect(await migrateDown(database.db.kysely)).toBe(name);
    const tables = await database.db.kysely.introspection.getTables();
    expect(tables.map((t) => t.name).filter((n) => !n.startsWith('fuwu_migrations'))).toEqual([]);
    expect(await migrateToLatest(database.db.kysely)).toEqual(MIGRATION_NAMES);
    expect(MIGRATION_NAMES.slice(0, 3)).toEqual(['0001_platform', '0002_customer_list_index', '0003_cases']);
  });

  it('gives every table an org_id column', async () => {
    const tables = await database.db.kysely.introspection.getTables();
    // A SQLite FTS5 index (case_search) and its shadow tables (_data, _idx, _docsize, _config) hold
    // only tokens by rowid; the table mapping rowids to rows carries org_id.
    const names = new Set(tables.map((t) => t.name));
    const fts5 = (name: string) => names.has(`${name}_config`) || (/_(data|idx|docsize|config|content)$/.test(name) && names.has(name.replace(/_[a-z]+$/, '_config')));
    const own = tables.filter((t) => !t.name.startsWith('fuwu_migrations') && !fts5(t.name));
    expect(own.length).toBeGreaterThan(5);
    for (const table of own) expect(table.columns.map((c) => c.name), table.name).toContain('org_id');
  });

  it('keeps foreign keys enforced', async () => {
    const now = new Date().toISOString();
    await expect(
      database.db.kysely
        .insertInto('sites')
        .values({ id: 'x', org_id: 'no-such-org', parent_id: null, kind: 'site', code: 'X', name: 'X', address: null, phone: null, active: 1, version: 1, created_at: now, updated_at: now })
        .execute(),
    ).rejects.toThrow();
  });
});
