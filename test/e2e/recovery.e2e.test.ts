import { type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoBrowser } from '../helpers/demo-browser.js';
import { E2E_ENABLED, type TestServer } from '../helpers/server.js';

const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible' });
const textOf = (locator: Locator) => expect.poll(() => locator.first().innerText());
const label = (text: string) => new RegExp(`^${[...text].join('\\s*')}$`);

/**
 * The ladder and service recovery: an agent records a recovery whose compensation is above their
 * limit, a site director approves it; the case page and the "at risk" queue are photographed in
 * zh-CN and en-US.
 */
describe.skipIf(!E2E_ENABLED)('ladder and service recovery in Chromium', { timeout: 120_000 }, () => {
  let server: TestServer;
  let page: Page;
  let caseId = '';

  const demo = new DemoBrowser();
  const { signIn, call, setLocale, shoot } = demo;
  beforeAll(async () => {
    await demo.open();
    ({ server, page } = demo);
  });
  afterAll(() => demo.close());
  const panel = () => page.getByTestId('recovery-panel');
  const formItem = (text: string) => panel().locator('.ant-form-item').filter({ has: page.locator('label', { hasText: text }) });

  it('places a customer who calls again about a leak that is not fixed at potential complaint', async () => {
    await signIn('agent.sh01a');
    const me = (await call('GET', '/api/v1/me')).json as { grants?: Array<{ siteId: string | null }>; roles?: Array<{ siteId: string | null }> };
    const siteId = (me.grants ?? me.roles ?? []).find((g) => g.siteId)?.siteId;
    expect(siteId).toBeTruthy();
    const customer = { name: '钱美华', phone: '13912340001' };
    const first = await call('POST', '/api/v1/cases', { type: 'repair', channel: 'phone', siteId, customer, title: '卫生间天花板漏水', description: '楼上卫生间漏水，天花板在滴水。' });
    expect(first.status).toBe(201);
    const second = await call('POST', '/api/v1/cases', {
      type: 'repair',
      channel: 'hotline',
      siteId,
      customer,
      title: '天花板又漏水了',
      description: '上周报修的卫生间漏水到现在还没修好，你们太慢了，再不处理我就打12345投诉。',
    });
    expect(second.status).toBe(201);
    caseId = second.json.id;
    expect(second.json.stage).toBe('potential_complaint');

    await page.goto(`${server.url}/cases/${caseId}`);
    const ladder = page.getByTestId('ladder-panel');
    await visible(ladder);
    await textOf(ladder).toContain('潜在投诉');
    await textOf(ladder).toContain('12345');
    await textOf(ladder).toContain(first.json.number);
    await expect.poll(() => ladder.locator('[data-rung=potential_complaint]').getAttribute('data-reached')).toBe('true');
    await expect.poll(() => ladder.locator('[data-rung=complaint]').getAttribute('data-reached')).toBe('false');
  });

  it('lets the agent record a recovery above their limit, which waits for approval', async () => {
    await visible(page.getByTestId('recovery-form'));
    await textOf(page.getByTestId('recovery-limit')).toContain('¥200.00');
    await panel().getByText('2 类：服务与处理技巧').click();
    await formItem('说明内容').locator('textarea').fill('已致电业主道歉，说明维修师傅首次未找到漏点，今天下午重新上门。');
    await formItem('补偿方式').locator('.ant-select').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '减免' }).click();
    await formItem('金额').locator('input').fill('500');
    await textOf(page.getByTestId('recovery-limit')).toContain('超出您的权限');
    await formItem('补偿说明').locator('input').fill('减免一个月物业费');
    await panel().getByRole('button', { name: '保存补救记录' }).click();
    await textOf(page.getByTestId('recovery-status')).toBe('待审批');
    await textOf(panel()).toContain('¥500.00');
    await textOf(page.getByTestId('case-timeline')).toContain('记录服务补救 · ¥500.00，待审批');
    expect(await panel().getByTestId('recovery-approve').count()).toBe(0);
    await shoot('zh-CN-case-ladder-recovery-pending');
  });

  it('shows the case in the at-risk queue, highest stage first', async () => {
    await page.goto(`${server.url}/cases?queue=at_risk`);
    const row = page.locator('.ant-table-row').filter({ hasText: '天花板又漏水了' });
    await textOf(row).toContain('潜在投诉');
    await textOf(page.getByTestId('case-queues')).toContain('风险');
    await shoot('zh-CN-cases-at-risk');
  });

  it('lets the site director approve it and records who authorised it', async () => {
    await signIn('director.sh01');
    await page.goto(`${server.url}/cases/${caseId}`);
    await panel().getByTestId('recovery-approve').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('textarea').fill('同意减免，请跟进维修结果');
    await dialog.getByRole('button', { name: label('批准') }).click();
    await textOf(page.getByTestId('recovery-status')).toBe('已授权');
    await textOf(page.getByTestId('recovery-decided-by')).toContain('同意减免');
    await textOf(page.getByTestId('recovery-time')).toMatch(/分钟/);
    await textOf(page.getByTestId('case-timeline')).toContain('批准补偿 · ¥500.00');
    await shoot('zh-CN-case-ladder-recovery-approved');
  });

  it('reads the same in English', async () => {
    await setLocale('en-US');
    await page.goto(`${server.url}/cases/${caseId}`);
    await textOf(page.getByTestId('ladder-panel')).toContain('Potential complaint');
    await textOf(page.getByTestId('recovery-status')).toBe('Authorised');
    await shoot('en-US-case-ladder-recovery-approved');
    await page.goto(`${server.url}/cases?queue=at_risk`);
    await textOf(page.getByTestId('case-queues')).toContain('At risk');
    await shoot('en-US-cases-at-risk');
    await setLocale('zh-CN');
  });

  it('lets the administrator edit the compensation limits', async () => {
    await signIn('demo.admin');
    await page.goto(`${server.url}/admin/organization`);
    const card = page.getByTestId('compensation-limits');
    await visible(card);
    await page.locator('input[data-testid=limit-agent], [data-testid=limit-agent] input').first().fill('300');
    await card.getByRole('button', { name: label('保存') }).click();
    await expect.poll(async () => (await call('GET', '/api/v1/compensation-limits')).json.items.find((l: { role: string }) => l.role === 'agent').limitFen).toBe(30_000);
    await shoot('zh-CN-organization-limits');
  });
});
