import fs from 'node:fs';
import path from 'node:path';
import { chromium, devices, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, E2E_ENABLED, startTestServer, type TestServer } from '../helpers/server.js';
import { solidPng } from '../helpers/multipart.js';

const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible' });
const hidden = (locator: Locator) => locator.first().waitFor({ state: 'hidden' });
const textOf = (locator: Locator) => expect.poll(() => locator.first().innerText());
const label = (text: string) => new RegExp(`^${[...text].join('\\s*')}$`);
const SHOTS = path.resolve('screenshots');
const PHONE = { ...devices['iPhone 13'], defaultBrowserType: undefined };

/**
 * A customer raises a complaint on the portal from a phone and follows it by the private link; an
 * agent picks it up, answers in public and resolves it; the customer sees the answer and replies;
 * the agent sees the reply.
 */
describe.skipIf(!E2E_ENABLED)('customer portal in Chromium', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let customerContext: BrowserContext;
  let customer: Page;
  let agent: Page;
  let number = '';
  let trackingUrl = '';

  const shot = async (page: Page, name: string) => {
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: path.join(SHOTS, `portal-${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer('sqlite', { demo: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    customerContext = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
    await customerContext.addInitScript(() => localStorage.setItem('fuwu.locale', 'zh-CN'));
    customer = await customerContext.newPage();
    customer.setDefaultTimeout(15_000);
    const staff = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    await staff.addInitScript(() => localStorage.setItem('fuwu.locale', 'zh-CN'));
    agent = await staff.newPage();
    agent.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the organisation’s form with every site to choose from, and a clear page for an unknown organisation', async () => {
    await customer.goto(`${server.url}/p/demo`);
    await visible(customer.getByTestId('portal-types'));
    await textOf(customer.getByTestId('portal-org')).toContain('客户服务');
    await visible(customer.getByTestId('portal-site'));
    await textOf(customer.getByTestId('portal-consent-text')).toContain('我同意');
    await shot(customer, 'zh-CN-form');
    await customer.goto(`${server.url}/p/no-such-org`);
    await textOf(customer.getByTestId('portal-error')).toContain('找不到这个服务页面');
  });

  it('submits a complaint with a photo from the site’s own link, refusing a bad phone number first', async () => {
    await customer.goto(`${server.url}/p/demo/SH-01`);
    await visible(customer.getByTestId('portal-fixed-site'));
    await customer.getByRole('radio', { name: /投诉/ }).click();
    await customer.locator('#name').fill('钱女士');
    await customer.locator('#phone').fill('12345');
    await customer.locator('#description').fill('小区东门的道闸连续三天坏了，晚上车辆排队很长，保安也不处理。');
    await customer.locator('#phone').blur();
    await textOf(customer.locator('.ant-form-item-explain-error')).toContain('电话号码格式不正确');
    await customer.locator('#phone').fill('139 1888 6601');
    await customer.locator('.ant-upload input[type=file]').setInputFiles({ name: '道闸.png', mimeType: 'image/png', buffer: solidPng(160, 120, [70, 110, 160]) });
    await visible(customer.locator('.ant-upload-list-item'));
    // Submitting without consent is stopped on the page.
    await customer.getByTestId('portal-submit').click();
    await textOf(customer.locator('.ant-form-item-explain-error')).toContain('请阅读并勾选同意');
    await customer.getByTestId('portal-consent').click();
    await customer.getByTestId('portal-submit').click();

    await visible(customer.getByTestId('portal-success'));
    number = (await customer.getByTestId('portal-number').innerText()).trim();
    expect(number).toMatch(/^FW-\d{8}-\d{4}$/);
    trackingUrl = (await customer.getByTestId('tracking-link').innerText()).trim();
    expect(trackingUrl).toMatch(new RegExp(`/p/track/${number}\\?token=[\\w-]{43,}$`));
    await shot(customer, 'zh-CN-success');
    await customer.getByTestId('open-tracking').click();
    await customer.waitForURL(/\/p\/track\//);
    await textOf(customer.getByTestId('track-number')).toBe(number);
    await textOf(customer.locator('.ant-steps-item-active')).toContain('已受理');
    await visible(customer.locator('.ant-image img'));
    await shot(customer, 'zh-CN-track-new');
  });

  it('lets the agent pick the case up, answer in public and resolve it', async () => {
    await agent.goto(`${server.url}/login`);
    await agent.locator('#username').fill('agent.sh01a');
    await agent.locator('#password').fill('Demo@2026');
    await agent.locator('button[type=submit]').click();
    await agent.getByTestId('welcome').waitFor();
    await agent.goto(`${server.url}/cases?queue=unassigned&q=${number}`);
    await agent.locator('.ant-table-row').filter({ hasText: number }).getByRole('link').first().click();
    await textOf(agent.getByTestId('case-number')).toBe(number);
    await textOf(agent.getByTestId('case-timeline')).toContain('创建工单');
    await textOf(agent.getByTestId('attachments-panel')).toContain('道闸.png');
    await textOf(agent.getByTestId('attachments-panel')).toContain('客户上传');

    const action = (name: string) => agent.getByTestId('case-actions').getByRole('button', { name: label(name) });
    await action('指派给我').click();
    await textOf(agent.locator('.page-header').getByTestId('case-status')).toBe('已分配');
    const box = agent.getByTestId('reply-box');
    await box.locator('textarea').fill('您好，道闸电机已更换，今晚起恢复正常，给您带来不便非常抱歉。');
    await box.getByRole('button', { name: '发送回复' }).click();
    await textOf(agent.getByTestId('case-timeline').locator('[data-kind=comment]')).toContain('道闸电机已更换');
    // A photo of the repair, shown to the customer.
    const panel = agent.getByTestId('attachments-panel');
    await panel.locator('input[type=file]').setInputFiles({ name: '维修后.png', mimeType: 'image/png', buffer: solidPng(160, 120, [80, 150, 90]) });
    await panel.getByTestId('attachment-public').click();
    await panel.getByRole('button', { name: /上\s*传/ }).click();
    await textOf(panel).toContain('维修后.png');
    await textOf(agent.getByTestId('case-timeline').locator('[data-kind=attachment]')).toContain('上传了附件：维修后.png');
    await box.getByText('内部备注').click();
    await box.locator('textarea').fill('供应商答应周五前补一台备用电机。');
    await box.getByRole('button', { name: '保存备注' }).click();
    await textOf(agent.getByTestId('case-timeline').locator('[data-kind=note]')).toContain('备用电机');
    await action('开始处理').click();
    await textOf(agent.locator('.page-header').getByTestId('case-status')).toBe('处理中');
    await action('解决').click();
    const dialog = agent.getByRole('dialog');
    await dialog.locator('textarea').fill('道闸已修复。');
    await dialog.getByRole('button', { name: label('解决') }).click();
    await hidden(dialog);
    await textOf(agent.locator('.page-header').getByTestId('case-status')).toBe('已解决');
  });

  it('shows the customer the public answer and the resolved status, never the internal note; the customer answers back', async () => {
    await customer.goto(trackingUrl);
    await textOf(customer.locator('.ant-steps-item-active')).toContain('已解决');
    const staffMessage = customer.getByTestId('track-messages').locator('[data-from=staff]');
    await textOf(staffMessage).toContain('道闸电机已更换');
    await textOf(staffMessage).toMatch(/客服 \S\*\*/);
    expect(await customer.locator('body').innerText()).not.toContain('备用电机');
    await visible(customer.getByTestId('track-messages').locator('[data-from=staff] img'));
    await shot(customer, 'zh-CN-track-resolved');
    const reply = customer.getByTestId('track-reply');
    await reply.locator('textarea').fill('今晚回家试了，道闸正常了，谢谢！');
    await reply.getByRole('button', { name: /发\s*送/ }).click();
    await textOf(customer.getByTestId('track-messages').locator('[data-from=customer]')).toContain('道闸正常了');
    await textOf(customer.locator('.ant-steps-item-active')).toContain('已解决');
  });

  it('shows the agent the customer’s reply in the timeline', async () => {
    await agent.reload();
    const event = agent.getByTestId('case-timeline').locator('[data-kind=customer_reply]');
    await textOf(event).toContain('客户回复');
    await textOf(event).toContain('道闸正常了');
    await textOf(event).toContain('钱女士');
    await textOf(agent.locator('.page-header').getByTestId('case-status')).toBe('已解决');
    await shot(agent, 'zh-CN-staff-case');
  });

  it('answers an unknown or altered tracking link with a clear not-found page', async () => {
    await customer.goto(trackingUrl.replace(/token=.{4}/, 'token=XXXX'));
    await textOf(customer.getByTestId('track-error')).toContain('找不到这条工单');
  });

  it('reads in Traditional Chinese (screenshots of form, success and tracking)', async () => {
    const context = await browser.newContext({ ...PHONE, locale: 'zh-TW' });
    await context.addInitScript(() => localStorage.setItem('fuwu.locale', 'zh-TW'));
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.url}/p/demo`);
    await visible(page.getByTestId('portal-types'));
    await textOf(page.getByTestId('portal-consent-text')).toContain('蒐集');
    await shot(page, 'zh-TW-form');
    await page.goto(`${server.url}/p/demo/SH-01`);
    await page.getByRole('radio', { name: /報修/ }).click();
    await page.locator('#name').fill('陳先生');
    await page.locator('#phone').fill('0912 345 678');
    await page.locator('#description').fill('電梯按鈕失靈，請盡快派人檢修。');
    await page.getByTestId('portal-consent').click();
    await page.getByTestId('portal-submit').click();
    await visible(page.getByTestId('portal-success'));
    await textOf(page.getByTestId('portal-success')).toContain('提交成功');
    await shot(page, 'zh-TW-success');
    await page.getByTestId('open-tracking').click();
    await textOf(page.locator('.ant-steps-item-active')).toContain('已受理');
    await shot(page, 'zh-TW-track');
    await context.close();
  });
});
