import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, E2E_ENABLED, startTestServer, type TestServer } from '../helpers/server.js';

const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible' });
const hidden = (locator: Locator) => locator.first().waitFor({ state: 'hidden' });
const textOf = (locator: Locator) => expect.poll(() => locator.first().innerText());
// antd puts a space between the two characters of a two-character Chinese button label (保 存).
const label = (text: string) => new RegExp(`^${[...text].join('\\s*')}$`);

/** A front-line agent records a phone complaint and works it to resolution in the staff workspace. */
describe.skipIf(!E2E_ENABLED)('cases in Chromium', { timeout: 90_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let caseUrl = '';

  beforeAll(async () => {
    server = await startTestServer('sqlite', { demo: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    await context.addInitScript(() => localStorage.setItem('fuwu.locale', 'zh-CN'));
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const nav = (name: string) => page.locator('.ant-layout-sider .ant-menu-item').filter({ hasText: name });
  const drawer = () => page.locator('.ant-drawer-open');
  const formItem = (label: string) => drawer().locator('.ant-form-item').filter({ has: page.locator('label', { hasText: label }) });
  const status = () => page.locator('.page-header').getByTestId('case-status');
  const timeline = () => page.getByTestId('case-timeline');
  const action = (name: string) => page.getByTestId('case-actions').getByRole('button', { name: label(name) });

  it('signs the agent in and shows the cases navigation above customers', async () => {
    await page.goto(`${server.url}/login`);
    await page.locator('#username').fill('agent.sh01a');
    await page.locator('#password').fill('Demo@2026');
    await page.locator('button[type=submit]').click();
    await page.getByTestId('welcome').waitFor();
    const labels = await page.locator('.ant-layout-sider .ant-menu-item').allInnerTexts();
    expect(labels.findIndex((l) => l.includes('工单'))).toBeLessThan(labels.findIndex((l) => l.includes('客户')));
    await nav('工单').click();
    await page.waitForURL(/\/cases$/);
    await visible(page.getByTestId('case-queues').getByText('我的'));
  });

  it('records a phone complaint for a new customer, refusing a bad phone number first', async () => {
    await page.getByRole('button', { name: '新建工单' }).click();
    await visible(drawer());
    // An agent works on one site: it is already chosen; type complaint and channel phone are the defaults.
    await textOf(formItem('站点/项目')).not.toBe('');
    await formItem('优先级').getByText('高', { exact: true }).click();
    await drawer().locator('#customer_name').fill('赵丽华');
    await drawer().locator('#customer_phone').fill('12345');
    await drawer().locator('#title').fill('楼上卫生间漏水');
    await drawer().locator('#description').fill('业主来电：楼上卫生间漏水两天，天花板已发霉，要求尽快上门处理。');
    await drawer().getByRole('button', { name: label('保存') }).click();
    await textOf(formItem('联系电话').locator('.ant-form-item-explain-error')).toContain('电话号码格式不正确');
    await drawer().locator('#customer_phone').fill('139 0021 7788');
    await drawer().getByRole('button', { name: label('保存') }).click();
    await hidden(drawer());

    await page.waitForURL(/\/cases\/[\w-]+$/);
    caseUrl = page.url();
    await textOf(page.getByTestId('case-number')).toMatch(/^[A-Z]+-\d{8}-\d{4}$/);
    await textOf(page.getByTestId('case-title')).toBe('楼上卫生间漏水');
    await textOf(status()).toBe('新建');
    await textOf(timeline()).toContain('创建工单');
    await textOf(page.getByTestId('customer-panel')).toContain('赵丽华');
    await textOf(page.getByTestId('clock-resolution')).toContain('剩余');
  });

  it('assigns the case to the agent and starts work', async () => {
    await action('指派给我').click();
    await textOf(status()).toBe('已分配');
    await textOf(timeline()).toMatch(/分配给 \S+/);
    await action('开始处理').click();
    await textOf(status()).toBe('处理中');
    await textOf(timeline()).toContain('开始处理 → 处理中');
  });

  it('replies to the customer in public and keeps an internal note apart', async () => {
    const box = page.getByTestId('reply-box');
    await box.locator('textarea').fill('您好，维修师傅今天下午三点上门查看，请保持电话畅通。');
    await box.getByRole('button', { name: '发送回复' }).click();
    const reply = timeline().locator('[data-kind=comment]');
    await textOf(reply).toContain('回复客户');
    await textOf(reply).toContain('维修师傅今天下午三点上门');

    await box.getByText('内部备注').click();
    await box.locator('textarea').fill('楼上住户白天不在家，已约晚上七点。');
    await box.getByRole('button', { name: '保存备注' }).click();
    const note = timeline().locator('[data-kind=note]');
    await textOf(note).toContain('客户不可见');
    await textOf(note).toContain('已约晚上七点');
    await textOf(page.getByTestId('clock-first-response')).toBe('按时完成');
  });

  it('codes the cause from the suggestion the text gives', async () => {
    const panel = page.getByTestId('cause-panel');
    const suggestion = panel.getByTestId('cause-suggestion').filter({ hasText: '维修质量差或返修' });
    await textOf(suggestion).toMatch(/维修质量差或返修 · \d+%/);
    await suggestion.click();
    await textOf(panel.locator('.ant-select')).toContain('维修质量差或返修');
    await textOf(panel).toContain('质量/功能/价格');
    await textOf(timeline()).toContain('原因编码为“维修质量差或返修”');
  });

  it('lists the case in the 我的 queue while it is open', async () => {
    await page.goto(`${server.url}/cases`);
    const row = page.locator('.ant-table-row').filter({ hasText: '楼上卫生间漏水' });
    await textOf(row).toContain('处理中');
    await textOf(row).toContain('投诉');
    await textOf(row).toContain('赵丽华');
    // The demo agent already works some of the demo organisation's cases: the queue counts them all.
    const { n } = await server.db.kysely
      .selectFrom('cases')
      .innerJoin('users', 'users.id', 'cases.assignee_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('users.username', '=', 'agent.sh01a')
      .where('cases.status', 'in', ['new', 'assigned', 'in_progress', 'waiting_customer'])
      .executeTakeFirstOrThrow();
    await textOf(page.getByTestId('case-queues').locator('.ant-segmented-item').filter({ hasText: '我的' })).toMatch(new RegExp(`我的\\s*${Number(n)}`));
    await row.getByRole('link').first().click();
    await page.waitForURL(caseUrl);
  });

  it('resolves the case with a note, and the history shows every step in order', async () => {
    await action('解决').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('textarea').fill('已修复楼上防水层，业主确认不再漏水。');
    await dialog.getByRole('button', { name: label('解决') }).click();
    await hidden(dialog);
    await textOf(status()).toBe('已解决');
    await textOf(page.getByTestId('clock-resolution')).toBe('按时完成');
    await visible(action('关闭'));
    await visible(action('重新打开'));

    const steps = await timeline().locator('.case-event').allInnerTexts();
    const order = ['创建工单', '分配给', '开始处理 → 处理中', '回复客户', '内部备注', '原因编码为', '解决 → 已解决'];
    const positions = order.map((text) => steps.findIndex((s) => s.includes(text)));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(steps[positions[6]]).toContain('业主确认不再漏水');

    // Resolved work leaves the open queue but is still the agent's.
    await page.goto(`${server.url}/cases?queue=mine&status=resolved`);
    await textOf(page.locator('.ant-table-row').filter({ hasText: '楼上卫生间漏水' })).toContain('已解决');
  });

  it('explains a change someone else made meanwhile and shows the case as it now is', async () => {
    // With live updates the page would pick up the colleague's change by itself; the conflict this
    // test is about happens when that connection is down (a flaky network), so it is cut here.
    await page.route('**/api/v1/live', (route) => route.abort());
    await page.goto(caseUrl);
    await textOf(status()).toBe('已解决');
    // The dialog is opened first: opening it may refetch the case, and the point is that the page
    // still holds the old version when the colleague's change lands.
    await action('重新打开').click();
    const dialog = page.getByRole('dialog');
    await visible(dialog.getByRole('button', { name: label('重新打开') }));
    await page.waitForLoadState('networkidle');
    // A colleague closes the case behind this page's back.
    const closed = await page.evaluate(async (url) => {
      const id = url.split('/').pop();
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('fuwu_csrf='))?.slice(10) ?? '';
      const current = await (await fetch(`/api/v1/cases/${id}`)).json();
      const response = await fetch(`/api/v1/cases/${id}/transitions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ action: 'close', version: current.version }),
      });
      return response.status;
    }, caseUrl);
    expect(closed).toBe(200);

    await dialog.getByRole('button', { name: label('重新打开') }).click();
    await textOf(page.locator('.ant-message')).toContain('工单刚被他人更新');
    await hidden(dialog);
    await textOf(status()).toBe('已关闭');
    await textOf(timeline()).toContain('关闭 → 已关闭');
    await page.unroute('**/api/v1/live');
  });
});
