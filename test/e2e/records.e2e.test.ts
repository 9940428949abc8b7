import { type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoBrowser } from '../helpers/demo-browser.js';
import { E2E_ENABLED, type TestServer } from '../helpers/server.js';

const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible' });

/**
 * VIP revisit plans and communication records: a supervisor looks at the overdue card and the
 * plans (with a new plan's next due dates), an agent records a visit to a customer with a problem,
 * turns the problem into a case and follows the link to it. Pages photographed in zh-CN and en-US.
 */
describe.skipIf(!E2E_ENABLED)('revisit plans and communication records in Chromium', { timeout: 180_000 }, () => {
  let server: TestServer;
  let page: Page;

  const demo = new DemoBrowser();
  const { signIn, call, setLocale, shoot } = demo;
  beforeAll(async () => {
    await demo.open();
    ({ server, page } = demo);
  });
  afterAll(() => demo.close());

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
