import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/server/lib/ids.js';
import { enqueueMessage } from '../../src/server/modules/outbox/outbox.service.js';
import { deliverOutbox } from '../../src/server/modules/outbox/outbox.worker.js';
import { CHROMIUM, CHROMIUM_ARGS, E2E_ENABLED, startTestServer, type TestServer } from '../helpers/server.js';

const SHOTS = path.resolve('screenshots');

/**
 * The outbox admin page: an administrator finds a dead SMS, reads why it failed and sends it
 * again; then rewrites the SMS wording of case updates, sees the preview follow, saves, and
 * restores the built-in text. Photographed in zh-CN and en-US.
 */
describe.skipIf(!E2E_ENABLED)('outbox and message templates in Chromium', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let deadId = '';

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer('sqlite', { demo: true });
    const org = await server.db.kysely.selectFrom('users').select('org_id').where('username', '=', 'admin').executeTakeFirstOrThrow();
    const orgId = org.org_id;
    // A few messages of each kind: sent ones, one that failed for good, one waiting.
    const data = (n: number) => ({ customerName: ['王建国', '李秀英', '张伟', '刘芳'][n % 4], number: `FW-20261103-00${10 + n}`, title: '电梯异响', update: '已处理完毕', reply: '', orgName: '阳光物业' });
    for (let n = 0; n < 4; n++) await enqueueMessage(server.db, { orgId, channel: n % 2 ? 'email' : 'sms', event: 'case.updated', locale: 'zh-CN', recipient: n % 2 ? `customer${n}@example.com` : `1380000000${n}`, data: data(n) });
    const sent = { name: 'ok', send: async () => {} };
    await deliverOutbox(server.db, new Date(), { transports: { email: sent, sms: sent }, maxAttempts: 3, retryBaseSeconds: 60 });
    const dead = await enqueueMessage(server.db, { orgId, channel: 'sms', event: 'case.updated', locale: 'zh-CN', recipient: '13912345678', data: data(5) });
    deadId = dead.id!;
    const failing = { name: 'down', send: async () => { throw new Error('SMS gateway answered 503: service unavailable'); } };
    for (let i = 0; i < 3; i++) await deliverOutbox(server.db, new Date(Date.now() + i * 3600_000), { transports: { email: failing, sms: failing }, maxAttempts: 3, retryBaseSeconds: 60 });
    await enqueueMessage(server.db, { orgId, channel: 'email', event: 'revisit.reminder', locale: 'zh-CN', recipient: 'zhang.min@example.com', data: { name: '张敏', date: '2026-11-03', count: 2, list: '· 10:00 王建国（电话）\n· 14:30 李秀英（上门）', orgName: '阳光物业' }, dedupeKey: newId() });

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await context.addInitScript(() => localStorage.setItem('fuwu.locale', localStorage.getItem('fuwu.locale') ?? 'zh-CN'));
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.url}/login`);
    await page.locator('#username').fill('admin');
    await page.locator('#password').fill(server.adminPassword);
    await page.locator('button[type=submit]').click();
    await page.getByTestId('welcome').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const shoot = async (name: string) => {
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  };

  it('finds a dead message from the menu, shows why it failed, and queues it again', async () => {
    await page.locator('.ant-menu-item', { hasText: '邮件短信' }).click();
    await page.waitForURL('**/admin/outbox');
    await page.getByRole('tab', { name: /发送失败/ }).click();
    const row = page.locator('.ant-table-row', { hasText: '13912345678' });
    await row.waitFor();
    await expect.poll(() => page.locator('.ant-table-row').count()).toBe(1);
    await shoot('outbox-zh-CN-dead');
    await row.click();
    await page.getByTestId('outbox-body').waitFor();
    expect(await page.getByTestId('outbox-body').innerText()).toContain('工单号 FW-20261103-0015');
    expect(await page.locator('.ant-drawer').innerText()).toContain('SMS gateway answered 503');
    await shoot('outbox-zh-CN-detail');
    await page.getByRole('button', { name: '重新发送' }).click();
    await expect.poll(async () => (await server.db.kysely.selectFrom('outbox_messages').select('status').where('id', '=', deadId).executeTakeFirstOrThrow()).status).toBe('queued');
    await expect.poll(() => page.locator('.ant-drawer .ant-tag', { hasText: '排队中' }).count()).toBe(1);
    const audit = await server.db.kysely.selectFrom('audit_events').select('action').where('entity', '=', 'outbox_message').where('entity_id', '=', deadId).execute();
    expect(audit.map((a) => a.action)).toEqual(['retry']);
  });

  it('edits the SMS wording with a live preview, saves it, and restores the default', async () => {
    await page.goto(`${server.url}/admin/outbox/templates`);
    await page.locator('.ant-menu-item', { hasText: '工单进展通知' }).filter({ hasText: '短信' }).click();
    const body = page.getByTestId('template-body');
    await body.waitFor();
    expect(await body.inputValue()).toContain('您反映的问题');
    await body.fill('【{{orgName}}】{{customerName}}，工单{{number}}{{update}}。');
    await expect.poll(() => page.getByTestId('template-preview').innerText()).toBe('【阳光物业服务中心】王建国，工单FW-20261103-0007有了新的回复。');
    await shoot('templates-zh-CN-edit');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(async () => (await server.db.kysely.selectFrom('message_templates').select('body').where('channel', '=', 'sms').where('locale', '=', 'zh-CN').executeTakeFirst())?.body).toBe('【{{orgName}}】{{customerName}}，工单{{number}}{{update}}。');
    await page.getByRole('button', { name: '恢复默认' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '恢复默认' }).click();
    await expect.poll(async () => (await server.db.kysely.selectFrom('message_templates').selectAll().execute()).length).toBe(0);
    await expect.poll(() => body.inputValue()).toContain('您反映的问题');
  });

  it('looks right in English', async () => {
    await page.evaluate(async () => {
      localStorage.setItem('fuwu.locale', 'en-US');
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('fuwu_csrf='))?.slice(10) ?? '';
      await fetch('/api/v1/me', { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ locale: 'en-US' }) });
    });
    await page.goto(`${server.url}/admin/outbox`);
    await page.locator('.ant-table-row').first().waitFor();
    await shoot('outbox-en-US');
    await page.goto(`${server.url}/admin/outbox/templates`);
    await page.getByTestId('template-subject').waitFor();
    await shoot('templates-en-US');
    expect(await page.getByTestId('template-preview').innerText()).toContain('Revisit reminder');
  });
});
