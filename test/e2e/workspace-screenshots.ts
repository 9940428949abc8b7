/**
 * Screenshots of the case workspace with saved views, the bulk bar and the bulk-assign dialog, in
 * zh-CN and en-US, into screenshots/ (gitignored), for a person to look at:
 *   npx tsx test/e2e/workspace-screenshots.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, startTestServer } from '../helpers/server.js';

const OUT = path.resolve('screenshots');
const LOCALES = (process.env.LOCALES ?? 'zh-CN,en-US').split(',');

async function call(page: Page, method: string, url: string, body?: unknown): Promise<any> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('fuwu_csrf='))?.slice(10) ?? '';
      const r = await fetch(`/api/v1${url}`, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: body === undefined ? undefined : JSON.stringify(body) });
      return r.status === 204 ? null : r.json();
    },
    { method, url, body },
  );
}

// Not "networkidle": the live-updates stream keeps a connection open for as long as the page lives.
async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(800);
}

async function main(): Promise<void> {
  const server = await startTestServer('sqlite', { demo: true });
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    let seeded = false;
    for (const locale of LOCALES) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale });
      await context.addInitScript((l) => localStorage.setItem('fuwu.locale', l), locale);
      const page = await context.newPage();
      await page.goto(`${server.url}/login`);
      await page.locator('#username').fill('supervisor.sh01');
      await page.locator('#password').fill('Demo@2026');
      await page.locator('button[type=submit]').click();
      await page.getByTestId('welcome').waitFor();
      await call(page, 'PATCH', '/me', { locale });
      if (!seeded) {
        seeded = true;
        const me = await call(page, 'GET', '/me');
        const siteId = me.roles[0].siteId;
        const cases: [string, string, string, string][] = [
          ['complaint', 'urgent', '电梯困人近二十分钟无人应答', '业主反映3号楼电梯故障困人，拨打值班电话无人接听。'],
          ['repair', 'high', '地下车库B2照明不足', 'B2层车位区域多盏灯不亮，夜间停车存在安全隐患。'],
          ['complaint', 'normal', '保洁未按时清运垃圾', '5栋楼下垃圾桶已满两天未清运，气味较大。'],
          ['inquiry', 'low', '咨询物业费发票开具', '业主询问如何开具上季度物业费电子发票。'],
          ['suggestion', 'normal', '建议小区增设快递柜', '快递堆放在门岗容易丢失，建议增设智能快递柜。'],
        ];
        for (const [type, priority, title, description] of cases) await call(page, 'POST', '/cases', { type, channel: 'phone', siteId, priority, title, description });
        await call(page, 'POST', '/saved-views', { name: '紧急投诉', query: { type: 'complaint', sort: '-priority' } });
        await call(page, 'POST', '/saved-views', { name: '本站待分配', query: { assigneeId: 'none', status: 'new', sort: 'resolutionDueAt' } });
      }
      await page.goto(`${server.url}/cases?queue=unassigned&sort=resolutionDueAt`);
      await page.locator('.ant-table-row').first().waitFor();
      await settle(page);
      const rows = page.locator('.ant-table-row');
      for (let i = 0; i < 3; i++) await rows.nth(i).locator('.ant-checkbox-input').check();
      await page.getByTestId('bulk-bar').waitFor();
      await settle(page);
      await page.screenshot({ path: path.join(OUT, `${locale}-cases-bulk.png`), fullPage: true });
      await page.getByTestId('bulk-assign').click();
      await page.getByRole('dialog').waitFor();
      await page.getByTestId('bulk-assignee').click();
      await settle(page);
      await page.screenshot({ path: path.join(OUT, `${locale}-cases-bulk-dialog.png`) });
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').locator('.ant-modal-close').click();
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      await page.getByTestId('saved-views').getByText('紧急投诉').click();
      await page.waitForURL(/view=/);
      // The view shows complaints only: wait for the other rows to go.
      await page.locator('.ant-table-row').filter({ hasText: '地下车库B2照明不足' }).waitFor({ state: 'hidden' });
      await settle(page);
      await page.screenshot({ path: path.join(OUT, `${locale}-cases-view.png`), fullPage: true });
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  process.stdout.write(`screenshots in ${OUT}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
