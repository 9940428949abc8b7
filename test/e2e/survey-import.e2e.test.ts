import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoBrowser } from '../helpers/demo-browser.js';
import { E2E_ENABLED, type TestServer } from '../helpers/server.js';

/**
 * Paper responses: an HQ specialist checks a CSV with a bad row (the dialog lists the row's
 * problems and refuses to import), chooses a corrected file and imports it; photographed in zh-CN
 * and en-US.
 */
describe.skipIf(!E2E_ENABLED)('survey response import in Chromium', { timeout: 180_000 }, () => {
  let server: TestServer;
  let page: Page;
  const demo = new DemoBrowser();
  const { signIn, call, setLocale, shoot } = demo;
  beforeAll(async () => {
    await demo.open();
    ({ server, page } = demo);
  });
  afterAll(() => demo.close());

  const csv = (siteCode: string, badRow: boolean) => {
    const pairs = Array.from({ length: 22 }, (_, i) => `sq${String(i + 1).padStart(2, '0')}`);
    const header = ['siteCode', 'submittedAt', ...pairs.flatMap((k) => [`${k}.e`, `${k}.p`]), 'importance.tangibles', 'importance.reliability', 'importance.responsiveness', 'importance.assurance', 'importance.empathy', 'overall', 'comments'];
    const row = (code: string, p: number, alloc: number[], overall = 4) => [code, '2026-05-01 10:00', ...pairs.flatMap(() => [6, p]), ...alloc, overall, '"电梯很好, 服务也好"'];
    const rows = [row(siteCode, 5, [10, 30, 30, 20, 10]), row(siteCode, 4, [10, 30, 30, 20, 10])];
    if (badRow) rows.push(row('NOPE', 5, [10, 30, 30, 20, 10]), row(siteCode, 5, [10, 30, 30, 20, 20], 9));
    return Buffer.from(`\uFEFF${[header, ...rows].map((r) => r.join(',')).join('\r\n')}\r\n`);
  };

  for (const locale of ['zh-CN', 'en-US']) {
    it(`checks, refuses and then imports a CSV (${locale})`, async () => {
      await signIn('specialist1');
      await setLocale(locale);
      const created = await call('POST', '/api/v1/surveys/from-template', { template: 'servqual' });
      const surveyId = created.json.id as string;
      expect((await call('POST', `/api/v1/surveys/${surveyId}/publish`, {})).status).toBe(200);
      const sites = (await call('GET', '/api/v1/sites?pageSize=200')).json.items as { code: string; kind: string; active: boolean }[];
      const code = sites.find((s) => s.kind === 'site' && s.active)!.code;

      await page.goto(`${server.url}/surveys/${surveyId}`);
      await page.locator('.ant-tabs-tab').last().click();
      await page.getByTestId('import-responses').click();
      await page.locator('.ant-modal input[type=file]').setInputFiles({ name: 'paper.csv', mimeType: 'text/csv', buffer: csv(code, true) });
      await page.getByTestId('import-report').waitFor();
      await expect.poll(() => page.locator('[data-testid=import-report] .ant-table-row').count()).toBe(3);
      expect(await page.getByTestId('import-confirm').isDisabled()).toBe(true);
      await shoot(`survey-import-errors-${locale}`, false);

      await page.locator('.ant-modal input[type=file]').setInputFiles({ name: 'paper-fixed.csv', mimeType: 'text/csv', buffer: csv(code, false) });
      await expect.poll(() => page.locator('[data-testid=import-report] .ant-alert-success').count()).toBe(1);
      await shoot(`survey-import-valid-${locale}`, false);
      await page.getByTestId('import-confirm').click();
      await expect.poll(async () => (await call('GET', `/api/v1/surveys/${surveyId}/responses`)).json.total).toBe(2);
      await expect.poll(() => page.locator('.ant-table-row').count()).toBe(2);
      await shoot(`survey-import-done-${locale}`);
    });
  }
});
