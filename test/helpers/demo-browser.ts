import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, startTestServer, type TestServer } from './server.js';

/** Where browser tests put their screenshots (looked at by people, not compared). */
export const SHOTS = path.resolve('screenshots');

/**
 * A Chromium page on a demo-data server, signed in as demo users, for the browser tests of one
 * file: `open()` in beforeAll, `close()` in afterAll. The page starts in zh-CN at desktop size.
 */
export class DemoBrowser {
  server!: TestServer;
  browser!: Browser;
  context!: BrowserContext;
  page!: Page;

  async open(): Promise<void> {
    fs.mkdirSync(SHOTS, { recursive: true });
    this.server = await startTestServer('sqlite', { demo: true });
    this.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    this.context = await this.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await this.context.addInitScript(() => localStorage.setItem('fuwu.locale', localStorage.getItem('fuwu.locale') ?? 'zh-CN'));
    this.page = await this.context.newPage();
    this.page.setDefaultTimeout(15_000);
  }

  async close(): Promise<void> {
    await this.browser?.close();
    await this.server?.stop();
  }

  /** Signs in as a demo user (password Demo@2026) and waits for the workbench. */
  signIn = async (username: string): Promise<void> => {
    await this.context.clearCookies();
    await this.page.goto(`${this.server.url}/login`);
    await this.page.locator('#username').fill(username);
    await this.page.locator('#password').fill('Demo@2026');
    await this.page.locator('button[type=submit]').click();
    await this.page.getByTestId('welcome').waitFor();
  };

  /** A JSON call as the signed-in user, with the CSRF header. */
  call = (method: string, url: string, body?: unknown) =>
    this.page.evaluate(
      async ({ method, url, body }) => {
        const csrf = document.cookie.split('; ').find((c) => c.startsWith('fuwu_csrf='))?.slice(10) ?? '';
        const r = await fetch(url, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: body === undefined ? undefined : JSON.stringify(body) });
        // any: each test reads the JSON of the endpoint it called
        return { status: r.status, json: (r.status === 204 ? null : await r.json()) as any };
      },
      { method, url, body },
    );

  /** The app's language for the page and the account. */
  setLocale = async (locale: string): Promise<void> => {
    await this.page.evaluate((l) => localStorage.setItem('fuwu.locale', l), locale);
    expect((await this.call('PATCH', '/api/v1/me', { locale })).status).toBe(204);
  };

  /** A screenshot once the page has settled, into screenshots/<name>.png. */
  shoot = async (name: string, fullPage = true): Promise<void> => {
    await this.page.waitForLoadState('networkidle');
    await this.page.waitForTimeout(400);
    await this.page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
  };
}
