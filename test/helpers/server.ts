import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { bootstrap } from '../../src/server/bootstrap.js';
import { loadConfig } from '../../src/server/config.js';
import type { DialectName } from '../../src/server/db/database.js';
import { createTestDatabase, type TestDatabase } from './db.js';

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WEB_DIR = path.join(rootDir, 'dist/web');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Browser tests run when Chromium is installed, and must run (not skip) when FUWU_E2E=1, as in CI. */
export const E2E_ENABLED = process.env.FUWU_E2E === '1' || fs.existsSync(CHROMIUM);

let building: Promise<void> | undefined;
/** Builds the browser app once when dist/web is missing (CI builds it before the tests). */
export function ensureWebBuilt(): Promise<void> {
  if (fs.existsSync(path.join(WEB_DIR, 'index.html'))) return Promise.resolve();
  building ??= import('vite').then(async ({ build }) => {
    await build({ configFile: path.join(rootDir, 'vite.config.ts'), logLevel: 'warn' });
  });
  return building;
}

export interface TestServer extends TestDatabase {
  app: FastifyInstance;
  url: string;
  adminPassword: string;
  stop(): Promise<void>;
}

/**
 * The real server listening on a random loopback port, serving the built web app, with the
 * `admin` user (password `adminPassword`) in an organisation with a headquarters site; with
 * `demo: true` the demo organisation is created first, as `npm start` does.
 */
export async function startTestServer(dialect: DialectName, options: { demo?: boolean } = {}): Promise<TestServer> {
  await ensureWebBuilt();
  const database = await createTestDatabase(dialect);
  const adminPassword = 'Admin-e2e-2026';
  const config = loadConfig(
    { DATABASE_URL: database.url, LOG_LEVEL: 'silent', ADMIN_PASSWORD: adminPassword, DEMO_DATA: options.demo ? '1' : '0' },
    { webDir: WEB_DIR, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'fuwu-data-')) },
  );
  const app = await buildApp({ config, db: database.db, logger: false });
  await bootstrap(database.db, config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    ...database,
    app,
    url: `http://127.0.0.1:${port}`,
    adminPassword,
    stop: async () => {
      await app.close();
      await database.drop();
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    },
    drop: async () => {
      await app.close();
      await database.drop();
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}
