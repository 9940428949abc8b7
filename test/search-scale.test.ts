import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CaseSort } from '../src/shared/schemas/cases.js';
import type { SiteScope } from '../src/server/modules/access/actor.js';
import { type CaseFilter, findCases, SEARCH_TUNING, type SearchTuning } from '../src/server/modules/cases/cases.repository.js';
import { caseHighlights } from '../src/server/modules/search/search.highlight.js';
import { api, createTestApp, type TestApp } from './helpers/app.js';
import { DIALECTS } from './helpers/db.js';
import { createOrgFixture, type OrgFixture } from './helpers/factories.js';

// A search pages by one of three plans (cases.repository.ts, searchCases): all matches read and
// sorted when there are at most countCap of them, otherwise a walk of the sort order, or, past the
// walk budget or for a sort without an index, every match sorted. Small tunings force each plan on
// the same few dozen cases; all must list exactly the cases the words and conditions select.

const EXACT: SearchTuning = { countCap: 1_000_000, walkBatch: 2, walkBudget: 1_000_000 };
const WALK: SearchTuning = { countCap: 1, walkBatch: 2, walkBudget: 1_000_000 };
const WALK_THEN_SORT: SearchTuning = { countCap: 1, walkBatch: 2, walkBudget: 5 };

describe.each(DIALECTS)('search plans on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;
  const cases: { id: string; number: string; words: string[]; site: 'A' | 'B'; createdAt: string; status: string; priority: string }[] = [];

  // Deterministic, so that a failure can be replayed.
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    org = await createOrgFixture(t.db, 'sp');
    other = await createOrgFixture(t.db, 'sq');
    const priorities = ['low', 'normal', 'high', 'urgent'];
    for (let i = 0; i < 40; i++) {
      const words = [
        ...(i % 5 !== 4 ? ['漏水'] : []), // 32 of 40
        ...(i % 3 === 0 ? ['电梯'] : []), // 14
        ...(i % 10 === 7 ? ['停电'] : []), // 4
        ...(i === 11 || i === 29 ? ['马蜂'] : []),
      ];
      const site = i % 4 === 1 ? 'B' : 'A';
      const text = words.length ? `${words.join('，又')}，请尽快处理` : '小区绿化需要修剪';
      const res = await api(t.app, 'POST', '/api/v1/cases', { bearer: org.users.agent.token }, {
        type: 'complaint',
        channel: 'phone',
        siteId: site === 'A' ? org.siteA : org.siteB,
        priority: priorities[i % 4],
        title: `第${i}号 ${i % 2 ? text.slice(0, 6) : '来电'}`,
        description: text,
      });
      expect(res.statusCode, res.body).toBe(201);
      const { id, number } = res.json() as { id: string; number: string };
      // Creation times out of step with the order the cases were indexed in (SQLite's rowid ranges),
      // with ties (broken by id).
      const createdAt = new Date(Date.UTC(2026, 5, 1) + Math.floor(random() * 12) * 3_600_000).toISOString();
      const status = i % 6 === 5 ? 'closed' : 'new';
      await t.db.kysely.updateTable('cases').set({ created_at: createdAt, status }).where('id', '=', id).execute();
      cases.push({ id, number, words, site, createdAt, status, priority: priorities[i % 4] });
    }
    // A case whose text names another case's number: the number search finds both, once each.
    const named = cases[3];
    const res = await api(t.app, 'POST', '/api/v1/cases', { bearer: org.users.agent.token }, {
      type: 'inquiry',
      channel: 'phone',
      siteId: org.siteA,
      title: '跟进旧工单',
      description: `与 ${named.number} 漏水是同一问题`,
    });
    expect(res.statusCode, res.body).toBe(201);
    const follow = res.json() as { id: string; number: string };
    const createdAt = '2026-06-01T05:00:00.000Z';
    await t.db.kysely.updateTable('cases').set({ created_at: createdAt }).where('id', '=', follow.id).execute();
    cases.push({ id: follow.id, number: follow.number, words: ['漏水', named.number], site: 'A', createdAt, status: 'new', priority: 'normal' });
    // Another organisation's matching cases never count.
    for (let i = 0; i < 3; i++) {
      const r = await api(t.app, 'POST', '/api/v1/cases', { bearer: other.users.agent.token }, { type: 'complaint', channel: 'phone', siteId: other.siteA, title: '漏水 电梯', description: '漏水 电梯' });
      expect(r.statusCode, r.body).toBe(201);
    }
  });
  afterAll(async () => t?.drop());

  const list = (tuning: SearchTuning, filter: CaseFilter, scope: SiteScope, page: number, pageSize = 5) => findCases(t.db, org.orgId, scope, filter, { page, pageSize }, tuning);

  /** Every case of the fixture the words and conditions select, newest first: what any plan must page through. */
  const expected = (q: string, keep: (c: (typeof cases)[number]) => boolean) =>
    cases
      .filter((c) => q.split(' ').every((w) => c.words.includes(w) || c.number === w))
      .filter(keep)
      .sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1))
      .map((c) => c.id);

  const ALL: SiteScope = { all: true };
  const views = () => [
    { name: 'organisation-wide', scope: ALL, filter: {}, keep: () => true },
    { name: 'site A scope', scope: { all: false, siteIds: [org.siteA] } as SiteScope, filter: {}, keep: (c: (typeof cases)[number]) => c.site === 'A' },
    { name: 'site B filter', scope: ALL, filter: { siteId: org.siteB }, keep: (c: (typeof cases)[number]) => c.site === 'B' },
    { name: 'open statuses', scope: ALL, filter: { status: ['new' as const] }, keep: (c: (typeof cases)[number]) => c.status === 'new' },
    { name: 'closed', scope: ALL, filter: { status: ['closed' as const] }, keep: (c: (typeof cases)[number]) => c.status === 'closed' },
  ];
  const queries = () => ['漏水', '电梯', '漏水 电梯', '停电', '马蜂', '报修', cases[3].number];

  it('lists exactly the matching cases, newest first, whichever plan pages them', async () => {
    for (const q of queries()) {
      for (const view of views()) {
        const want = expected(q, view.keep);
        const label = `${q} / ${view.name}`;
        const exact = await list(EXACT, { ...view.filter, q }, view.scope, 1, 100);
        expect(exact.rows.map((r) => r.id), label).toEqual(want);
        expect(exact.total, label).toBe(want.length);
        expect(exact.totalCapped, label).toBe(false);
        for (const tuning of [WALK, WALK_THEN_SORT]) {
          for (let page = 1; page <= Math.ceil(want.length / 5) + 1; page++) {
            const got = await list(tuning, { ...view.filter, q }, view.scope, page);
            expect(got.rows.map((r) => r.id), `${label} page ${page} ${JSON.stringify(tuning)}`).toEqual(want.slice((page - 1) * 5, page * 5));
            expect(got.total, label).toBe(Math.min(want.length, tuning.countCap));
            expect(got.totalCapped, label).toBe(want.length > tuning.countCap);
          }
        }
      }
    }
  });

  it('gives the same pages in every sort, ascending and descending', async () => {
    const sorts: CaseSort[] = ['createdAt', '-createdAt', '-priority', 'priority', 'updatedAt', '-resolutionDueAt'];
    for (const q of ['漏水', '电梯', cases[3].number]) {
      for (const view of views()) {
        for (const sort of sorts) {
          const label = `${q} / ${view.name} / ${sort}`;
          const all = (await list(EXACT, { ...view.filter, q, sort }, view.scope, 1, 100)).rows.map((r) => r.id);
          expect([...all].sort(), label).toEqual([...expected(q, view.keep)].sort());
          for (const tuning of [WALK, WALK_THEN_SORT]) {
            for (let page = 1; page <= Math.ceil(all.length / 4) + 1; page++) {
              const got = await list(tuning, { ...view.filter, q, sort }, view.scope, page, 4);
              expect(got.rows.map((r) => r.id), `${label} page ${page} ${JSON.stringify(tuning)}`).toEqual(all.slice((page - 1) * 4, page * 4));
            }
          }
        }
      }
    }
  });

  it('still highlights the words in what a walked page lists', async () => {
    const { rows } = await list(WALK, { q: '漏水 电梯' }, ALL, 1);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(caseHighlights(row, '漏水 电梯').description.length, row.description).toBe(2);
  });

  describe('over the API', () => {
    const cap = SEARCH_TUNING.countCap;
    afterEach(() => {
      SEARCH_TUNING.countCap = cap;
    });

    it('says when the total of a search is a lower bound, and pages exactly up to it and beyond', async () => {
      const want = expected('漏水', () => true);
      const get = async (query: string) => {
        const res = await api(t.app, 'GET', `/api/v1/cases?q=${encodeURIComponent('漏水')}${query}`, { bearer: org.users.agent.token });
        expect(res.statusCode, res.body).toBe(200);
        return res.json() as { items: { id: string }[]; total: number; totalCapped?: boolean };
      };
      const plain = await get('&pageSize=100');
      expect(plain.total).toBe(want.length);
      expect(plain.totalCapped).toBeUndefined();
      SEARCH_TUNING.countCap = 10;
      const first = await get('&pageSize=5&page=1');
      expect(first).toMatchObject({ total: 10, totalCapped: true });
      expect(first.items.map((i) => i.id)).toEqual(want.slice(0, 5));
      expect((await get('&pageSize=5&page=4')).items.map((i) => i.id)).toEqual(want.slice(15, 20));
      // Fewer matches than the cap: exact, and not marked.
      const rare = await api(t.app, 'GET', `/api/v1/cases?q=${encodeURIComponent('马蜂')}`, { bearer: org.users.agent.token });
      expect(rare.json()).toMatchObject({ total: 2 });
      expect(rare.json().totalCapped).toBeUndefined();
      // A site-scoped agent sees only their site's matches, capped the same way.
      const scoped = await api(t.app, 'GET', `/api/v1/cases?q=${encodeURIComponent('漏水')}&pageSize=100`, { bearer: org.users['agent@A'].token });
      expect(scoped.json().items.map((i: { id: string }) => i.id)).toEqual(expected('漏水', (c) => c.site === 'A'));
      expect(scoped.json()).toMatchObject({ total: 10, totalCapped: true });
    });
  });
});
