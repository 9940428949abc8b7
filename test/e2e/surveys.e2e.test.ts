import { type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoBrowser } from '../helpers/demo-browser.js';
import { E2E_ENABLED, type TestServer } from '../helpers/server.js';


/**
 * Surveys: an HQ specialist creates a survey from the SERVQUAL template, publishes it, and enters
 * one paper response in staff entry mode; the list, builder, preview and entry page are
 * photographed in zh-CN and en-US at desktop and phone widths.
 */
describe.skipIf(!E2E_ENABLED)('surveys in Chromium', { timeout: 180_000 }, () => {
  let server: TestServer;
  let page: Page;
  let surveyId = '';

  const demo = new DemoBrowser();
  const { signIn, call, setLocale, shoot } = demo;
  beforeAll(async () => {
    await demo.open();
    ({ server, page } = demo);
  });
  afterAll(() => demo.close());
  /** The input of an antd InputNumber carrying a test id (on the input itself or its wrapper). */
  const numberInput = async (testId: string): Promise<Locator> => {
    const el = page.getByTestId(testId);
    return (await el.evaluate((e) => e.tagName)) === 'INPUT' ? el : el.locator('input');
  };

  it('creates a survey from the SERVQUAL template and publishes it', async () => {
    await signIn('specialist1');
    await page.goto(`${server.url}/surveys`);
    await page.getByTestId('from-template').hover();
    await page.getByTestId('template-servqual').click();
    await page.waitForURL(/\/surveys\/[0-9a-f-]{36}$/);
    surveyId = page.url().split('/').pop()!;
    await expect.poll(() => page.getByTestId('survey-heading').innerText()).toBe('客户服务质量调查（SERVQUAL）');
    // The builder shows the five dimensions and the importance allocation as parts.
    for (const key of ['tangibles', 'reliability', 'responsiveness', 'assurance', 'empathy', 'importance', 'overall']) await page.getByTestId(`section-${key}`).waitFor();
    await page.getByTestId('publish-survey').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await expect.poll(async () => (await call('GET', `/api/v1/surveys/${surveyId}`)).json.status).toBe('published');
    await page.getByTestId('enter-response').waitFor();
  });

  it('enters one paper response in staff entry mode', async () => {
    const sites = (await call('GET', '/api/v1/sites?pageSize=200')).json.items as { id: string; name: string; kind: string; active: boolean }[];
    const site = sites.find((s) => s.kind === 'site' && s.active)!;
    await page.getByTestId('enter-response').click();
    await page.waitForURL(/\/entry$/);
    // Saving with nothing filled in names the problems instead of sending.
    await page.getByTestId('entry-submit').click();
    await page.getByTestId('q-sq01-problem').waitFor();

    await page.locator('#entry-site').click();
    await page.locator('#entry-site').fill(site.name);
    await page.locator('.ant-select-tree-title', { hasText: site.name }).first().click();
    await page.getByTestId('entry-channel').click();
    await page.locator('.ant-select-item-option', { hasText: '纸质问卷' }).click();
    for (let item = 1; item <= 22; item++) {
      const key = `sq${String(item).padStart(2, '0')}`;
      await page.getByTestId(`q-${key}-expectation`).locator('label').nth(5).click(); // 6
      await page.getByTestId(`q-${key}-perception`).locator('label').nth(item % 2 ? 4 : 3).click(); // 5 or 4
    }
    const points = { tangibles: 10, reliability: 35, responsiveness: 25, assurance: 20, empathy: 10 };
    for (const [d, n] of Object.entries(points)) await (await numberInput(`q-importance-${d}`)).fill(String(n));
    await expect.poll(() => page.getByTestId('q-importance-total').innerText()).toContain('100');
    await page.getByTestId('q-overall-input').locator('label').nth(3).click(); // 4
    await page.getByTestId('q-comments-input').fill('维修预约经常改期，希望提前通知。');
    await shoot('surveys-entry-zh-CN');
    await page.getByTestId('entry-submit').click();
    await page.getByTestId('entry-saved').waitFor();

    const list = await call('GET', `/api/v1/surveys/${surveyId}/responses`);
    expect(list.json.total).toBe(1);
    const response = list.json.items[0];
    expect(response).toMatchObject({ siteId: site.id, channel: 'paper', versionNo: 1 });
    expect(response.answers.sq01).toEqual({ expectation: 6, perception: 5 });
    expect(response.answers.sq02).toEqual({ expectation: 6, perception: 4 });
    expect(response.answers.importance).toEqual(points);
    expect(response.answers.overall).toBe(4);
    expect(Object.keys(response.answers)).toHaveLength(25);
  });

  it('looks right in zh-CN and en-US on desktop and phone', async () => {
    for (const locale of ['zh-CN', 'en-US']) {
      await setLocale(locale);
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto(`${server.url}/surveys`);
      await page.getByTestId('survey-title').first().waitFor();
      await shoot(`surveys-list-${locale}`);
      await page.goto(`${server.url}/surveys/${surveyId}`);
      await page.getByTestId('survey-builder').waitFor();
      await page.locator('.ant-collapse-header').first().click();
      await shoot(`surveys-builder-${locale}`);
      await page.getByRole('tab', { name: locale === 'zh-CN' ? '预览' : 'Preview' }).click();
      await page.getByTestId('preview-frame').waitFor();
      await shoot(`surveys-preview-phone-${locale}`);
      await page.getByTestId('preview-width').locator('.ant-segmented-item').nth(1).click();
      await shoot(`surveys-preview-desktop-${locale}`);
      // On a phone the navigation is folded away, as a person there would fold it.
      await page.evaluate(() => localStorage.setItem('fuwu.siderCollapsed', '1'));
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${server.url}/surveys/${surveyId}/entry`);
      await page.getByTestId('answer-form').waitFor();
      await shoot(`surveys-entry-phone-${locale}`, false);
      await page.getByTestId('q-sq01').scrollIntoViewIfNeeded();
      await shoot(`surveys-entry-phone-questions-${locale}`, false);
      await page.goto(`${server.url}/surveys`);
      await page.getByTestId('survey-title').first().waitFor();
      await shoot(`surveys-list-phone-${locale}`, false);
      await page.evaluate(() => localStorage.setItem('fuwu.siderCollapsed', '0'));
    }
    await setLocale('zh-CN');
  });
});
