import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, E2E_ENABLED, startTestServer, type TestServer } from '../helpers/server.js';

const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible' });
const SHOTS = path.resolve('screenshots');

/**
 * VIP revisit plans and communication records: a supervisor looks at the overdue card and the
 * plans (with a new plan's next due dates), an agent records a visit to a customer with a problem,
 * turns the problem into a case and follows the link to it. Pages photographed in zh-CN and en-US.
 */
describe.skipIf(!E2E_ENABLED)('revisit plans and communication records in Chromium', { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer('sqlite', { demo: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await context.addInitScript(() => localStorage.setItem('fuwu.locale', localStorage.getItem('fuwu.locale') ?? 'zh-CN'));
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const signIn = async (username: string) => {
    await context.clearCookies();
    await page.goto(`${server.url}/login`);
    await page.locator('#username').fill(username);
    await page.locator('#password').fill('Demo@2026');
    await page.locator('button[type=submit]').click();
    await page.getByTestId('welcome').waitFor();
  };
  const call = (method: string, url: string, body?: unknown) =>
    page.evaluate(
      async ({ method, url, body }) => {
        const csrf = document.cookie.split('; ').find((c) => c.startsWith('fuwu_csrf='))?.slice(10) ?? '';
        const r = await fetch(url, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: body === undefined ? undefined : JSON.stringify(body) });
        return { status: r.status, json: r.status === 204 ? null : await r.json() };
      },
      { method, url, body },
    );
  const setLocale = async (locale: string) => {
    await page.evaluate((l) => localStorage.setItem('fuwu.locale', l), locale);
    expect((await call('PATCH', '/api/v1/me', { locale })).status).toBe(204);
  };
  const shoot = async (name: string) => {
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  };

  it('shows the overdue VIP revisits on the workbench and the plans with their next due dates', async () => {
    await signIn('specialist1');
    const card = page.getByTestId('figure-overdue-revisits');
    await visible(card);
    const summary = (await call('GET', '/api/v1/revisit-plans/summary')).json as { overdue: number };
    expect(summary.overdue).toBeGreaterThan(0);
    await expect.poll(() => card.locator('.ant-statistic-content-value').innerText()).toBe(String(summary.overdue));
    await shoot('zh-CN-plans-home');
    await page.goto(`${server.url}/revisit-plans`);
    await visible(page.getByText('VIP客户月度电话回访'));
    await shoot('zh-CN-plans');
    await page.getByTestId('plan-create').click();
    await visible(page.getByTestId('plan-preview').locator('.ant-list-item'));
    expect(await page.getByTestId('plan-preview').locator('.ant-list-item').count()).toBe(6);
    await shoot('zh-CN-plan-drawer');
  });

  it('records a visit with a problem, turns the problem into a case and follows the link', async () => {
    await signIn('agent.sh01a');
    const customers = (await call('GET', '/api/v1/customers?tier=vip&pageSize=1')).json as { items: { id: string; name: string }[] };
    const customer = customers.items[0];
    await page.goto(`${server.url}/customers/${customer.id}`);
    await visible(page.getByTestId('customer-records'));
    await shoot('zh-CN-customer-records');
    await page.getByTestId('customer-records').getByRole('button', { name: /记录沟通/ }).click();
    await page.waitForURL(/\/records\/new\?customerId=/);
    await expect.poll(() => page.getByTestId('record-customer').innerText()).toContain(customer.name);
    await page.getByText('上门拜访', { exact: true }).click();
    await page.getByTestId('record-topics').click();
    await page.keyboard.type('电梯运行');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.getByTestId('record-opinion').fill('对保洁满意，电梯问题希望尽快处理。');
    await page.getByTestId('record-add-problem').click();
    await page.getByTestId('record-problem-0').fill('5号楼电梯早高峰经常停在某一层不动，等候超过十分钟。');
    await shoot('zh-CN-record-form');
    await page.getByTestId('record-save').click();
    await page.waitForURL(/\/records\/[0-9a-f-]{36}$/);
    await visible(page.getByTestId('problem-1'));
    await page.getByTestId('problem-to-case-1').click();
    await visible(page.locator('.ant-modal'));
    await page.locator('.ant-modal').getByRole('button', { name: /创建工单/ }).click();
    const link = page.getByTestId('problem-case-link');
    await visible(link);
    const number = await link.innerText();
    expect(number).toMatch(/^FW-\d{8}-\d{4}$/);
    await expect.poll(() => page.getByTestId('problem-1').innerText()).toContain('新建');
    await shoot('zh-CN-record');
    await link.click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator('body').innerText()).toContain(number);
    await expect.poll(() => page.locator('body').innerText()).toContain('5号楼电梯早高峰经常停在某一层不动');
  });

  it('reads the same pages in English', async () => {
    await setLocale('en-US');
    await page.goto(`${server.url}/records`);
    await visible(page.getByText('Contact records').first());
    await shoot('en-US-records');
    await page.locator('.ant-table-row').first().click();
    await page.waitForURL(/\/records\/[0-9a-f-]{36}$/);
    await visible(page.getByText("Customer's opinion"));
    await shoot('en-US-record');
    await page.goto(`${server.url}/revisit-plans`);
    await visible(page.getByText('VIP revisit plans'));
    await shoot('en-US-plans');
    await page.goto(`${server.url}/`);
    await visible(page.getByTestId('figure-overdue-revisits'));
    await shoot('en-US-plans-home');
    await page.goto(`${server.url}/records/new`);
    await visible(page.getByTestId('record-save'));
    await shoot('en-US-record-form');
  });
});
