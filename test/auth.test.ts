import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createTestApp, login, type TestApp } from './helpers/app.js';
import { DIALECTS } from './helpers/db.js';
import { createOrgFixture, type OrgFixture, TEST_PASSWORD } from './helpers/factories.js';

describe.each(DIALECTS)('authentication on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  beforeAll(async () => {
    t = await createTestApp(dialect, { loginMaxFailures: 3 });
    org = await createOrgFixture(t.db, 'auth');
  });
  afterAll(async () => t?.drop());

  it('reports health with the dialect', async () => {
    const res = await api(t.app, 'GET', '/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: dialect });
  });

  it('signs in with a session cookie that is HttpOnly and SameSite=Lax', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'auth.agent', password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.username).toBe('auth.agent');
    const session = res.cookies.find((c) => c.name === 'fuwu_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');
    expect(res.cookies.find((c) => c.name === 'fuwu_csrf')!.httpOnly).toBeFalsy();
  });

  it('answers 401 with the error shape for a wrong password or unknown user', async () => {
    for (const username of ['auth.agent', 'nobody']) {
      const res = await api(t.app, 'POST', '/api/v1/auth/login', undefined, { username, password: 'wrong-password' });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('invalid_credentials');
    }
  });

  it('returns me with organisation and roles, and 401 without a session', async () => {
    const auth = await login(t.app, 'auth.supervisor.a', TEST_PASSWORD);
    const res = await api(t.app, 'GET', '/api/v1/me', auth);
    expect(res.statusCode).toBe(200);
    const me = res.json();
    expect(me.organization).toMatchObject({ id: org.orgId, slug: 'auth' });
    expect(me.roles).toEqual([{ role: 'supervisor', siteId: org.siteA, siteName: '阳光花园' }]);
    expect(me.csrfToken).toBeTruthy();
    expect((await api(t.app, 'GET', '/api/v1/me')).statusCode).toBe(401);
  });

  it('refuses a cookie-authenticated write without the CSRF header', async () => {
    const auth = await login(t.app, 'auth.admin', TEST_PASSWORD);
    if (!('cookie' in auth)) throw new Error('expected a cookie session');
    const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: auth.cookie }, payload: { locale: 'en-US' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
    const ok = await api(t.app, 'PATCH', '/api/v1/me', auth, { locale: 'en-US' });
    expect(ok.statusCode).toBe(204);
  });

  it('clears the user’s expired sessions when they sign in', async () => {
    const past = new Date(Date.now() - 86_400_000).toISOString();
    await t.db.kysely
      .insertInto('sessions')
      .values({ id: 'expired-session', org_id: org.orgId, user_id: org.users.general_manager.id, csrf_token: 'x', ip: null, user_agent: null, created_at: past, expires_at: past, last_seen_at: past })
      .execute();
    await login(t.app, 'auth.general_manager', TEST_PASSWORD);
    const left = await t.db.kysely.selectFrom('sessions').select('id').where('user_id', '=', org.users.general_manager.id).execute();
    expect(left.map((s) => s.id)).not.toContain('expired-session');
    expect(left).toHaveLength(1);
  });

  it('logs out: the session no longer works', async () => {
    const auth = await login(t.app, 'auth.inspector', TEST_PASSWORD);
    expect((await api(t.app, 'POST', '/api/v1/auth/logout', auth)).statusCode).toBe(204);
    expect((await api(t.app, 'GET', '/api/v1/me', auth)).statusCode).toBe(401);
  });

  it('locks the account after repeated failures, even for the right password, and an admin can unlock it', async () => {
    for (let i = 0; i < 2; i++) {
      expect((await api(t.app, 'POST', '/api/v1/auth/login', undefined, { username: 'auth.specialist', password: 'bad' })).statusCode).toBe(401);
    }
    const locked = await api(t.app, 'POST', '/api/v1/auth/login', undefined, { username: 'auth.specialist', password: 'bad' });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.details.lockedUntil).toBeTruthy();
    const stillLocked = await api(t.app, 'POST', '/api/v1/auth/login', undefined, { username: 'auth.specialist', password: TEST_PASSWORD });
    expect(stillLocked.statusCode).toBe(423);
    const admin = { bearer: org.users.admin.token };
    const unlock = await api(t.app, 'PATCH', `/api/v1/users/${org.users.specialist.id}`, admin, { unlock: true });
    expect(unlock.statusCode).toBe(200);
    expect((await api(t.app, 'POST', '/api/v1/auth/login', undefined, { username: 'auth.specialist', password: TEST_PASSWORD })).statusCode).toBe(200);
  });

  it('rate-limits login attempts per address', async () => {
    const limited = await createTestApp(dialect, { loginRateLimitPerMinute: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await limited.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'x', password: 'y' }, remoteAddress: '10.9.9.9' });
        statuses.push(res.statusCode);
      }
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      expect(statuses.slice(3)).toEqual([429, 429]);
    } finally {
      await limited.drop();
    }
  });

  it('changes the password: the old one stops working, the new one works', async () => {
    const auth = await login(t.app, 'auth.site_director', TEST_PASSWORD);
    const wrong = await api(t.app, 'POST', '/api/v1/auth/password', auth, { currentPassword: 'nope', newPassword: 'N3w-password!' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].path).toBe('currentPassword');
    const ok = await api(t.app, 'POST', '/api/v1/auth/password', auth, { currentPassword: TEST_PASSWORD, newPassword: 'N3w-password!' });
    expect(ok.statusCode).toBe(204);
    expect((await api(t.app, 'POST', '/api/v1/auth/login', undefined, { username: 'auth.site_director', password: TEST_PASSWORD })).statusCode).toBe(401);
    await login(t.app, 'auth.site_director', 'N3w-password!');
  });

  it('accepts Bearer tokens, refuses revoked ones, and stores only a hash', async () => {
    const admin = { bearer: org.users.admin.token };
    const created = await api(t.app, 'POST', '/api/v1/tokens', admin, { name: '工单系统对接' });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    expect(token).toMatch(/^fuwu_/);
    const stored = await t.db.kysely.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    expect((await api(t.app, 'GET', '/api/v1/me', { bearer: token })).statusCode).toBe(200);
    expect((await api(t.app, 'DELETE', `/api/v1/tokens/${id}`, admin)).statusCode).toBe(204);
    const refused = await api(t.app, 'GET', '/api/v1/me', { bearer: token });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('unauthenticated');
  });

  it('serves the OpenAPI document', async () => {
    const res = await api(t.app, 'GET', '/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/v1/customers');
    expect((await api(t.app, 'GET', '/api/docs/')).statusCode).toBe(200);
  });
});
