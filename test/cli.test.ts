import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../src/server/bootstrap.js';
import { loadConfig } from '../src/server/config.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './helpers/db.js';

const run = promisify(execFile);
const TSX = path.resolve('node_modules/.bin/tsx');

async function cli(databaseUrl: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, ['src/server/cli.ts', ...args], { env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.each(DIALECTS)('CLI on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    await bootstrap(database.db, loadConfig({ DATABASE_URL: database.url, ADMIN_PASSWORD: 'Admin-pass-1', DEMO_DATA: '0' }));
  });
  afterAll(async () => database?.drop());

  it('migrate reports an up-to-date schema', async () => {
    const res = await cli(database.url, 'migrate');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('up to date');
  });

  it('create-user makes a user with organisation-wide and site roles', async () => {
    const res = await cli(database.url, 'create-user', 'li.na', '--name', '李娜', '--password', 'S3cure-pass', '--role', 'supervisor@HQ', '--role', 'inspector');
    expect(res.code, res.stderr).toBe(0);
    const user = await database.db.kysely.selectFrom('users').selectAll().where('username', '=', 'li.na').executeTakeFirstOrThrow();
    const grants = await database.db.kysely.selectFrom('role_grants').select(['role', 'site_id']).where('user_id', '=', user.id).orderBy('role').execute();
    expect(grants.map((g) => [g.role, g.site_id === null])).toEqual([
      ['inspector', true],
      ['supervisor', false],
    ]);
  });

  it('create-user explains every problem and writes nothing', async () => {
    const res = await cli(database.url, 'create-user', 'x', '--password', 'short', '--role', 'boss');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('--name is required');
    expect(res.stderr).toContain('--password');
    expect(res.stderr).toContain('unknown role');
    expect(await database.db.kysely.selectFrom('users').select('id').where('username', '=', 'x').executeTakeFirst()).toBeUndefined();
  });

  it('create-token prints a working token', async () => {
    const res = await cli(database.url, 'create-token', '--user', 'admin', '--name', '呼叫中心');
    expect(res.code, res.stderr).toBe(0);
    const token = res.stdout.trim();
    expect(token).toMatch(/^fuwu_/);
    const row = await database.db.kysely.selectFrom('api_tokens').select('name').where('prefix', '=', token.slice(0, 12)).executeTakeFirstOrThrow();
    expect(row.name).toBe('呼叫中心');
  });

  it('backup copies SQLite online, and explains pg_dump on PostgreSQL', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuwu-backup-'));
    const target = path.join(dir, 'nested', 'backup.db');
    const res = await cli(database.url, 'backup', target);
    if (dialect === 'sqlite') {
      expect(res.code, res.stderr).toBe(0);
      const copy = new Database(target, { readonly: true });
      expect(copy.prepare("select count(*) as n from users where username = 'admin'").get()).toEqual({ n: 1 });
      copy.close();
    } else {
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('pg_dump');
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
