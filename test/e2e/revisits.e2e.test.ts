import { type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoBrowser } from '../helpers/demo-browser.js';
import { E2E_ENABLED, type TestServer } from '../helpers/server.js';

const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible' });
const shanghaiDay = (at: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(at);

/**
 * Revisits: an agent resolves a complaint, finds its callback in the work list, records a
 * satisfied answer in the drawer (the case closes), and the figures page counts it. The work list,
 * drawer, calendar, figures and policies are photographed in zh-CN and en-US.
 */
describe.skipIf(!E2E_ENABLED)('revisits in Chromium', { timeout: 180_000 }, () => {
  let server: TestServer;
  let page: Page;

  const demo = new DemoBrowser();
  const { signIn, call, setLocale, shoot } = demo;
  beforeAll(async () => {
    await demo.open();
    ({ server, page } = demo);
  });
  afterAll(() => demo.close());
  /** The figures page's total row: [label, due, done, reached, satisfied, …]. */
  const totalRow = async () => (await page.getByTestId('revisit-stats-table').locator('tbody tr.ant-table-row').last().locator('td').allInnerTexts()).map((s) => s.trim());

  let revisitId = '';
  let caseId = '';
  let figuresUrl = '';
  let before: { due: number; satisfied: number } = { due: 0, satisfied: 0 };
  const customer = { name: '周晓梅', phone: '13912348877' };

  it('an agent’s resolved complaint gets a callback in the work list', async () => {
    await signIn('agent.sh01a');
    const me = (await call('GET', '/api/v1/me')).json as { grants?: Array<{ siteId: string | null }>; roles?: Array<{ siteId: string | null }> };
    const siteId = (me.grants ?? me.roles ?? []).find((g) => g.siteId)?.siteId;
    // The figures over a period that surely holds the new callback (due two hours after resolution).
    const to = shanghaiDay(new Date(Date.now() + 36 * 3_600_000));
    figuresUrl = `/revisits/figures?groupBy=owner&from=${shanghaiDay(new Date(Date.now() - 100 * 86_400_000))}&to=${to}`;
    const stats = (await call('GET', `/api/v1/revisit-stats?groupBy=owner&from=${encodeURIComponent(new Date(`${shanghaiDay(new Date(Date.now() - 100 * 86_400_000))}T00:00:00+08:00`).toISOString())}&to=${encodeURIComponent(new Date(`${to}T23:59:59.999+08:00`).toISOString())}`)).json;
    before = { due: stats.total.due, satisfied: stats.total.satisfied };

    const created = await call('POST', '/api/v1/cases', { type: 'complaint', channel: 'phone', siteId, customer, title: '楼道垃圾没人清理', description: '三号楼楼道垃圾堆了两天没人清理，气味很大。' });
    expect(created.status).toBe(201);
    caseId = created.json.id;
    const taken = await call('POST', `/api/v1/cases/${caseId}/transitions`, { action: 'assign', version: created.json.version });
    const resolved = await call('POST', `/api/v1/cases/${caseId}/transitions`, { action: 'resolve', note: '已安排保洁清理并加派巡查', version: taken.json.version });
    expect(resolved.status).toBe(200);
    const list = (await call('GET', `/api/v1/revisits?caseId=${caseId}`)).json;
    expect(list.items).toHaveLength(1);
    revisitId = list.items[0].id;
    // Due by the end of today shows under "today", otherwise under "upcoming".
    const tab = shanghaiDay(new Date(list.items[0].dueAt)) === shanghaiDay(new Date()) ? 'today' : 'upcoming';

    await page.goto(`${server.url}/revisits${tab === 'today' ? '' : '?tab=upcoming'}`);
    const row = page.getByTestId('revisit-table').locator('tbody tr').filter({ hasText: customer.name });
    await visible(row);
    await shoot('zh-CN-revisits-work-list');
    await row.click();
    await visible(page.getByTestId('revisit-drawer').getByText('楼道垃圾没人清理', { exact: false }));
  });

  it('records a satisfied answer in the drawer; the case closes', async () => {
    const drawer = page.getByTestId('revisit-drawer');
    await drawer.locator('.ant-radio-button-wrapper', { hasText: '已接通' }).click();
    await drawer.locator('.ant-radio-wrapper', { hasText: '已解决' }).click();
    await page.getByTestId('revisit-satisfaction').locator('li').nth(4).click();
    await drawer.locator('textarea').fill('保洁很及时，现在很干净');
    await shoot('zh-CN-revisit-drawer');
    await page.getByTestId('revisit-submit').click();
    await visible(drawer.getByTestId('revisit-attempt').filter({ hasText: '保洁很及时' }));
    await visible(drawer.locator('.ant-tag', { hasText: '满意' }));
    const detail = (await call('GET', `/api/v1/revisits/${revisitId}`)).json;
    expect(detail).toMatchObject({ status: 'done', solved: true, satisfaction: 5 });
    expect((await call('GET', `/api/v1/cases/${caseId}`)).json.status).toBe('closed');
  });

  it('the figures page counts the new revisit', async () => {
    await page.goto(`${server.url}${figuresUrl}`);
    await expect.poll(async () => (await totalRow())[1]).toBe(String(before.due + 1));
    expect((await totalRow())[4]).toBe(String(before.satisfied + 1));
    await shoot('zh-CN-revisit-figures');
  });

  it('shows the calendar, the case panel, the policies and everything in English', async () => {
    await page.goto(`${server.url}/revisits?tab=calendar&owner=all`);
    await visible(page.locator('.ant-picker-calendar'));
    await shoot('zh-CN-revisits-calendar');
    await page.goto(`${server.url}/cases/${caseId}`);
    await visible(page.getByTestId('case-revisits').locator('.ant-tag', { hasText: '满意' }));
    await shoot('zh-CN-case-revisits-panel');
    await signIn('specialist1');
    await page.goto(`${server.url}/settings/revisit-policies`);
    await visible(page.getByTestId('revisit-policy-edit-complaint'));
    await shoot('zh-CN-revisit-policies');
    await setLocale('en-US');
    await page.goto(`${server.url}/revisits?owner=all&tab=overdue`);
    await visible(page.getByTestId('revisit-table'));
    await shoot('en-US-revisits-work-list');
    await page.goto(`${server.url}${figuresUrl.replace('owner', 'site')}`);
    await visible(page.getByTestId('revisit-stats-table').locator('tbody tr.ant-table-row'));
    await shoot('en-US-revisit-figures');
    await page.goto(`${server.url}/settings/revisit-policies`);
    await visible(page.getByTestId('revisit-policy-edit-complaint'));
    await shoot('en-US-revisit-policies');
    await setLocale('zh-CN');
  });
});
