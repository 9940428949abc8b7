import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createTestApp, type TestApp } from './helpers/app.js';
import { DIALECTS } from './helpers/db.js';
import { createOrgFixture, type OrgFixture } from './helpers/factories.js';

describe.each(DIALECTS)('organisation model on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;
  const as = (key: string) => ({ bearer: org.users[key].token });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    org = await createOrgFixture(t.db, 'org');
    other = await createOrgFixture(t.db, 'oth');
  });
  afterAll(async () => t?.drop());

  describe('organisation', () => {
    it('renames the organisation and changes its slug and time zone, audited', async () => {
      const res = await api(t.app, 'PATCH', '/api/v1/organization', as('admin'), { name: '测试物业集团', slug: 'test-group', timezone: 'Asia/Hong_Kong' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ name: '测试物业集团', slug: 'test-group', timezone: 'Asia/Hong_Kong' });
      expect((await api(t.app, 'GET', '/api/v1/me', as('agent'))).json().organization.slug).toBe('test-group');
      const audit = (await api(t.app, 'GET', '/api/v1/audit-events?entity=organization', as('admin'))).json();
      expect(audit.items[0]).toMatchObject({ action: 'update', before: { slug: 'org' }, after: { slug: 'test-group' } });
    });

    it('refuses a slug in use, a bad slug and an unknown time zone', async () => {
      const taken = await api(t.app, 'PATCH', '/api/v1/organization', as('admin'), { slug: 'oth' });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().error.details[0].path).toBe('slug');
      const bad = await api(t.app, 'PATCH', '/api/v1/organization', as('admin'), { slug: 'Not OK', timezone: 'Mars/Base' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details.map((d: { path: string }) => d.path).sort()).toEqual(['slug', 'timezone']);
      // /p/track/<number> is the portal's tracking page: no organisation may be called "track".
      const reserved = await api(t.app, 'PATCH', '/api/v1/organization', as('admin'), { slug: 'track' });
      expect(reserved.statusCode).toBe(400);
      expect(reserved.json().error.details[0]).toMatchObject({ path: 'slug', message: 'slug_reserved' });
    });
  });

  describe('sites', () => {
    it('creates a site under a parent, lists and searches it, and audits the creation', async () => {
      const res = await api(t.app, 'POST', '/api/v1/sites', as('admin'), { name: '滨江一号', code: 'BJ-01', parentId: org.regionId, kind: 'site', address: '杭州市滨江区江南大道88号' });
      expect(res.statusCode).toBe(201);
      const site = res.json();
      expect(site).toMatchObject({ name: '滨江一号', code: 'BJ-01', parentId: org.regionId, active: true, version: 1 });
      const list = (await api(t.app, 'GET', '/api/v1/sites?q=滨江', as('admin'))).json();
      expect(list.items.map((s: { id: string }) => s.id)).toEqual([site.id]);
      expect(list).toMatchObject({ total: 1, page: 1, pageSize: 20 });
      const audit = (await api(t.app, 'GET', `/api/v1/audit-events?entity=site&entityId=${site.id}`, as('admin'))).json();
      expect(audit.items[0]).toMatchObject({ action: 'create', entity: 'site', actorName: '用户org.admin' });
      expect(audit.items[0].after.code).toBe('BJ-01');
    });

    it('refuses a duplicate code with 409 and a field path', async () => {
      const res = await api(t.app, 'POST', '/api/v1/sites', as('admin'), { name: '重复', code: 'A01', parentId: org.regionId });
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'duplicate', details: [{ path: 'code' }] });
    });

    it('refuses to move a site below itself', async () => {
      const res = await api(t.app, 'PATCH', `/api/v1/sites/${org.regionId}`, as('admin'), { parentId: org.siteA });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0]).toMatchObject({ path: 'parentId', code: 'cycle' });
    });

    it('detects a stale version with 409 and keeps the newer data', async () => {
      const current = (await api(t.app, 'GET', `/api/v1/sites/${org.siteB}`, as('admin'))).json();
      const first = await api(t.app, 'PATCH', `/api/v1/sites/${org.siteB}`, as('admin'), { name: '世纪大厦（东塔）', version: current.version });
      expect(first.statusCode).toBe(200);
      expect(first.json().version).toBe(current.version + 1);
      const stale = await api(t.app, 'PATCH', `/api/v1/sites/${org.siteB}`, as('admin'), { name: '旧名字', version: current.version });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe('stale_version');
      expect((await api(t.app, 'GET', `/api/v1/sites/${org.siteB}`, as('admin'))).json().name).toBe('世纪大厦（东塔）');
    });

    it('shows a site-scoped user only the sites below their grant', async () => {
      const tree = (await api(t.app, 'GET', '/api/v1/sites/tree', as('agent@A'))).json();
      expect(tree.items.map((s: { id: string }) => s.id)).toEqual([org.siteA]);
      expect((await api(t.app, 'GET', `/api/v1/sites/${org.siteB}`, as('agent@A'))).statusCode).toBe(404);
    });
  });

  describe('users', () => {
    it('creates a user with grants; the new user must change the password and can sign in', async () => {
      const res = await api(t.app, 'POST', '/api/v1/users', as('admin'), {
        username: 'Chen.Jing',
        name: '陈静',
        password: 'Welcome-2026',
        roles: [{ role: 'agent', siteId: org.siteA }, { role: 'inspector' }],
      });
      expect(res.statusCode).toBe(201);
      const user = res.json();
      expect(user.username).toBe('chen.jing');
      expect(user.roles).toEqual([
        { role: 'agent', siteId: org.siteA, siteName: '阳光花园' },
        { role: 'inspector', siteId: null, siteName: null },
      ]);
      const signIn = await api(t.app, 'POST', '/api/v1/auth/login', undefined, { username: 'chen.jing', password: 'Welcome-2026' });
      expect(signIn.json().user.mustChangePassword).toBe(true);
      const stored = await t.db.kysely.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
      expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    });

    it('refuses a taken username with 409', async () => {
      const res = await api(t.app, 'POST', '/api/v1/users', as('admin'), { username: 'org.agent', name: '重名', password: 'Welcome-2026', roles: [] });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.details[0].path).toBe('username');
    });

    it('refuses grants on another organisation’s site without writing the user', async () => {
      const res = await api(t.app, 'POST', '/api/v1/users', as('admin'), { username: 'sneaky', name: '越权', password: 'Welcome-2026', roles: [{ role: 'agent', siteId: other.siteA }] });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0]).toMatchObject({ path: 'roles.0.siteId', code: 'not_found' });
      expect(await t.db.kysely.selectFrom('users').select('id').where('username', '=', 'sneaky').executeTakeFirst()).toBeUndefined();
    });

    it('filters users by role and site, and pages', async () => {
      const res = (await api(t.app, 'GET', `/api/v1/users?role=agent&siteId=${org.siteA}`, as('admin'))).json();
      expect(res.items.map((u: { username: string }) => u.username).sort()).toEqual(['chen.jing', 'org.agent.a']);
      const paged = (await api(t.app, 'GET', '/api/v1/users?page=2&pageSize=5', as('admin'))).json();
      expect(paged.items).toHaveLength(5);
      expect(paged.total).toBeGreaterThan(10);
    });

    it('keeps at least one organisation-wide administrator', async () => {
      const res = await api(t.app, 'PATCH', `/api/v1/users/${org.users.admin.id}`, as('admin'), { roles: [{ role: 'agent' }] });
      expect(res.statusCode).toBe(409);
      const me = (await api(t.app, 'GET', '/api/v1/me', as('admin'))).json();
      expect(me.roles[0].role).toBe('admin');
    });

    it('disabling a user revokes their access', async () => {
      const res = await api(t.app, 'PATCH', `/api/v1/users/${org.users['agent@A'].id}`, as('admin'), { active: false });
      expect(res.statusCode).toBe(200);
      expect((await api(t.app, 'GET', '/api/v1/me', as('agent@A'))).statusCode).toBe(401);
      await api(t.app, 'PATCH', `/api/v1/users/${org.users['agent@A'].id}`, as('admin'), { active: true });
      expect((await api(t.app, 'GET', '/api/v1/me', as('agent@A'))).statusCode).toBe(200);
    });
  });

  describe('customers', () => {
    it('creates a customer with a normalised phone and finds them by phone and unit', async () => {
      const res = await api(t.app, 'POST', '/api/v1/customers', as('agent'), {
        name: '赵丽华',
        phone: '+86 138-1234-5678',
        siteId: org.siteA,
        tier: 'vip',
        unit: '3栋2单元1502',
        tags: ['业主', '业主', '老人独居'],
        consent: { sms: true, email: false, survey: true },
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ phone: '13812345678', tier: 'vip', tags: ['业主', '老人独居'], siteName: '阳光花园', masked: false });
      for (const q of ['1381234', '1502', '丽华']) {
        const list = (await api(t.app, 'GET', `/api/v1/customers?q=${encodeURIComponent(q)}`, as('agent'))).json();
        expect(list.items.map((c: { name: string }) => c.name)).toContain('赵丽华');
      }
      const byTag = (await api(t.app, 'GET', `/api/v1/customers?tag=${encodeURIComponent('老人独居')}`, as('agent'))).json();
      expect(byTag.items.map((c: { name: string }) => c.name)).toEqual(['赵丽华']);
    });

    it('accepts Hong Kong and Taiwan numbers and rejects nonsense with a field error', async () => {
      const hk = await api(t.app, 'POST', '/api/v1/customers', as('agent'), { name: '陳大文', phone: '+852 9123 4567', siteId: org.siteA });
      expect(hk.json().phone).toBe('+85291234567');
      const tw = await api(t.app, 'POST', '/api/v1/customers', as('agent'), { name: '林志明', phone: '0912-345-678', siteId: org.siteA });
      expect(tw.json().phone).toBe('+886912345678');
      const bad = await api(t.app, 'POST', '/api/v1/customers', as('agent'), { name: '错号', phone: '12345', siteId: org.siteA });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0]).toMatchObject({ path: 'phone', message: 'invalid_phone' });
    });

    it('does not let masked roles confirm a phone number by searching for it', async () => {
      const byAgent = (await api(t.app, 'GET', '/api/v1/customers?q=13800000001', as('agent'))).json();
      expect(byAgent.items.map((c: { id: string }) => c.id)).toContain(org.customerA);
      const byInspector = (await api(t.app, 'GET', '/api/v1/customers?q=13800000001', as('inspector'))).json();
      expect(byInspector.total).toBe(0);
      const byName = (await api(t.app, 'GET', `/api/v1/customers?q=${encodeURIComponent('建国')}`, as('inspector'))).json();
      expect(byName.items.map((c: { id: string }) => c.id)).toContain(org.customerA);
    });

    it('masks names and phones for inspectors', async () => {
      const res = (await api(t.app, 'GET', `/api/v1/customers/${org.customerA}`, as('inspector'))).json();
      expect(res).toMatchObject({ name: '王*国', phone: '138****0001', masked: true });
      const list = (await api(t.app, 'GET', '/api/v1/customers', as('general_manager'))).json();
      expect(list.items.every((c: { masked: boolean }) => c.masked)).toBe(true);
    });

    it('updates with version checks and audits before and after', async () => {
      const before = (await api(t.app, 'GET', `/api/v1/customers/${org.customerB}`, as('agent'))).json();
      const res = await api(t.app, 'PATCH', `/api/v1/customers/${org.customerB}`, as('agent'), { tier: 'key', version: before.version });
      expect(res.statusCode).toBe(200);
      const stale = await api(t.app, 'PATCH', `/api/v1/customers/${org.customerB}`, as('agent'), { tier: 'vip', version: before.version });
      expect(stale.statusCode).toBe(409);
      const audit = (await api(t.app, 'GET', `/api/v1/audit-events?entity=customer&entityId=${org.customerB}&action=update`, as('admin'))).json();
      expect(audit.items).toHaveLength(1);
      expect(audit.items[0]).toMatchObject({ before: { tier: 'ordinary' }, after: { tier: 'key' } });
    });

    it('deletes softly: gone from lists and reads, kept in the audit trail', async () => {
      const created = (await api(t.app, 'POST', '/api/v1/customers', as('agent'), { name: '临时客户', phone: '13700000000', siteId: org.siteB })).json();
      expect((await api(t.app, 'DELETE', `/api/v1/customers/${created.id}`, as('agent'))).statusCode).toBe(204);
      expect((await api(t.app, 'GET', `/api/v1/customers/${created.id}`, as('agent'))).statusCode).toBe(404);
      const audit = (await api(t.app, 'GET', `/api/v1/audit-events?entityId=${created.id}&action=delete`, as('admin'))).json();
      expect(audit.items[0].before.name).toBe('临时客户');
    });

    it('exports the filtered customers to Excel with Chinese headers', async () => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/customers/export.xlsx?siteId=${org.siteA}`, headers: { authorization: `Bearer ${org.users.specialist.token}` } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      expect(sheet.getRow(1).getCell(1).value).toBe('姓名');
      const names = sheet.getColumn(1).values.slice(2);
      expect(names).toContain('赵丽华');
      expect(names).not.toContain('李秀英');
    });

    it('filters the audit trail by actor and time window', async () => {
      const from = new Date(Date.now() - 60_000).toISOString();
      const res = (await api(t.app, 'GET', `/api/v1/audit-events?actor=${encodeURIComponent('用户org.agent')}&from=${from}`, as('admin'))).json();
      expect(res.total).toBeGreaterThan(0);
      expect(res.items.every((e: { actorName: string }) => e.actorName.startsWith('用户org.agent'))).toBe(true);
      const future = (await api(t.app, 'GET', `/api/v1/audit-events?from=${new Date(Date.now() + 3_600_000).toISOString()}`, as('admin'))).json();
      expect(future.total).toBe(0);
    });
  });
});
