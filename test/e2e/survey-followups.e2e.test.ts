import { type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoBrowser } from '../helpers/demo-browser.js';
import { E2E_ENABLED, type TestServer } from '../helpers/server.js';

const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible' });

/**
 * Survey follow-ups: a supervisor opens the demo SERVQUAL survey's responses, opens a response with
 * a low score or a comment, turns it into a case and sees the case number on the response.
 */
describe.skipIf(!E2E_ENABLED)('survey follow-ups in Chromium', { timeout: 180_000 }, () => {
  let server: TestServer;
  let page: Page;
  const demo = new DemoBrowser();
  const { signIn, call, setLocale, shoot } = demo;
  beforeAll(async () => {
    await demo.open();
    ({ server, page } = demo);
  });
  afterAll(() => demo.close());

  it('turns a low score of a demo response into a case from the response drawer', async () => {
    await signIn('specialist1');
    const surveys = (await call('GET', '/api/v1/surveys?pageSize=50')).json as { items: { id: string; template: string | null }[] };
    const servqual = surveys.items.find((s) => s.template === 'servqual')!;
    await page.goto(`${server.url}/surveys/${servqual.id}`);
    await page.getByRole('tab', { name: /答卷/ }).click();
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await visible(rows);
    await visible(page.getByText(/项低分/));
    await shoot('zh-CN-survey-responses-followups');
    // the first response on the page with something to follow up
    let button: Locator | null = null;
    for (let i = 0; i < (await rows.count()) && !button; i++) {
      await rows.nth(i).click();
      await visible(page.getByTestId('response-drawer'));
      const candidates = page.locator('[data-testid^="to-case-"]');
      if ((await candidates.count()) > 0) button = candidates.first();
      else await page.keyboard.press('Escape');
    }
    expect(button).not.toBeNull();
    await shoot('zh-CN-survey-response-drawer');
    await button!.click();
    await visible(page.locator('.ant-modal').getByText('将答卷反馈转为工单'));
    await shoot('zh-CN-survey-followup-modal', false);
    await page.getByRole('button', { name: '创建工单' }).click();
    const linked = page.getByTestId('response-drawer').getByTestId('follow-up-case');
    await visible(linked);
    expect(await linked.first().innerText()).toMatch(/FW-\d{8}-\d{4}/);
    await shoot('zh-CN-survey-response-drawer-linked');
    await setLocale('en-US');
    await page.reload();
    await page.getByRole('tab', { name: /Responses/ }).click();
    await visible(rows);
    await rows.first().click();
    await visible(page.getByTestId('response-drawer'));
    await shoot('en-US-survey-response-drawer');
  });
});
