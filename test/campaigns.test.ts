import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, nowIso, sha256 } from '../src/server/lib/ids.js';
import { newCustomerRow } from '../src/server/modules/customers/customers.repository.js';
import { surveyTemplate } from '../src/shared/surveys/templates.js';
import { api, createTestApp, type TestApp } from './helpers/app.js';
import { DIALECTS } from './helpers/db.js';
import { createOrgFixture, type OrgFixture } from './helpers/factories.js';

/** Every SERVQUAL item E = 6, P = 5; importance spread; overall 4. */
function servqualAnswers() {
  const answers: Record<string, unknown> = {};
  for (const section of surveyTemplate('servqual').sections) {
    for (const q of section.questions) if (q.type === 'servqual_pair') answers[q.key] = { expectation: 6, perception: 5 };
  }
  answers.importance = { tangibles: 10, reliability: 30, responsiveness: 30, assurance: 20, empathy: 10 };
  answers.overall = 4;
  return answers;
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe.each(DIALECTS)('survey campaigns on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let surveyId: string;
  const as = (key: string) => ({ bearer: org.users[key].token });
  let ip = 0;
  const publicly = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, payload: payload as object, remoteAddress: `10.7.${Math.floor(++ip / 250)}.${ip % 250}` });

  /** n customers on a site; every third without survey consent, VIPs and tags alternating. */
  const customers: { id: string; site: string; consent: boolean; tier: string; tags: string[] }[] = [];
  async function addCustomers(siteId: string, n: number) {
    for (let i = 0; i < n; i++) {
      const c = { id: newId(), site: siteId, consent: i % 3 !== 2, tier: i % 2 === 0 ? 'vip' : 'ordinary', tags: i % 4 === 0 ? ['业委会'] : [] };
      customers.push(c);
      await t.db.kysely
        .insertInto('customers')
        .values({ ...newCustomerRow({ id: c.id, org_id: org.orgId, site_id: siteId, name: `客户${i}`, phone: `1380000${String(1000 + customers.length)}`, created_at: nowIso() }), consent_survey: c.consent ? 1 : 0, tier: c.tier, tags: JSON.stringify(c.tags) })
        .execute();
    }
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, { portalRateLimitPerMinute: 1000, portalCreateRateLimitPerMinute: 1000 });
    org = await createOrgFixture(t.db, 'cp');
    // the fixture's two customers have no survey consent by default; these are the audience
    await addCustomers(org.siteA, 12);
    await addCustomers(org.siteB, 6);
    const draft = (await api(t.app, 'POST', '/api/v1/surveys/from-template', as('specialist'), { template: 'servqual' })).json();
    expect((await api(t.app, 'POST', `/api/v1/surveys/${draft.id}/publish`, as('specialist'), {})).statusCode).toBe(200);
    surveyId = draft.id;
  });
  afterAll(async () => t?.drop());

  const create = async (extra: Record<string, unknown> = {}, who = 'specialist') =>
    api(t.app, 'POST', '/api/v1/campaigns', as(who), { surveyId, name: '2026上半年满意度调查', siteIds: [org.siteA, org.siteB], startsOn: day(-1), endsOn: day(30), ...extra });

  it('creates a campaign and invites every consenting customer of its sites, tokens stored as hashes only', async () => {
    const res = await create({ targetPerSite: 5 });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({ status: 'open', invited: 12, responses: 0, versionNo: 1 });
    expect(c.sites.map((s: { siteCode: string; target: number }) => [s.siteCode, s.target])).toEqual([['A01', 5], ['B01', 5]]);
    expect(c.sites[0].anonymousPath).toBe(`/s/cp/${c.id}/A01`);
    const expected = customers.filter((x) => x.consent).map((x) => x.id).sort();
    expect(c.newInvitations.map((i: { customerId: string }) => i.customerId).sort()).toEqual(expected);
    const stored = await t.db.kysely.selectFrom('survey_invitations').selectAll().where('campaign_id', '=', c.id).execute();
    expect(stored).toHaveLength(12);
    const tokens = new Set(c.newInvitations.map((i: { token: string }) => sha256(i.token)));
    expect(new Set(stored.map((s) => s.token_hash))).toEqual(tokens);
    expect(JSON.stringify(stored)).not.toContain(c.newInvitations[0].token);
    const audit = await t.db.kysely.selectFrom('audit_events').select(['action', 'entity']).where('entity_id', '=', c.id).orderBy('id').execute();
    expect(audit).toEqual([{ action: 'create', entity: 'survey_campaign' }, { action: 'invite', entity: 'survey_campaign' }]);
    // inviting again adds nobody
    const again = await api(t.app, 'POST', `/api/v1/campaigns/${c.id}/invitations`, as('specialist'));
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().created).toBe(0);
  });

  it('filters by tier and tag and draws a reproducible sample per site', async () => {
    const vip = (await create({ audience: { tiers: ['vip'] } })).json();
    expect(vip.newInvitations.map((i: { customerId: string }) => i.customerId).sort()).toEqual(customers.filter((x) => x.consent && x.tier === 'vip').map((x) => x.id).sort());
    const tagged = (await create({ audience: { tags: ['业委会'] } })).json();
    expect(tagged.newInvitations.map((i: { customerId: string }) => i.customerId).sort()).toEqual(customers.filter((x) => x.consent && x.tags.includes('业委会')).map((x) => x.id).sort());

    const sampled = (await create({ audience: { sampleSize: 3 } })).json();
    const bySite = (siteId: string) => sampled.newInvitations.filter((i: { siteId: string }) => i.siteId === siteId).map((i: { customerId: string }) => i.customerId).sort();
    // the first three in SHA-256(campaign id : customer id) order among the consenting customers of each site
    const expectSample = (siteId: string) =>
      customers
        .filter((x) => x.site === siteId && x.consent)
        .map((x) => ({ id: x.id, k: sha256(`${sampled.id}:${x.id}`) }))
        .sort((a, b) => (a.k < b.k ? -1 : 1))
        .slice(0, 3)
        .map((x) => x.id)
        .sort();
    expect(bySite(org.siteA)).toEqual(expectSample(org.siteA));
    expect(bySite(org.siteB)).toEqual(expectSample(org.siteB));
    // a new consenting customer does not grow a full sample
    await addCustomers(org.siteA, 1);
    expect((await api(t.app, 'POST', `/api/v1/campaigns/${sampled.id}/invitations`, as('specialist'))).json().created).toBe(0);
  });

  it('refuses a draft survey, unknown sites, a reversed period, and callers without organisation-wide surveys.manage', async () => {
    const draft = (await api(t.app, 'POST', '/api/v1/surveys/from-template', as('specialist'), { template: 'csat' })).json();
    const notPublished = await create({ surveyId: draft.id });
    expect(notPublished.statusCode).toBe(400);
    expect(notPublished.json().error.details[0]).toMatchObject({ path: 'surveyId', code: 'not_published' });
    const other = await create({ siteIds: [org.siteA, newId()] });
    expect(other.statusCode).toBe(400);
    expect(other.json().error.details[0]).toMatchObject({ path: 'siteIds.1', code: 'not_found' });
    const reversed = await create({ startsOn: day(5), endsOn: day(1) });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.details[0].path).toBe('endsOn');
    expect((await create({}, 'specialist@A')).statusCode).toBe(403);
    expect((await create({}, 'agent')).statusCode).toBe(403);
  });

  it('counts progress per site, answers each invitation once, takes anonymous answers, and names the invalid key', async () => {
    const c = (await create({ targetPerSite: 4 })).json();
    const invA = c.newInvitations.filter((i: { siteId: string }) => i.siteId === org.siteA);
    const shown = await publicly('GET', `/api/v1/answer/invitations/${invA[0].token}`);
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json()).toMatchObject({ state: 'open', site: { name: '阳光花园' } });
    expect(shown.json().definition.sections.length).toBeGreaterThan(0);

    const bad = await publicly('POST', `/api/v1/answer/invitations/${invA[0].token}`, { answers: { ...servqualAnswers(), sq05: { expectation: 9, perception: 5 } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toEqual(['answers.sq05']);

    for (const inv of invA.slice(0, 3)) {
      const ok = await publicly('POST', `/api/v1/answer/invitations/${inv.token}`, { locale: 'zh-TW', answers: servqualAnswers() });
      expect(ok.statusCode, ok.body).toBe(201);
    }
    const twice = await publicly('POST', `/api/v1/answer/invitations/${invA[0].token}`, { answers: servqualAnswers() });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.details[0].code).toBe('already_answered');
    expect((await publicly('GET', `/api/v1/answer/invitations/${invA[0].token}`)).json().state).toBe('answered');

    // two anonymous answers on site B through its link (any letter case of the site code)
    for (const code of ['B01', 'b01']) expect((await publicly('POST', `/api/v1/answer/cp/${c.id}/${code}`, { answers: servqualAnswers() })).statusCode).toBe(201);
    expect((await publicly('GET', `/api/v1/answer/cp/${c.id}/ZZZ`)).statusCode).toBe(404);
    expect((await publicly('GET', `/api/v1/answer/invitations/${'x'.repeat(32)}`)).statusCode).toBe(404);

    const rows = await t.db.kysely.selectFrom('survey_responses').selectAll().where('campaign_id', '=', c.id).orderBy('created_at').execute();
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatchObject({ site_id: org.siteA, customer_id: invA[0].customerId, channel: 'online', locale: 'zh-TW', entered_by: null });
    expect(rows[4]).toMatchObject({ site_id: org.siteB, customer_id: null, channel: 'qr' });

    // site A: its consenting customers invited, 3 answered; site B: 4 invited, none answered, 2 anonymous
    const progress = (await api(t.app, 'GET', `/api/v1/campaigns/${c.id}/progress`, as('agent@A'))).json();
    const invitedA = invA.length;
    expect(progress.sites).toEqual([
      { siteId: org.siteA, siteName: '阳光花园', target: 4, invited: invitedA, invitedResponses: 3, anonymousResponses: 0, responses: 3, responseRate: 3 / invitedA, rateBasis: 'invited' },
    ]);
    const all = (await api(t.app, 'GET', `/api/v1/campaigns/${c.id}/progress`, as('specialist'))).json();
    expect(all.sites[1]).toMatchObject({ siteId: org.siteB, invited: 4, invitedResponses: 0, anonymousResponses: 2, responses: 2, responseRate: 0, rateBasis: 'invited' });
    // (anonymous answers do not count against invitations they did not come from)
    expect(all.total).toMatchObject({ target: 8, invited: invitedA + 4, responses: 5, invitedResponses: 3 });
    expect((await api(t.app, 'GET', `/api/v1/campaigns/${c.id}`, as('agent@A'))).json()).toMatchObject({ invited: invitedA, responses: 3 });
  });

  it('rates an anonymous-only site by its target', async () => {
    const c = (await create({ audience: { tiers: ['key'] }, targetPerSite: 4 })).json();
    expect(c.invited).toBe(0);
    expect((await publicly('POST', `/api/v1/answer/cp/${c.id}/A01`, { answers: servqualAnswers() })).statusCode).toBe(201);
    const progress = (await api(t.app, 'GET', `/api/v1/campaigns/${c.id}/progress`, as('specialist'))).json();
    expect(progress.sites[0]).toMatchObject({ invited: 0, responses: 1, responseRate: 0.25, rateBasis: 'target' });
    expect(progress.sites[1]).toMatchObject({ responses: 0, responseRate: 0, rateBasis: 'target' });
  });

  it('closes the page outside the campaign’s dates', async () => {
    const future = (await create({ startsOn: day(3), endsOn: day(10) })).json();
    expect(future.status).toBe('scheduled');
    const token = future.newInvitations[0].token;
    const page = (await publicly('GET', `/api/v1/answer/invitations/${token}`)).json();
    expect(page).toMatchObject({ state: 'closed' });
    expect(page.definition.sections).toEqual([]);
    const closed = await publicly('POST', `/api/v1/answer/invitations/${token}`, { answers: servqualAnswers() });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.details[0].code).toBe('campaign_closed');
    const past = (await create({ startsOn: day(-20), endsOn: day(-2) })).json();
    expect(past.status).toBe('ended');
    expect((await publicly('POST', `/api/v1/answer/cp/${past.id}/A01`, { answers: servqualAnswers() })).statusCode).toBe(409);
    expect(await t.db.kysely.selectFrom('survey_responses').select('id').where('campaign_id', 'in', [future.id, past.id]).execute()).toEqual([]);
  });

  it('scopes reading to the caller’s sites', async () => {
    const onlyB = (await create({ siteIds: [org.siteB] })).json();
    expect((await api(t.app, 'GET', `/api/v1/campaigns/${onlyB.id}`, as('agent@A'))).statusCode).toBe(404);
    expect((await api(t.app, 'GET', `/api/v1/campaigns/${onlyB.id}/progress`, as('agent@A'))).statusCode).toBe(404);
    const list = (await api(t.app, 'GET', '/api/v1/campaigns?pageSize=200', as('agent@A'))).json();
    expect(list.items.some((c: { id: string }) => c.id === onlyB.id)).toBe(false);
    expect(list.items.every((c: { sites: { siteId: string }[] }) => c.sites.every((s) => s.siteId === org.siteA))).toBe(true);
  });
});

describe.each(DIALECTS)('answer page rate limit on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { portalRateLimitPerMinute: 3 });
  });
  afterAll(async () => t?.drop());

  it('answers 429 per address once the limit is reached', async () => {
    const guess = (remoteAddress: string) => t.app.inject({ method: 'GET', url: `/api/v1/answer/invitations/${'g'.repeat(32)}`, remoteAddress });
    for (let i = 0; i < 3; i++) expect((await guess('10.1.1.1')).statusCode).toBe(404);
    const limited = await guess('10.1.1.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect((await guess('10.1.1.2')).statusCode).toBe(404);
  });
});
