import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEscalationSweep } from '../../src/server/modules/sla/escalation.service.js';
import { CHROMIUM, CHROMIUM_ARGS, E2E_ENABLED, startTestServer, type TestServer } from '../helpers/server.js';

const SHOTS = path.resolve('screenshots');
const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible' });
const textOf = (locator: Locator) => expect.poll(() => locator.first().innerText());
const label = (text: string) => new RegExp(`^${[...text].join('\\s*')}$`);

/** An administrator tightens a target and adds a holiday; after the sweep a supervisor finds the breach under the bell. */
describe.skipIf(!E2E_ENABLED)('service levels and notifications in Chromium', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let caseNumber = '';

  beforeAll(async () => {
    server = await startTestServer('sqlite', { demo: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const signIn = async (username: string, password: string, locale: 'zh-CN' | 'zh-TW' = 'zh-CN') => {
    await context?.close();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale });
    await context.addInitScript((l) => localStorage.setItem('fuwu.locale', l), locale);
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.url}/login`);
    await page.locator('#username').fill(username);
    await page.locator('#password').fill(password);
    await page.locator('button[type=submit]').click();
    await page.getByTestId('welcome').waitFor();
    // The account's saved language wins at sign-in; use the one under test.
    await page.evaluate(async (l) => {
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('fuwu_csrf='))?.slice(10) ?? '';
      await fetch('/api/v1/me', { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ locale: l }) });
    }, locale);
    await page.reload();
    await page.getByTestId('org-name').waitFor();
  };
  const shot = async (name: string, fullPage = true) => {
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
  };

  it('lets the administrator tighten a target from the settings page', async () => {
    await signIn('admin', server.adminPassword);
    await page.locator('.ant-layout-sider .ant-menu-item').filter({ hasText: '服务时限' }).click();
    await page.waitForURL(/\/settings\/service-levels$/);
    const cell = page.getByTestId('sla-cell-complaint-urgent');
    await textOf(cell).toContain('30 分钟');
    await textOf(cell).toContain('系统默认');
    await cell.click();
    const dialog = page.getByRole('dialog');
    await visible(dialog);
    await textOf(dialog).toContain('只对此后新建的工单生效');
    const [hours, minutes] = [dialog.locator('input').nth(0), dialog.locator('input').nth(1)];
    await hours.fill('0');
    await minutes.fill('20');
    await dialog.getByRole('button', { name: label('保存') }).click();
    await textOf(cell).toContain('20 分钟');
    await textOf(cell).toContain('已设置');
    const policies = await server.db.kysely.selectFrom('sla_policies').selectAll().execute();
    expect(policies).toMatchObject([{ case_type: 'complaint', priority: 'urgent', site_id: null, first_response_minutes: 20 }]);
  });

  it('adds a holiday to the business calendar and previews a deadline', async () => {
    const holidays = page.getByTestId('holidays');
    await holidays.locator('.ant-picker input').click();
    await holidays.locator('.ant-picker input').fill('2027-02-17');
    await holidays.locator('.ant-picker input').press('Enter');
    await holidays.getByPlaceholder('名称，如：春节').fill('春节');
    await holidays.getByRole('button', { name: /添\s*加/ }).click();
    await textOf(holidays).toContain('2027-02-17');
    await textOf(page.getByTestId('deadline-preview')).toMatch(/首次响应截止.*\n?.*\d{4}-\d{2}-\d{2}/);
    await page.getByTestId('save-calendar').click();
    await visible(page.getByText('工作日历已保存'));
    const days = await server.db.kysely.selectFrom('calendar_days').select(['date', 'kind', 'name']).execute();
    expect(days).toEqual([{ date: '2027-02-17', kind: 'holiday', name: '春节' }]);
    await shot('sla-zh-CN-service-levels');
  });

  it('shows the supervisor the breach under the bell after the sweep, and leads to the case', async () => {
    await signIn('supervisor.sh01', 'Demo@2026');
    const created = await page.evaluate(async () => {
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('fuwu_csrf='))?.slice(10) ?? '';
      const sites = await (await fetch('/api/v1/sites?pageSize=200')).json();
      const site = sites.items.find((s: { code: string }) => s.code === 'SH-01');
      const res = await fetch('/api/v1/cases', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ type: 'complaint', channel: 'phone', siteId: site.id, title: '地下车库积水', description: '暴雨后地下车库B2层积水，车辆无法进出。' }),
      });
      return res.json();
    });
    caseNumber = created.number;
    const result = await runEscalationSweep(server.db, new Date(Date.now() + 14 * 86_400_000));
    expect(result.escalated).toBeGreaterThanOrEqual(1);

    await page.reload();
    const bell = page.getByTestId('notification-bell');
    await textOf(page.locator('.ant-layout-header .ant-badge')).toMatch(/[1-9]/);
    await bell.click();
    const dropdown = page.getByTestId('notification-dropdown');
    await textOf(dropdown).toContain(`${caseNumber} 首次响应已超时`);
    await shot('sla-zh-CN-bell', false);
    await dropdown.getByTestId('notification-item').filter({ hasText: caseNumber }).click();
    await page.waitForURL(new RegExp(`/cases/${created.id}$`));
    await textOf(page.getByTestId('escalation-tag')).toContain('已升级至总经理');
    await textOf(page.getByTestId('case-timeline')).toContain('超时升级至总经理');
    await shot('sla-zh-CN-case');
  });

  it('reads the same in Traditional Chinese', async () => {
    await signIn('supervisor.sh01', 'Demo@2026', 'zh-TW');
    await page.getByTestId('notification-bell').click();
    await textOf(page.getByTestId('notification-dropdown')).toContain(`${caseNumber} 首次回應已逾時`);
    await shot('sla-zh-TW-bell', false);
    await signIn('admin', server.adminPassword, 'zh-TW');
    await page.goto(`${server.url}/settings/service-levels`);
    await textOf(page.getByTestId('sla-cell-complaint-urgent')).toContain('20 分鐘');
    await shot('sla-zh-TW-service-levels');
  });
});
