import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createTestApp, type TestApp } from './helpers/app.js';
import { DIALECTS } from './helpers/db.js';
import { createOrgFixture, insertUser, type OrgFixture, type TestUser } from './helpers/factories.js';

interface ListedCase {
  id: string;
  number: string;
  priority: string;
  status: string;
  assigneeId: string | null;
  createdAt: string;
  resolutionDueAt: string | null;
  firstResponseDueAt: string | null;
  version: number;
}

const PRIORITY_RANK: Record<string, number> = { urgent: 4, high: 3, normal: 2, low: 1 };

describe.each(DIALECTS)('case list, saved views and bulk assignment on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let agentB: TestUser;
  let supervisorRegion: TestUser;
  const as = (user: string | TestUser) => ({ bearer: typeof user === 'string' ? org.users[user].token : user.token });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    org = await createOrgFixture(t.db, 'ls');
    agentB = await insertUser(t.db, org.orgId, 'ls.agent.b', 'agent', org.siteB);
    supervisorRegion = await insertUser(t.db, org.orgId, 'ls.supervisor.region', 'supervisor', org.regionId);
  });
  afterAll(async () => t?.drop());

  const newCase = async (body: Record<string, unknown> = {}, actor = 'supervisor'): Promise<ListedCase> => {
    const res = await api(t.app, 'POST', '/api/v1/cases', as(actor), { type: 'repair', channel: 'phone', siteId: org.siteA, title: '电梯异响', description: '3号楼电梯运行时有异响', ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const assign = async (c: ListedCase, assigneeId: string) => {
    const res = await api(t.app, 'POST', `/api/v1/cases/${c.id}/transitions`, as('supervisor'), { action: 'assign', assigneeId, version: c.version });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as ListedCase;
  };
  const list = async (query: string, actor: string | TestUser = 'supervisor'): Promise<ListedCase[]> => {
    const res = await api(t.app, 'GET', `/api/v1/cases?pageSize=200&${query}`, as(actor));
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  };
  const get = async (id: string) => (await api(t.app, 'GET', `/api/v1/cases/${id}`, as('supervisor'))).json();

  describe('sorting and filters', () => {
    const tag = '排序测试';
    beforeAll(async () => {
      const kinds: [string, string][] = [
        ['complaint', 'low'],
        ['inquiry', 'urgent'],
        ['repair', 'normal'],
        ['suggestion', 'high'],
        ['complaint', 'urgent'],
        ['message', 'normal'],
        ['praise', 'low'],
        ['repair', 'high'],
      ];
      for (const [type, priority] of kinds) await newCase({ type, priority, title: `${tag} ${type} ${priority}` });
    });
    const sorted = (q: string) => list(`q=${encodeURIComponent(tag)}&${q}`);

    /** Orders by the value (nulls last ascending, first descending), ties by id in the same direction. */
    const expectOrder = (items: ListedCase[], value: (c: ListedCase) => string | number | null, descending: boolean) => {
      expect(items.length).toBe(8);
      const cmp = (a: ListedCase, b: ListedCase) => {
        const [va, vb] = [value(a), value(b)];
        let r = va === vb ? 0 : va === null ? 1 : vb === null ? -1 : va < vb ? -1 : 1;
        if (descending) r = -r;
        return r || (descending ? -1 : 1) * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      };
      expect(items.map((c) => c.id)).toEqual([...items].sort(cmp).map((c) => c.id));
    };

    it('defaults to newest first', async () => {
      const items = await sorted('');
      expectOrder(items, (c) => c.createdAt, true);
      expect(items.map((c) => c.id)).toEqual((await sorted('sort=-createdAt')).map((c) => c.id));
    });

    it('sorts by priority urgent > high > normal > low, ties by id', async () => {
      const desc = await sorted('sort=-priority');
      expect(desc.map((c) => c.priority)).toEqual(['urgent', 'urgent', 'high', 'high', 'normal', 'normal', 'low', 'low']);
      expectOrder(desc, (c) => PRIORITY_RANK[c.priority], true);
      const asc = await sorted('sort=priority');
      expect(asc.map((c) => c.priority)).toEqual(['low', 'low', 'normal', 'normal', 'high', 'high', 'urgent', 'urgent']);
      expectOrder(asc, (c) => PRIORITY_RANK[c.priority], false);
    });

    it('sorts by the resolution and first-response deadlines both ways', async () => {
      const due = await sorted('sort=resolutionDueAt');
      expectOrder(due, (c) => c.resolutionDueAt, false);
      // Urgent inquiries are due first, low-priority suggestions and complaints last: the order is not just creation order.
      expect(due[0].priority).toBe('urgent');
      expectOrder(await sorted('sort=-resolutionDueAt'), (c) => c.resolutionDueAt, true);
      expectOrder(await sorted('sort=firstResponseDueAt'), (c) => c.firstResponseDueAt, false);
      expectOrder(await sorted('sort=createdAt'), (c) => c.createdAt, false);
    });

    it('pages through a sort without repeating or skipping a case', async () => {
      const seen: string[] = [];
      for (let page = 1; page <= 3; page++) {
        const res = await api(t.app, 'GET', `/api/v1/cases?q=${encodeURIComponent(tag)}&sort=-priority&pageSize=3&page=${page}`, as('supervisor'));
        seen.push(...res.json().items.map((c: ListedCase) => c.id));
      }
      expect(seen).toEqual((await sorted('sort=-priority')).map((c) => c.id));
    });

    it('refuses an unknown sort with 400 on sort', async () => {
      for (const sort of ['title', '--priority', 'priority,-createdAt']) {
        const res = await api(t.app, 'GET', `/api/v1/cases?sort=${encodeURIComponent(sort)}`, as('supervisor'));
        expect(res.statusCode).toBe(400);
        expect(res.json().error.details[0].path).toBe('sort');
      }
    });

    it('filters by cause code, and by "none" for cases not coded yet', async () => {
      await api(t.app, 'GET', '/api/v1/cause-codes', as('supervisor'));
      const [first, second] = await sorted('sort=createdAt');
      for (const [c, code] of [[first, 'STAFF_ATTITUDE'], [second, 'SLOW_RESPONSE']] as const) {
        const res = await api(t.app, 'PUT', `/api/v1/cases/${c.id}/cause`, as('supervisor'), { causeCode: code });
        expect(res.statusCode, res.body).toBe(200);
      }
      expect((await sorted('causeCode=STAFF_ATTITUDE')).map((c) => c.id)).toEqual([first.id]);
      expect((await sorted('causeCode=SLOW_RESPONSE')).map((c) => c.id)).toEqual([second.id]);
      const uncoded = (await sorted('causeCode=none')).map((c) => c.id);
      expect(uncoded).toHaveLength(6);
      expect(uncoded).not.toContain(first.id);
      const bad = await api(t.app, 'GET', '/api/v1/cases?causeCode=not%20a%20code', as('supervisor'));
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0].path).toBe('causeCode');
    });
  });

  describe('"my team"', () => {
    let onA: ListedCase;
    let onB: ListedCase;
    let byHq: ListedCase;
    let bySupervisorA: ListedCase;
    const tag = '团队测试';
    beforeAll(async () => {
      onA = await assign(await newCase({ title: `${tag} A` }), org.users['agent@A'].id);
      onB = await assign(await newCase({ title: `${tag} B`, siteId: org.siteB }), agentB.id);
      // Organisation-wide staff work site A too, but they are HQ's team, not the site's.
      byHq = await assign(await newCase({ title: `${tag} HQ` }), org.users.agent.id);
      bySupervisorA = await assign(await newCase({ title: `${tag} 主管` }), org.users['supervisor@A'].id);
      await newCase({ title: `${tag} 未分配` });
    });
    const team = async (actor: string | TestUser) => (await list(`team=true&q=${encodeURIComponent(tag)}`, actor)).map((c) => c.id).sort();
    const ids = (...cases: ListedCase[]) => cases.map((c) => c.id).sort();

    it('is, for a supervisor, site director or specialist on a site, the cases of everyone granted case work on the sites they supervise', async () => {
      for (const who of ['supervisor@A', 'site_director@A', 'specialist@A']) expect(await team(who), who).toEqual(ids(onA, bySupervisorA));
    });

    it('covers every site below a supervisor granted on a region, but not staff granted above it', async () => {
      expect(await team(supervisorRegion)).toEqual(ids(onA, onB, bySupervisorA));
    });

    it('is everyone who works cases for organisation-wide supervisors and specialists', async () => {
      for (const who of ['supervisor', 'specialist', 'site_director']) expect(await team(who), who).toEqual(ids(onA, onB, byHq, bySupervisorA));
    });

    it('is, for an agent, the colleagues on their own sites', async () => {
      expect(await team('agent@A')).toEqual(ids(onA, bySupervisorA));
      expect(await team(agentB)).toEqual(ids(onB));
    });

    it('is empty for people who neither work nor assign cases', async () => {
      expect(await team('general_manager')).toEqual([]);
      expect(await team('admin')).toEqual([]);
    });

    it('combines with the other filters', async () => {
      expect((await list(`team=true&q=${encodeURIComponent(tag)}&siteId=${org.siteB}`)).map((c) => c.id)).toEqual([onB.id]);
      expect(await list(`team=true&q=${encodeURIComponent(tag)}&assigneeId=none`)).toEqual([]);
    });
  });

  describe('saved views', () => {
    it('creates, lists, renames, re-filters and deletes the caller’s own views, audited', async () => {
      const created = await api(t.app, 'POST', '/api/v1/saved-views', as('supervisor@A'), { name: '紧急未分配', query: { assigneeId: 'none', status: 'new,assigned', sort: '-priority' } });
      expect(created.statusCode, created.body).toBe(201);
      const view = created.json();
      expect(view).toMatchObject({ name: '紧急未分配', query: { assigneeId: 'none', status: 'new,assigned', sort: '-priority' }, position: 0 });
      const second = (await api(t.app, 'POST', '/api/v1/saved-views', as('supervisor@A'), { name: '投诉', query: { type: 'complaint', team: 'true' } })).json();
      expect(second.position).toBe(1);

      const listed = (await api(t.app, 'GET', '/api/v1/saved-views', as('supervisor@A'))).json().items;
      expect(listed.map((v: { name: string }) => v.name)).toEqual(['紧急未分配', '投诉']);

      const renamed = await api(t.app, 'PATCH', `/api/v1/saved-views/${view.id}`, as('supervisor@A'), { name: '待分配', query: { assigneeId: 'none', sort: 'resolutionDueAt' } });
      expect(renamed.statusCode, renamed.body).toBe(200);
      expect(renamed.json()).toMatchObject({ name: '待分配', query: { assigneeId: 'none', sort: 'resolutionDueAt' } });

      // A view's query works as the list's query.
      const q = new URLSearchParams(renamed.json().query).toString();
      expect((await api(t.app, 'GET', `/api/v1/cases?${q}`, as('supervisor@A'))).statusCode).toBe(200);

      expect((await api(t.app, 'DELETE', `/api/v1/saved-views/${view.id}`, as('supervisor@A'))).statusCode).toBe(204);
      expect((await api(t.app, 'GET', '/api/v1/saved-views', as('supervisor@A'))).json().items.map((v: { id: string }) => v.id)).toEqual([second.id]);

      const audit = await t.db.kysely.selectFrom('audit_events').select(['action']).where('entity', '=', 'saved_view').where('entity_id', '=', view.id).orderBy('created_at').execute();
      expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
    });

    it('never stores a filter the list would refuse', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ status: 'bogus' }, 'query.status'],
        [{ sort: 'title' }, 'query.sort'],
        [{ page: '2' }, 'query.page'],
        [{ siteId: 'not-an-id' }, 'query.siteId'],
        [{ causeCode: 'lower case' }, 'query.causeCode'],
        [{ overdue: 'maybe' }, 'query.overdue'],
        [{ status: 5 }, 'query.status'],
      ];
      for (const [query, path] of cases) {
        const res = await api(t.app, 'POST', '/api/v1/saved-views', as('agent@A'), { name: '坏视图', query });
        expect(res.statusCode, JSON.stringify(query)).toBe(400);
        expect(res.json().error.details.map((d: { path: string }) => d.path), JSON.stringify(query)).toContain(path);
      }
      const view = (await api(t.app, 'POST', '/api/v1/saved-views', as('agent@A'), { name: '好视图', query: { status: 'new' } })).json();
      const bad = await api(t.app, 'PATCH', `/api/v1/saved-views/${view.id}`, as('agent@A'), { query: { status: 'new', assigneeId: 'someone' } });
      expect(bad.statusCode).toBe(400);
      expect((await api(t.app, 'GET', '/api/v1/saved-views', as('agent@A'))).json().items).toMatchObject([{ name: '好视图', query: { status: 'new' } }]);
      const dup = await api(t.app, 'POST', '/api/v1/saved-views', as('agent@A'), { name: '好视图', query: {} });
      expect(dup.statusCode).toBe(400);
      expect(dup.json().error.details[0]).toMatchObject({ path: 'name', code: 'duplicate' });
    });

    it('keeps views personal: another person’s view is 404 and never listed', async () => {
      const mine = (await api(t.app, 'POST', '/api/v1/saved-views', as('specialist'), { name: '我的视图', query: { overdue: 'true' } })).json();
      for (const other of ['supervisor', 'admin', 'specialist@A']) {
        expect((await api(t.app, 'PATCH', `/api/v1/saved-views/${mine.id}`, as(other), { name: '抢来的' })).statusCode, other).toBe(404);
        expect((await api(t.app, 'DELETE', `/api/v1/saved-views/${mine.id}`, as(other))).statusCode, other).toBe(404);
        const theirs = (await api(t.app, 'GET', '/api/v1/saved-views', as(other))).json().items.map((v: { id: string }) => v.id);
        expect(theirs).not.toContain(mine.id);
      }
      expect((await api(t.app, 'GET', '/api/v1/saved-views', as('specialist'))).json().items).toMatchObject([{ id: mine.id, name: '我的视图' }]);
    });
  });

  describe('bulk assignment', () => {
    const bulk = (body: unknown, actor: string | TestUser = 'supervisor') => api(t.app, 'POST', '/api/v1/cases/bulk-assign', as(actor), body);
    const snapshot = async (cases: ListedCase[]) =>
      Promise.all(cases.map(async (c) => {
        const d = await get(c.id);
        return { status: d.status, assigneeId: d.assigneeId, version: d.version, events: d.events.length };
      }));

    it('assigns every case with its own event, audit row and new version', async () => {
      const cases = [await newCase({ title: '批量一' }), await newCase({ title: '批量二' }), await newCase({ title: '批量三' })];
      const res = await bulk({ cases: cases.map((c) => ({ id: c.id, version: c.version })), assigneeId: org.users['agent@A'].id }, 'supervisor@A');
      expect(res.statusCode, res.body).toBe(200);
      const items = res.json().items as ListedCase[];
      expect(items.map((c) => c.id)).toEqual(cases.map((c) => c.id));
      for (const item of items) expect(item).toMatchObject({ status: 'assigned', assigneeId: org.users['agent@A'].id, version: 2 });
      for (const c of cases) {
        const detail = await get(c.id);
        expect(detail.events.filter((e: { action: string }) => e.action === 'assign')).toMatchObject([{ kind: 'transition', toStatus: 'assigned', actorId: org.users['supervisor@A'].id, data: { assigneeId: org.users['agent@A'].id } }]);
      }
      const audit = await t.db.kysely.selectFrom('audit_events').select(['entity_id']).where('action', '=', 'assign').where('entity', '=', 'case').where('entity_id', 'in', cases.map((c) => c.id)).execute();
      expect(audit.map((a) => a.entity_id).sort()).toEqual(cases.map((c) => c.id).sort());
    });

    it('changes nothing when one version is stale, and names that case in the 409', async () => {
      const cases = [await newCase({ title: '旧版本一' }), await newCase({ title: '旧版本二' }), await newCase({ title: '旧版本三' })];
      // Someone else touches the middle case after the list was read.
      await api(t.app, 'POST', `/api/v1/cases/${cases[1].id}/comments`, as('supervisor'), { body: '已电话联系业主', public: false });
      const before = await snapshot(cases);
      const res = await bulk({ cases: cases.map((c) => ({ id: c.id, version: c.version })), assigneeId: org.users['agent@A'].id });
      expect(res.statusCode).toBe(409);
      const error = res.json().error;
      expect(error.code).toBe('stale_version');
      expect(error.message).toContain(cases[1].number);
      expect(error.details).toEqual([expect.objectContaining({ path: 'cases.1.version', code: 'stale_version', caseId: cases[1].id, number: cases[1].number })]);
      expect(await snapshot(cases)).toEqual(before);
    });

    it('changes nothing when the assignee cannot take one case’s site (400), naming each such case', async () => {
      const cases = [await newCase({ title: '跨站点一' }), await newCase({ title: '跨站点二', siteId: org.siteB }), await newCase({ title: '跨站点三' }), await newCase({ title: '跨站点四', siteId: org.siteB })];
      const before = await snapshot(cases);
      const res = await bulk({ cases: cases.map((c) => ({ id: c.id, version: c.version })), assigneeId: org.users['agent@A'].id });
      expect(res.statusCode).toBe(400);
      const error = res.json().error;
      expect(error.code).toBe('validation_failed');
      expect(error.details).toEqual([
        expect.objectContaining({ path: 'cases.1.id', code: 'not_assignable', number: cases[1].number }),
        expect.objectContaining({ path: 'cases.3.id', code: 'not_assignable', number: cases[3].number }),
      ]);
      expect(await snapshot(cases)).toEqual(before);
      const audit = await t.db.kysely.selectFrom('audit_events').select('id').where('action', '=', 'assign').where('entity_id', 'in', cases.map((c) => c.id)).execute();
      expect(audit).toEqual([]);
    });

    it('answers 409 for a case whose status cannot be assigned, changing nothing', async () => {
      const open = await newCase({ title: '状态一' });
      const cancelled = await newCase({ title: '状态二' });
      const done = (await api(t.app, 'POST', `/api/v1/cases/${cancelled.id}/transitions`, as('supervisor'), { action: 'cancel', version: cancelled.version })).json();
      const res = await bulk({ cases: [{ id: open.id, version: open.version }, { id: done.id, version: done.version }], assigneeId: org.users['agent@A'].id });
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'illegal_transition', details: [{ path: 'cases.1.id', number: cancelled.number }] });
      expect((await get(open.id)).status).toBe('new');
    });

    it('treats a case outside the caller’s sites as not found, without revealing its number', async () => {
      const mine = await newCase({ title: '范围一' });
      const elsewhere = await newCase({ title: '范围二', siteId: org.siteB });
      const res = await bulk({ cases: [{ id: mine.id, version: mine.version }, { id: elsewhere.id, version: elsewhere.version }], assigneeId: org.users['agent@A'].id }, 'supervisor@A');
      expect(res.statusCode).toBe(400);
      const detail = res.json().error.details[0];
      expect(detail).toMatchObject({ path: 'cases.1.id', code: 'not_found', caseId: elsewhere.id });
      expect(detail.number).toBeUndefined();
      expect(res.body).not.toContain(elsewhere.number);
      expect((await get(mine.id)).status).toBe('new');
    });

    it('is for people who assign cases, at most 200 cases, each once', async () => {
      const c = await newCase({ title: '权限' });
      expect((await bulk({ cases: [{ id: c.id, version: c.version }], assigneeId: org.users['agent@A'].id }, 'agent')).statusCode).toBe(403);
      expect((await bulk({ cases: [{ id: c.id, version: c.version }], assigneeId: org.users['agent@A'].id }, 'general_manager')).statusCode).toBe(403);
      const many = Array.from({ length: 201 }, () => ({ id: c.id, version: 1 }));
      expect((await bulk({ cases: many, assigneeId: org.users['agent@A'].id })).statusCode).toBe(400);
      expect((await bulk({ cases: [{ id: c.id, version: 1 }, { id: c.id, version: 1 }], assigneeId: org.users['agent@A'].id })).statusCode).toBe(400);
      expect((await bulk({ cases: [], assigneeId: org.users['agent@A'].id })).statusCode).toBe(400);
      expect((await get(c.id)).status).toBe('new');
    });
  });
});
