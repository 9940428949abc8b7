/**
 * Screenshots of every page in zh-CN and en-US into screenshots/ (gitignored), for a person to look at.
 *   npx tsx test/e2e/screenshots.ts                       # own server on a fresh demo database
 *   BASE_URL=http://localhost:3000 USERNAME=demo.admin PASSWORD='Demo@2026' LOCALES=zh-CN,zh-TW,en-US npx tsx test/e2e/screenshots.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, startTestServer, type TestServer } from '../helpers/server.js';

const OUT = path.resolve('screenshots');
const PREFIX = process.env.PREFIX ?? '';
const LOCALES = (process.env.LOCALES ?? 'zh-CN,en-US').split(',') as ('zh-CN' | 'zh-TW' | 'en-US')[];
const PAGES = [
  ['home', '/'],
  ['cases', '/cases'],
  ['customers', '/customers'],
  ['sites', '/org/sites'],
  ['users', '/org/users'],
  ['organization', '/admin/organization'],
  ['tokens', '/admin/tokens'],
  ['audit', '/admin/audit'],
  ['password', '/account/password'],
  ['not-found', '/no-such-page'],
] as const;

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(400);
}

async function main(): Promise<void> {
  let server: TestServer | undefined;
  let base = process.env.BASE_URL;
  let username = process.env.USERNAME ?? 'admin';
  let password = process.env.PASSWORD;
  if (!base) {
    server = await startTestServer('sqlite', { demo: true });
    base = server.url;
    username = 'admin';
    password = server.adminPassword;
  }
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    for (const locale of LOCALES) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale });
      await context.addInitScript((l) => localStorage.setItem('fuwu.locale', l), locale);
      const page = await context.newPage();
      await page.goto(`${base}/login`);
      await settle(page);
      await page.screenshot({ path: path.join(OUT, `${locale}-login.png`) });
      await page.locator('#username').fill(username);
      await page.locator('#password').fill('wrong-password');
      await page.locator('button[type=submit]').click();
      await page.getByTestId('login-error').waitFor();
      await page.screenshot({ path: path.join(OUT, `${locale}-login-error.png`) });
      await page.locator('#password').fill(password!);
      await page.locator('button[type=submit]').click();
      await page.getByTestId('welcome').waitFor();
      // The account's saved language wins at sign-in; switch to the one being photographed.
      const { status } = await page.evaluate(async (l) => {
        const csrf = document.cookie.split('; ').find((c) => c.startsWith('fuwu_csrf='))?.slice(10) ?? '';
        const r = await fetch('/api/v1/me', { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ locale: l }) });
        return { status: r.status };
      }, locale);
      if (status !== 204) throw new Error(`PATCH /me answered ${status}`);
      for (const [name, url] of PAGES) {
        await page.goto(base + url);
        await page.getByTestId('org-name').waitFor();
        await settle(page);
        await page.screenshot({ path: path.join(OUT, `${PREFIX}${locale}-${name}.png`), fullPage: true });
      }
      // Forms and the audit detail need an administrator; FORMS=0 skips them for other roles.
      if (process.env.FORMS === '0') {
        await context.close();
        continue;
      }
      await page.goto(`${base}/customers?new=1`);
      await page.locator('.ant-drawer-open').waitFor();
      await settle(page);
      await page.screenshot({ path: path.join(OUT, `${locale}-customer-form.png`) });
      await page.goto(`${base}/org/users?new=1`);
      await page.locator('.ant-drawer-open').waitFor();
      await page.getByRole('button', { name: { 'zh-CN': '添加角色', 'zh-TW': '新增角色', 'en-US': 'Add a role' }[locale] }).click();
      await settle(page);
      await page.screenshot({ path: path.join(OUT, `${locale}-user-form.png`) });
      await page.goto(`${base}/org/sites?new=1`);
      await page.getByRole('dialog').waitFor();
      await settle(page);
      await page.screenshot({ path: path.join(OUT, `${locale}-site-form.png`) });
      await page.goto(`${base}/admin/audit`);
      await settle(page);
      await page.locator('.ant-table-row-expand-icon').first().click();
      await settle(page);
      await page.screenshot({ path: path.join(OUT, `${locale}-audit-expanded.png`), fullPage: true });
      await context.close();
    }
  } finally {
    await browser.close();
    await server?.stop();
  }
  process.stdout.write(`screenshots in ${OUT}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
