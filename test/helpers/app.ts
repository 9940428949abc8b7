import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { type Config, loadConfig } from '../../src/server/config.js';
import type { DialectName } from '../../src/server/db/database.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export interface TestApp extends TestDatabase {
  app: FastifyInstance;
  config: Config;
}

/** A real app on a fresh database of the dialect. No listening socket: requests go through `app.inject`. */
export async function createTestApp(dialect: DialectName, overrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await createTestDatabase(dialect);
  // Attachments go to a directory of this test's own, removed with it.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuwu-data-'));
  const config = loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'silent' }, { dataDir, ...overrides });
  const app = await buildApp({ config, db: database.db, logger: false });
  await app.ready();
  return {
    ...database,
    app,
    config,
    drop: async () => {
      await app.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Credentials for requests: a Bearer token, or a session cookie plus its CSRF token. */
export type Auth = { bearer: string } | { cookie: string; csrf: string };

export function authHeaders(auth: Auth | undefined): Record<string, string> {
  if (!auth) return {};
  if ('bearer' in auth) return { authorization: `Bearer ${auth.bearer}` };
  return { cookie: auth.cookie, 'x-csrf-token': auth.csrf };
}

export async function api(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
  url: string,
  auth?: Auth,
  body?: unknown,
): Promise<LightMyRequestResponse> {
  return app.inject({ method, url, headers: authHeaders(auth), ...(body === undefined ? {} : { payload: body as object }) });
}

/** Signs in through the real login route and returns the cookie session. */
export async function login(app: FastifyInstance, username: string, password: string, remoteAddress = '127.0.0.1'): Promise<Auth> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookies = res.cookies as { name: string; value: string }[];
  const session = cookies.find((c) => c.name === 'fuwu_session')!;
  const csrf = cookies.find((c) => c.name === 'fuwu_csrf')!;
  return { cookie: `fuwu_session=${session.value}; fuwu_csrf=${csrf.value}`, csrf: csrf.value };
}
