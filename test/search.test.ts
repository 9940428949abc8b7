import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as caseSearchMigration from '../src/server/db/migrations/0004_case_search.js';
import { caseHighlights } from '../src/server/modules/search/search.highlight.js';
import { api, createTestApp, type TestApp } from './helpers/app.js';
import { DIALECTS } from './helpers/db.js';
import { createOrgFixture, type OrgFixture } from './helpers/factories.js';

describe.each(DIALECTS)('case search on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;
  const as = (key: string, fixture = () => org) => ({ bearer: fixture().users[key].token });
  const c: Record<string, { id: string; number: string }> = {};

  const newCase = async (title: string, description: string, siteId = org.siteA, fixture = org) => {
    const res = await api(t.app, 'POST', '/api/v1/cases', { bearer: fixture.users.agent.token }, { type: 'complaint', channel: 'phone', siteId, title, description });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; number: string };
  };
  const search = async (q: string, user = 'agent', extra = '') => {
    const res = await api(t.app, 'GET', `/api/v1/cases?pageSize=200&q=${encodeURIComponent(q)}${extra}`, as(user));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: { id: string }[]; total: number };
    return { ids: body.items.map((i) => i.id).sort(), total: body.total };
  };
  const ids = (...keys: string[]) => keys.map((k) => c[k].id).sort();

  beforeAll(async () => {
    t = await createTestApp(dialect);
    org = await createOrgFixture(t.db, 'se');
    other = await createOrgFixture(t.db, 'sx');
    c.bathroom = await newCase('卫生间漏水', '3栋1502业主反映卫生间漏水，地面全是水，请尽快派人维修。');
    c.upstairs = await newCase('楼上漏水到我家', '客厅天花板发霉了，楼上漏水已经三天，物业一直没人来。');
    c.traditional = await newCase('電梯又壞了', '衛生間也在滲水，物業費照收，實在太過分。');
    c.power = await newCase('小区停电', '今天下午停电三次，冰箱里的东西都坏了。');
    c.guard = await newCase('保安态度恶劣', '门岗保安态度恶劣，还骂人。');
    c.basement = await newCase('地下车库漏水', 'B区地下车库漏水严重，车顶全是泥水。', org.siteB);
    c.otherOrg = await newCase('卫生间漏水', '另一家公司的卫生间漏水', other.siteA, other);
  });
  afterAll(async () => t?.drop());

  it('finds a 2-character word wherever it occurs, and counts exactly what it lists', async () => {
    expect(await search('漏水')).toEqual({ ids: ids('bathroom', 'upstairs', 'basement'), total: 3 });
    expect(await search('停电')).toEqual({ ids: ids('power'), total: 1 });
    // 滲水 (seeping) is not 漏水 (leaking); words glued by jieba in the document are still found.
    expect((await search('漏水')).ids).not.toContain(c.traditional.id);
    expect(await search('态度')).toEqual({ ids: ids('guard'), total: 1 });
    expect(await search('冰箱坏了')).toEqual({ ids: ids('power'), total: 1 });
  });

  it('ANDs the words of a query', async () => {
    expect(await search('卫生间 漏水')).toEqual({ ids: ids('bathroom'), total: 1 });
    expect(await search('卫生间漏水')).toEqual({ ids: ids('bathroom'), total: 1 });
    expect(await search('楼上漏水到我家')).toEqual({ ids: ids('upstairs'), total: 1 });
    expect(await search('漏水 停电')).toEqual({ ids: [], total: 0 });
    expect(await search('1502 漏水')).toEqual({ ids: ids('bathroom'), total: 1 });
  });

  it('meets Traditional and Simplified spellings in both directions', async () => {
    expect(await search('衛生間')).toEqual({ ids: ids('bathroom', 'traditional'), total: 2 });
    expect(await search('卫生间')).toEqual({ ids: ids('bathroom', 'traditional'), total: 2 });
    expect(await search('电梯坏了')).toEqual({ ids: ids('traditional'), total: 1 });
    expect(await search('物业费')).toEqual({ ids: ids('traditional'), total: 1 });
    expect(await search('樓上漏水')).toEqual({ ids: ids('upstairs'), total: 1 });
  });

  it('finds words of public replies and of internal notes once they are added', async () => {
    expect(await search('供电局')).toEqual({ ids: [], total: 0 });
    expect(await search('停岗')).toEqual({ ids: [], total: 0 });
    const reply = await api(t.app, 'POST', `/api/v1/cases/${c.power.id}/comments`, as('agent'), { body: '已联系供电局，预计傍晚恢复供电。', public: true });
    expect(reply.statusCode, reply.body).toBe(201);
    const note = await api(t.app, 'POST', `/api/v1/cases/${c.guard.id}/comments`, as('agent'), { body: '当事保安已停岗培训', public: false });
    expect(note.statusCode, note.body).toBe(201);
    expect(await search('供电局')).toEqual({ ids: ids('power'), total: 1 });
    expect(await search('停岗')).toEqual({ ids: ids('guard'), total: 1 });
    // The title and description are still indexed after the reply rebuilt the row.
    expect(await search('冰箱')).toEqual({ ids: ids('power'), total: 1 });
    expect(await search('停电 供电局')).toEqual({ ids: ids('power'), total: 1 });
  });

  it('keeps site scope, other filters and paging on a search', async () => {
    expect(await search('漏水', 'agent@A')).toEqual({ ids: ids('bathroom', 'upstairs'), total: 2 });
    expect(await search('地下车库', 'agent@A')).toEqual({ ids: [], total: 0 });
    expect(await search('漏水', 'agent', `&siteId=${org.siteB}`)).toEqual({ ids: ids('basement'), total: 1 });
    expect(await search('漏水', 'agent', '&status=resolved')).toEqual({ ids: [], total: 0 });
    const paged = (await api(t.app, 'GET', `/api/v1/cases?pageSize=2&page=2&q=${encodeURIComponent('漏水')}`, as('agent'))).json();
    expect(paged.total).toBe(3);
    expect(paged.items).toHaveLength(1);
    // Another organisation's case with the same words never appears.
    expect((await search('卫生间 漏水')).ids).not.toContain(c.otherOrg.id);
  });

  it('finds a case by its exact number, in any letter case', async () => {
    expect(await search(c.bathroom.number)).toEqual({ ids: ids('bathroom'), total: 1 });
    expect(await search(c.bathroom.number.toLowerCase())).toEqual({ ids: ids('bathroom'), total: 1 });
    expect((await search(c.bathroom.number, 'agent', `&siteId=${org.siteB}`)).total).toBe(0);
  });

  it('treats hostile query text as text: 200 or 400, never 500', async () => {
    const hostile = [
      '"', "'", '\\', '*', '&', ':', '|', '!', '(', ')', '^', '-', '%', '_', '<->', ':*', '{}', '[]',
      '漏水"', "漏水'", '漏水\\', '漏水*', '(漏水', '漏水:*', "漏水' & '停电", '漏水 | 停电', '!漏水', '-漏水', '^漏水',
      'NEAR(漏水 停电)', '漏水 OR 停电', 'NOT 漏水', 'tokens:漏水', 'case_id:x', "'; drop table cases; --", "x'::tsquery",
      '\u0000', '😀', 'a'.repeat(100), '漏'.repeat(100),
    ];
    for (const q of hostile) {
      const res = await api(t.app, 'GET', `/api/v1/cases?q=${encodeURIComponent(q)}`, as('agent'));
      expect([200, 400], `${JSON.stringify(q)}: ${res.body}`).toContain(res.statusCode);
    }
    // Syntax characters around a word are dropped, the word is still searched.
    for (const q of ['漏水"', '"漏水"', "'漏水'", '(漏水)', '漏水*', '漏水:*', '漏水\\']) expect((await search(q)).total, q).toBe(3);
    expect((await api(t.app, 'GET', `/api/v1/cases?q=${'漏'.repeat(101)}`, as('agent'))).statusCode).toBe(400);
  });

  it('indexes a case with a very long unbroken word and finds it again', async () => {
    const long = await newCase('Wi-Fi 故障', `${'x'.repeat(3000)} 路由器`);
    expect(await search('路由器')).toEqual({ ids: [long.id], total: 1 });
    expect(await search('x'.repeat(100))).toEqual({ ids: [long.id], total: 1 });
  });

  it('indexes the cases that existed before the search index (migration backfill)', async () => {
    await caseSearchMigration.down(t.db.kysely);
    await caseSearchMigration.up(t.db.kysely);
    expect(await search('漏水')).toEqual({ ids: ids('bathroom', 'upstairs', 'basement'), total: 3 });
    expect(await search('供电局')).toEqual({ ids: ids('power'), total: 1 });
    expect(await search('停岗')).toEqual({ ids: ids('guard'), total: 1 });
    expect(await search('衛生間', 'agent', `&siteId=${org.siteA}`)).toEqual({ ids: ids('bathroom', 'traditional'), total: 2 });
  });
});

describe('caseHighlights', () => {
  it('marks the searched words in the original title and description, either script', () => {
    const h = caseHighlights({ title: '衛生間漏水', description: '楼上卫生间漏水，又漏水了' }, '卫生间 漏水');
    expect(h.title).toEqual([[0, 5]]);
    expect(h.description).toEqual([
      [2, 7],
      [9, 11],
    ]);
    expect(caseHighlights({ title: '停电', description: '' }, '漏水')).toEqual({ title: [], description: [] });
  });
});
