import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, E2E_ENABLED, startTestServer, type TestServer } from '../helpers/server.js';

const SHOTS = path.resolve('screenshots');

/**
 * Survey campaigns: an HQ specialist publishes the SERVQUAL template and starts a campaign for one
 * site; a customer opens the invitation link on a phone in Traditional Chinese, answers, sees the
 * thank-you page, and finds the link answered when opening it again. The anonymous site link (QR
 * code) is photographed on a phone in Simplified Chinese, the campaign page on a desktop.
 */
describe.skipIf(!E2E_ENABLED)('survey campaigns in Chromium', { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let staff: BrowserContext;
  let page: Page;
  let surveyId = '';
  let campaignId = '';
  let token = '';
  let anonymousPath = '';
  let titles: Record<string, string> = {};

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer('sqlite', { demo: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    staff = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await staff.addInitScript(() => localStorage.setItem('fuwu.locale', localStorage.getItem('fuwu.locale') ?? 'zh-CN'));
    page = await staff.newPage();
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const call = (method: string, url: string, body?: unknown) =>
    page.evaluate(
      async ({ method, url, body }) => {
        const csrf = document.cookie.split('; ').find((c) => c.startsWith('fuwu_csrf='))?.slice(10) ?? '';
        const r = await fetch(url, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: body === undefined ? undefined : JSON.stringify(body) });
        return { status: r.status, json: r.status === 204 ? null : await r.json() };
      },
      { method, url, body },
    );
  const shoot = async (p: Page, name: string, fullPage = true) => {
    await p.waitForLoadState('networkidle');
    await p.waitForTimeout(400);
    await p.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
  };
  /** A customer's phone: 390×844, touch, the given browser language, nothing stored from earlier visits. */
  const phone = async (locale: string) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale });
    const p = await context.newPage();
    p.setDefaultTimeout(15_000);
    return { context, page: p };
  };
  const numberInput = async (p: Page, testId: string): Promise<Locator> => {
    const el = p.getByTestId(testId);
    return (await el.evaluate((e) => e.tagName)) === 'INPUT' ? el : el.locator('input');
  };

  it('publishes the SERVQUAL template and starts a campaign for one site through the API', async () => {
    await page.goto(`${server.url}/login`);
    await page.locator('#username').fill('specialist1');
    await page.locator('#password').fill('Demo@2026');
    await page.locator('button[type=submit]').click();
    await page.getByTestId('welcome').waitFor();
    await page.goto(`${server.url}/surveys`);
    await page.getByTestId('from-template').hover();
    await page.getByTestId('template-servqual').click();
    await page.waitForURL(/\/surveys\/[0-9a-f-]{36}$/);
    surveyId = page.url().split('/').pop()!;
    await page.getByTestId('publish-survey').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await expect.poll(async () => (await call('GET', `/api/v1/surveys/${surveyId}`)).json.status).toBe('published');
    titles = (await call('GET', `/api/v1/surveys/${surveyId}`)).json.definition.title;

    const sites = (await call('GET', '/api/v1/sites?pageSize=200')).json.items as { id: string; name: string; kind: string; active: boolean }[];
    const site = sites.find((s) => s.kind === 'site' && s.active)!;
    // One customer who certainly agreed to be surveyed, so the sample cannot come out empty.
    const customer = await call('POST', '/api/v1/customers', { name: '陈美玲', phone: '13912345678', siteId: site.id, consent: { sms: true, email: false, survey: true } });
    expect(customer.status).toBe(201);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const created = await call('POST', '/api/v1/campaigns', {
      surveyId,
      name: '2026 年第四季度满意度调查',
      siteIds: [site.id],
      startsOn: day(-1),
      endsOn: day(30),
      audience: { sampleSize: 5 },
      targetPerSite: 50,
    });
    expect(created.status).toBe(201);
    campaignId = created.json.id;
    expect(created.json.newInvitations.length).toBeGreaterThan(0);
    token = created.json.newInvitations[0].token;
    anonymousPath = created.json.sites[0].anonymousPath;
    expect(anonymousPath).toMatch(new RegExp(`^/s/[^/]+/${campaignId}/[^/]+$`));
  });

  it('lets a customer answer the invitation on a phone in zh-TW, once', async () => {
    const { context, page: p } = await phone('zh-TW');
    await p.goto(`${server.url}/s/${token}`);
    await p.getByTestId('answer-form').waitFor();
    // The phone's language: the page and the survey are in Traditional Chinese.
    await expect.poll(() => p.getByTestId('answer-title').innerText()).toBe(titles['zh-TW']);
    await expect.poll(() => p.getByTestId('answer-submit').innerText()).toContain('送出');
    await shoot(p, 'answer-phone-zh-TW', false);

    // The switch changes the page and the survey texts together.
    await p.getByTestId('language-switch').click();
    await p.locator('.ant-dropdown-menu-item', { hasText: 'English' }).click();
    await expect.poll(() => p.getByTestId('answer-title').innerText()).toBe(titles['en-US']);
    await expect.poll(() => p.getByTestId('answer-submit').innerText()).toBe('Submit');
    await p.getByTestId('language-switch').click();
    await p.locator('.ant-dropdown-menu-item', { hasText: '繁體中文' }).click();
    await expect.poll(() => p.getByTestId('answer-title').innerText()).toBe(titles['zh-TW']);

    // Submitting with nothing answered names the problems and sends nothing.
    await p.getByTestId('answer-submit').click();
    await p.getByTestId('q-sq01-problem').waitFor();
    await p.getByTestId('answer-error').waitFor();
    await p.waitForTimeout(800);
    await shoot(p, 'answer-phone-problems-zh-TW', false);
    expect((await call('GET', `/api/v1/campaigns/${campaignId}/progress`)).json.total.responses).toBe(0);

    for (let item = 1; item <= 22; item++) {
      const key = `sq${String(item).padStart(2, '0')}`;
      await p.getByTestId(`q-${key}-expectation`).locator('label').nth(6).click(); // 7
      await p.getByTestId(`q-${key}-perception`).locator('label').nth(item % 3 ? 5 : 3).click(); // 6 or 4
    }
    const points = { tangibles: 15, reliability: 30, responsiveness: 25, assurance: 15, empathy: 15 };
    for (const [d, n] of Object.entries(points)) await (await numberInput(p, `q-importance-${d}`)).fill(String(n));
    await expect.poll(() => p.getByTestId('q-importance-total').innerText()).toContain('100');
    await p.getByTestId('q-overall-input').locator('label').nth(4).click(); // 5
    await p.getByTestId('q-comments-input').fill('管家回覆很快，謝謝。');
    await expect.poll(() => p.getByTestId('q-sq01-problem').count()).toBe(0);
    await p.getByTestId('answer-submit').click();
    await p.getByTestId('answer-thanks').waitFor();
    await shoot(p, 'answer-thanks-phone-zh-TW', false);

    // The same link again: answered, nothing to fill in.
    await p.goto(`${server.url}/s/${token}`);
    await p.getByTestId('answer-answered').waitFor();
    expect(await p.getByTestId('answer-form').count()).toBe(0);
    await shoot(p, 'answer-answered-phone-zh-TW', false);
    await context.close();

    const progress = (await call('GET', `/api/v1/campaigns/${campaignId}/progress`)).json;
    expect(progress.total.responses).toBe(1);
    expect(progress.total.invitedResponses).toBe(1);
    expect(progress.total.anonymousResponses).toBe(0);
    const responses = (await call('GET', `/api/v1/surveys/${surveyId}/responses`)).json;
    expect(responses.total).toBe(1);
    expect(responses.items[0].answers.sq01).toEqual({ expectation: 7, perception: 6 });
    expect(responses.items[0].answers.importance).toEqual(points);
  });

  it('shows the anonymous site link in zh-CN, and a clear page for an unknown link', async () => {
    const { context, page: p } = await phone('zh-CN');
    await p.goto(`${server.url}${anonymousPath}`);
    await p.getByTestId('answer-form').waitFor();
    await expect.poll(() => p.getByTestId('answer-title').innerText()).toBe(titles['zh-CN']);
    await shoot(p, 'answer-phone-zh-CN', false);
    await p.getByTestId('q-sq01').scrollIntoViewIfNeeded();
    await shoot(p, 'answer-phone-questions-zh-CN', false);
    await shoot(p, 'answer-phone-full-zh-CN', true);

    await p.goto(`${server.url}/s/not-a-real-invitation-token`);
    await p.getByTestId('answer-not-found').waitFor();
    await shoot(p, 'answer-not-found-phone-zh-CN', false);
    await context.close();
  });

  it('shows the campaign page with its progress on a desktop', async () => {
    await page.goto(`${server.url}/campaigns/${campaignId}`);
    await page.locator('[data-testid^="qr-link-"]').first().waitFor();
    // The QR code's link is the anonymous answer page, shown whole.
    expect(await page.locator('[data-testid^="qr-link-"]').first().innerText()).toBe(`${server.url}${anonymousPath}`);
    await shoot(page, 'campaign-desktop-zh-CN');
  });
});
