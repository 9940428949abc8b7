import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, E2E_ENABLED, startTestServer, type TestServer } from '../helpers/server.js';

// Vitest's expect knows nothing of locators: wait for the element, then poll its text.
const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible' });
const hidden = (locator: Locator) => locator.first().waitFor({ state: 'hidden' });
const textOf = (locator: Locator) => expect.poll(() => locator.first().innerText());

/**
 * Opens a select and picks an option, checking that the choice shows. On a loaded machine a click
 * can land while the dropdown is still animating in and select nothing; a person would click again.
 */
async function choose(page: Page, field: Locator, optionSelector: string, text: string): Promise<void> {
  const shown = () => field.evaluate((el) => el.closest('.ant-select')?.textContent ?? '');
  for (let attempt = 1; attempt <= 4; attempt++) {
    await settled(field);
    await field.click();
    try {
      await page.locator(optionSelector).filter({ hasText: text }).first().click({ timeout: 3000 });
    } catch {
      // The dropdown opened while the drawer was still moving and ended up covered; close it and retry.
      await page.keyboard.press('Escape');
      continue;
    }
    for (let i = 0; i < 20 && !(await shown()).includes(text); i++) await page.waitForTimeout(100);
    if ((await shown()).includes(text)) return;
  }
  throw new Error(`could not choose "${text}"`);
}

/** Waits until the element stops moving (a drawer slides in; a dropdown opened meanwhile lands in the wrong place). */
async function settled(locator: Locator): Promise<void> {
  let previous = '';
  for (let i = 0; i < 30; i++) {
    const box = JSON.stringify(await locator.boundingBox());
    if (box === previous && box !== 'null') return;
    previous = box;
    await locator.page().waitForTimeout(100);
  }
}

/** What a person does in the browser: sign in, change language, set up a site and a colleague. */
describe.skipIf(!E2E_ENABLED)('the platform in Chromium', { timeout: 60_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await (await browser.newContext({ viewport: { width: 1366, height: 860 } })).newPage();
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const nav = (name: string) => page.locator('.ant-layout-sider .ant-menu-item').filter({ hasText: name });
  const formItem = (label: string) => page.locator('.ant-form-item').filter({ has: page.locator('label', { hasText: label }) });
  const fieldError = (label: string) => formItem(label).locator('.ant-form-item-explain-error');
  const myLocale = () => page.evaluate(async () => (await (await fetch('/api/v1/me')).json()).user.locale as string);

  async function chooseLanguage(label: string): Promise<void> {
    await page.getByTestId('language-switch').click();
    await page.locator('.ant-dropdown-menu-item').filter({ hasText: label }).click();
  }

  it('shows the login page in Simplified Chinese and explains a wrong password', async () => {
    await page.goto(`${server.url}/customers`);
    await page.waitForURL(/\/login\?next=%2Fcustomers/);
    await visible(page.locator('.login-card').getByText('账号登录'));
    await page.locator('#username').fill('admin');
    await page.locator('#password').fill('not-the-password');
    await page.locator('button[type=submit]').click();
    await textOf(page.getByTestId('login-error')).toBe('用户名或密码错误');
  });

  it('signs in and lands where the user was going', async () => {
    await page.locator('#password').fill(server.adminPassword);
    await page.locator('button[type=submit]').click();
    await page.waitForURL(/\/customers$/);
    await textOf(page.getByTestId('org-name')).toBe('我的组织');
    await visible(nav('客户'));
    await page.goto(`${server.url}/`);
    await textOf(page.getByTestId('welcome')).toContain('您好');
    await textOf(page.getByTestId('figure-sites')).toContain('0');
  });

  it('switches to Traditional Chinese and English and saves the choice on the account', async () => {
    await chooseLanguage('繁體中文');
    await visible(nav('客戶'));
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-TW');
    await expect.poll(myLocale).toBe('zh-TW');

    await chooseLanguage('English');
    await visible(nav('Customers'));
    await expect.poll(myLocale).toBe('en-US');
    await page.reload();
    await textOf(page.getByTestId('welcome')).toContain('Hello');
  });

  it('creates a site under the headquarters and finds it in the list and the tree', async () => {
    await page.goto(`${server.url}/org/sites`);
    await page.getByRole('button', { name: 'New site' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('#name').fill('Pudong Service Hall');
    await dialog.locator('#code').fill('bad code!');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await textOf(fieldError('Code')).toContain('Letters, digits');
    await dialog.locator('#code').fill('PD-01');
    await formItem('Parent').locator('.ant-select').click();
    await page.locator('.ant-select-tree-node-content-wrapper').filter({ hasText: '我的组织总部' }).click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await hidden(dialog);

    const row = page.locator('.ant-table-row').filter({ hasText: 'PD-01' });
    await textOf(row).toContain('Pudong Service Hall');
    await textOf(row).toContain('我的组织总部');
    await visible(page.locator('.ant-tree').getByText('Pudong Service Hall'));
  });

  it("shows the server's duplicate-code error on the code field", async () => {
    await page.getByRole('button', { name: 'New site' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('#name').fill('Another hall');
    await dialog.locator('#code').fill('PD-01');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await textOf(fieldError('Code')).toBe('Already taken; choose another');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await hidden(dialog);
  });

  it('creates a user with a role on the new site and finds them by search', async () => {
    await page.goto(`${server.url}/org/users`);
    await page.getByRole('button', { name: 'New user' }).click();
    const drawer = page.locator('.ant-drawer-open');
    await drawer.locator('#username').fill('li.na');
    await drawer.locator('#name').fill('李娜');
    await drawer.locator('#password').fill('Welcome-2026');
    await drawer.getByRole('button', { name: 'Add a role' }).click();
    await choose(page, drawer.locator('#roles_0_role'), '.ant-select-item-option', 'Agent / front desk');
    await choose(page, drawer.locator('#roles_0_siteId'), '.ant-select-tree-node-content-wrapper', 'Pudong Service Hall');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await hidden(drawer).catch(async (error) => {
      await page.screenshot({ path: 'screenshots/e2e-failure-user-drawer.png' });
      const problems = await drawer.locator('.ant-form-item-explain-error, .ant-message-notice').allInnerTexts();
      throw new Error(`the user drawer stayed open: ${problems.join(' | ') || 'no visible error'}`, { cause: error });
    });

    const search = page.getByPlaceholder('Search username, name or mobile');
    await search.fill('li.na');
    await search.press('Enter');
    await expect.poll(() => page.locator('.ant-table-row').count()).toBe(1);
    const row = page.locator('.ant-table-row').filter({ hasText: 'li.na' });
    await textOf(row).toContain('李娜');
    await textOf(row).toContain('Agent / front desk · Pudong Service Hall');
  });

  it('registers a customer, explaining a bad phone number, and shows VIP in gold', async () => {
    await page.goto(`${server.url}/customers`);
    await page.getByRole('button', { name: 'New customer' }).click();
    const drawer = page.locator('.ant-drawer-open');
    await drawer.locator('#name').fill('王建国');
    await drawer.locator('#phone').fill('12345');
    await drawer.getByText('VIP', { exact: true }).click();
    await drawer.locator('#siteId').click();
    await page.locator('.ant-select-tree-node-content-wrapper').filter({ hasText: 'Pudong Service Hall' }).click();
    await drawer.locator('#unit').fill('3栋2单元1502');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await textOf(fieldError('Phone')).toContain('Not a phone number we can call');
    await drawer.locator('#phone').fill('138 1234 5678');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await hidden(drawer);

    const row = page.locator('.ant-table-row').filter({ hasText: '王建国' });
    await textOf(row).toContain('13812345678');
    await textOf(row).toContain('Pudong Service Hall');
    const tier = row.locator('.ant-tag').filter({ hasText: 'VIP' });
    expect(await tier.getAttribute('class')).toContain('gold');
  });

  it('exports the filtered customers to Excel', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export to Excel' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    const bytes = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      void file.createReadStream().then((stream) => {
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => resolve(Buffer.concat(chunks)));
        stream.on('error', reject);
      });
    });
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
  });

  it('issues an API token shown once, and revokes it', async () => {
    await page.goto(`${server.url}/admin/tokens`);
    await page.locator('.ant-card').getByRole('button', { name: 'New token' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('#name').fill('Call-centre integration');
    await dialog.getByRole('button', { name: 'Issue token' }).click();
    const token = await page.getByTestId('new-token').innerText();
    expect(token.length).toBeGreaterThan(20);
    const status = await page.evaluate(async (bearer) => (await fetch('/api/v1/sites', { headers: { authorization: `Bearer ${bearer}` }, credentials: 'omit' })).status, token.trim());
    expect(status).toBe(200);
    await page.getByRole('button', { name: 'I have saved it' }).click();

    const row = page.locator('.ant-table-row').filter({ hasText: 'Call-centre integration' });
    await row.getByRole('button', { name: 'Revoke' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'Revoke' }).click();
    await textOf(row).toContain('Revoked');
  });

  it('asks the new user, in their own language, to choose a password before anything else', async () => {
    await page.getByTestId('user-menu').click();
    await page.locator('.ant-dropdown-menu-item').filter({ hasText: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await page.locator('#username').fill('li.na');
    await page.locator('#password').fill('Welcome-2026');
    await page.locator('button[type=submit]').click();
    // The login page was in English (this browser); li.na's account says Simplified Chinese.
    await visible(page.getByText('请先修改密码'));
    await page.locator('#currentPassword').fill('Welcome-2026');
    await page.locator('#newPassword').fill('Li-na-own-2026');
    await page.locator('#confirm').fill('Li-na-own-2026');
    await page.locator('button[type=submit]').click();
    await textOf(page.getByTestId('welcome')).toContain('李娜');
    // An agent works with customers but does not administer the organisation.
    await visible(nav('客户'));
    expect(await nav('用户').count()).toBe(0);
    expect(await nav('API 令牌').count()).toBe(0);
  });
});
