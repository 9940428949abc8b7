import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBusinessMinutes, type BusinessCalendar } from '../src/shared/sla/business-calendar.js';
import { defaultSlaTargets } from '../src/shared/cases/sla-targets.js';
import { api, createTestApp, type TestApp } from './helpers/app.js';
import { DIALECTS } from './helpers/db.js';
import { createOrgFixture, type OrgFixture } from './helpers/factories.js';

const ZONE = 'Asia/Shanghai';
const DAY = 86_400_000;
/** The local date in Shanghai `offset` days from `at`. */
const localDate = (at: Date, offset = 0) => new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE }).format(new Date(at.getTime() + offset * DAY));
const everyDay = (hours: { start: string; end: string }[]) => Array.from({ length: 7 }, () => hours);
const OFFICE = [
  { start: '08:30', end: '12:00' },
  { start: '13:30', end: '17:30' },
];

describe.each(DIALECTS)('service levels on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  const as = (key: string) => ({ bearer: org.users[key].token });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    org = await createOrgFixture(t.db, 'sl');
  });
  afterAll(async () => t?.drop());

  const newCase = async (body: Record<string, unknown> = {}) => {
    const res = await api(t.app, 'POST', '/api/v1/cases', as('agent'), { type: 'complaint', channel: 'phone', siteId: org.siteA, title: '电梯困人', description: '三号楼电梯停在两层之间', ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const putPolicies = (body: Record<string, unknown>, actor = 'specialist') => api(t.app, 'PUT', '/api/v1/sla-policies', as(actor), body);
  const calendar = async () => (await api(t.app, 'GET', '/api/v1/business-calendar', as('agent'))).json();
  const putCalendar = (body: Record<string, unknown>, actor = 'admin') => api(t.app, 'PUT', '/api/v1/business-calendar', as(actor), body);
  const minutesBetween = (a: string, b: string) => (new Date(b).getTime() - new Date(a).getTime()) / 60_000;

  it('shows the defaults until the organisation sets its own', async () => {
    const res = await api(t.app, 'GET', '/api/v1/sla-policies', as('agent'));
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([]);
    expect(res.json().defaults).toContainEqual({ caseType: 'complaint', priority: 'normal', firstResponseMinutes: 120, resolutionMinutes: 900 });
    const cal = await calendar();
    expect(cal).toMatchObject({ timezone: ZONE, version: 0, holidays: [], makeUpDays: [] });
    expect(cal.weeklyHours[1]).toEqual([{ start: '09:00', end: '12:00' }, { start: '13:30', end: '18:00' }]);
  });

  it('uses the most specific policy: the site, then the site above it, then the organisation, then the default', async () => {
    // Around-the-clock hours make business minutes wall minutes, so the targets read off directly.
    expect((await putCalendar({ version: 0, weeklyHours: everyDay([{ start: '00:00', end: '24:00' }]), holidays: [], makeUpDays: [] })).statusCode).toBe(200);
    const policy = (firstResponseMinutes: number) => [{ caseType: 'complaint', priority: 'high', firstResponseMinutes, resolutionMinutes: 600 }];
    expect((await putPolicies({ siteId: null, policies: policy(90) })).statusCode).toBe(200);
    expect((await putPolicies({ siteId: org.regionId, policies: policy(45) })).statusCode).toBe(200);
    const res = await putPolicies({ siteId: org.siteA, policies: policy(30) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.filter((p: { caseType: string }) => p.caseType === 'complaint').map((p: { siteName: string | null; firstResponseMinutes: number }) => [p.siteName, p.firstResponseMinutes]).sort()).toEqual(
      [['华东区域', 45], ['阳光花园', 30], [null, 90]].sort(),
    );

    const onA = await newCase({ priority: 'high' });
    const onB = await newCase({ priority: 'high', siteId: org.siteB });
    expect(minutesBetween(onA.createdAt, onA.firstResponseDueAt)).toBe(30);
    expect(minutesBetween(onB.createdAt, onB.firstResponseDueAt)).toBe(45);
    expect(minutesBetween(onA.createdAt, onA.resolutionDueAt)).toBe(600);

    const region = res.json().items.find((p: { siteId: string | null }) => p.siteId === org.regionId);
    expect((await api(t.app, 'DELETE', `/api/v1/sla-policies/${region.id}`, as('specialist'))).statusCode).toBe(204);
    const onBAgain = await newCase({ priority: 'high', siteId: org.siteB });
    expect(minutesBetween(onBAgain.createdAt, onBAgain.firstResponseDueAt)).toBe(90);
    const other = await newCase({ priority: 'low', type: 'inquiry' });
    expect(minutesBetween(other.createdAt, other.firstResponseDueAt)).toBe(defaultSlaTargets('inquiry', 'low').firstResponse);

    // A policy changed later applies to new cases only.
    const before = (await api(t.app, 'GET', `/api/v1/cases/${onA.id}`, as('agent'))).json();
    const siteA = (await api(t.app, 'GET', '/api/v1/sla-policies', as('specialist'))).json().items.find((p: { siteId: string | null; caseType: string }) => p.siteId === org.siteA && p.caseType === 'complaint');
    expect((await putPolicies({ siteId: org.siteA, policies: [{ ...policy(20)[0], version: siteA.version }] })).statusCode).toBe(200);
    expect((await api(t.app, 'GET', `/api/v1/cases/${onA.id}`, as('agent'))).json().firstResponseDueAt).toBe(before.firstResponseDueAt);
    const after = await newCase({ priority: 'high' });
    expect(minutesBetween(after.createdAt, after.firstResponseDueAt)).toBe(20);
  });

  it('counts a new case’s deadlines across holidays and a make-up working day (调休)', async () => {
    const now = new Date();
    const makeUp = localDate(now, 3);
    // A week off around today, broken by one make-up morning; every other day is a working day.
    const holidays = [-1, 0, 1, 2, 4, 5, 6].map((d) => ({ date: localDate(now, d), name: '国庆节' }));
    const current = await calendar();
    const res = await putCalendar({ version: current.version, weeklyHours: everyDay(OFFICE), holidays, makeUpDays: [{ date: makeUp, name: '国庆调休', hours: [{ start: '09:00', end: '12:00' }] }] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ version: current.version + 1, makeUpDays: [{ date: makeUp, name: '国庆调休' }] });
    expect((await putPolicies({ siteId: null, policies: [{ caseType: 'repair', priority: 'normal', firstResponseMinutes: 60, resolutionMinutes: 240 }] })).statusCode).toBe(200);

    const c = await newCase({ type: 'repair' });
    // 60 minutes into the make-up morning; the other 60 of 240 on the first day after the holiday.
    expect(c.firstResponseDueAt).toBe(new Date(`${makeUp}T10:00:00+08:00`).toISOString());
    expect(c.resolutionDueAt).toBe(new Date(`${localDate(now, 7)}T09:30:00+08:00`).toISOString());
    // The shared library, as the browser runs it, agrees.
    const cal: BusinessCalendar = { timezone: ZONE, weeklyHours: everyDay(OFFICE), holidays: holidays.map((h) => h.date), makeUpDays: [{ date: makeUp, hours: [{ start: '09:00', end: '12:00' }] }] };
    expect(addBusinessMinutes(new Date(c.createdAt), 240, cal).toISOString()).toBe(c.resolutionDueAt);
  });

  it('refuses invalid calendars with field paths and writes nothing', async () => {
    const current = await calendar();
    const base = { version: current.version, weeklyHours: everyDay(OFFICE), holidays: [], makeUpDays: [] };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ weeklyHours: [[], [{ start: '08:30', end: '12:00' }, { start: '11:00', end: '14:00' }], [], [], [], [], []] }, 'weeklyHours.1', 'overlap'],
      [{ weeklyHours: [[], [{ start: '17:30', end: '08:30' }], [], [], [], [], []] }, 'weeklyHours.1.0', 'end_before_start'],
      [{ holidays: [{ date: '2027-02-06', name: '春节' }], makeUpDays: [{ date: '2027-02-06', name: '春节调休' }] }, 'makeUpDays.0.date', 'holiday_and_make_up'],
      [{ holidays: [{ date: '2027-02-30', name: '不存在' }] }, 'holidays.0.date', 'invalid_date'],
      [{ holidays: [{ date: '2027-01-01', name: '元旦' }, { date: '2027-01-01', name: '元旦' }] }, 'holidays.1.date', 'duplicate'],
      [{ weeklyHours: everyDay([]) }, 'weeklyHours', 'no_working_hours'],
      [{ weeklyHours: [[], [{ start: '25:00', end: '26:00' }], [], [], [], [], []] }, 'weeklyHours.1.0.start', 'invalid_time'],
    ];
    for (const [change, path, code] of cases) {
      const res = await putCalendar({ ...base, ...change });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.details, JSON.stringify(change)).toContainEqual(expect.objectContaining({ path, ...(code === 'invalid_time' ? {} : { code }) }));
    }
    expect(await calendar()).toEqual(current);
  });

  it('versions the calendar: a stale save is refused with 409 and a fresh one bumps the version', async () => {
    const current = await calendar();
    const body = { weeklyHours: current.weeklyHours, holidays: [...current.holidays, { date: '2027-10-01', name: '国庆节' }], makeUpDays: current.makeUpDays.map((m: { date: string; name: string }) => ({ date: m.date, name: m.name })) };
    expect((await putCalendar({ ...body, version: current.version - 1 })).statusCode).toBe(409);
    const ok = await putCalendar({ ...body, version: current.version });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().version).toBe(current.version + 1);
    // Without hours of its own a make-up day is worked like a Monday.
    expect(ok.json().makeUpDays[0].hours).toEqual(current.weeklyHours[1]);
    expect((await putCalendar({ ...body, version: current.version })).json().error.code).toBe('stale_version');
    const audit = (await api(t.app, 'GET', '/api/v1/audit-events?entity=business_calendar', as('admin'))).json();
    expect(audit.items.length).toBeGreaterThanOrEqual(3);
  });

  it('versions policies and checks their targets', async () => {
    const list = (await api(t.app, 'GET', '/api/v1/sla-policies', as('specialist'))).json().items;
    const p = list.find((x: { siteId: string | null; caseType: string }) => x.siteId === null && x.caseType === 'repair');
    const body = (version: number, firstResponseMinutes = 50) => ({ siteId: null, policies: [{ caseType: 'repair', priority: 'normal', firstResponseMinutes, resolutionMinutes: 240, version }] });
    expect((await putPolicies(body(p.version + 1))).statusCode).toBe(409);
    const ok = await putPolicies(body(p.version));
    expect(ok.json().items.find((x: { id: string }) => x.id === p.id)).toMatchObject({ firstResponseMinutes: 50, version: p.version + 1 });
    expect((await putPolicies(body(p.version))).json().error.code).toBe('stale_version');

    const bad = await putPolicies({ siteId: null, policies: [{ caseType: 'repair', priority: 'low', firstResponseMinutes: 300, resolutionMinutes: 100 }, { caseType: 'repair', priority: 'low', firstResponseMinutes: 10, resolutionMinutes: 100 }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string; message: string }) => `${d.path}:${d.message}`).sort()).toEqual([
      'policies.0.resolutionMinutes:resolution_before_first_response',
      'policies.1.priority:duplicate',
    ]);
    expect((await putPolicies({ siteId: null, policies: [{ caseType: 'repair', priority: 'low', firstResponseMinutes: 0, resolutionMinutes: 100 }] })).statusCode).toBe(400);
  });

  it('lets site-scoped managers override their own site only, and nobody else edit service levels', async () => {
    const policy = [{ caseType: 'praise', priority: 'normal', firstResponseMinutes: 100, resolutionMinutes: 200 }];
    expect((await putPolicies({ siteId: org.siteA, policies: policy }, 'specialist@A')).statusCode).toBe(200);
    expect((await putPolicies({ siteId: org.siteB, policies: policy }, 'specialist@A')).statusCode).toBe(400);
    expect((await putPolicies({ siteId: null, policies: policy }, 'specialist@A')).statusCode).toBe(403);
    expect((await putPolicies({ siteId: null, policies: policy }, 'supervisor')).statusCode).toBe(403);
    const orgWide = (await putPolicies({ siteId: null, policies: policy })).json().items.find((x: { siteId: string | null; caseType: string }) => x.siteId === null && x.caseType === 'praise');
    expect((await api(t.app, 'DELETE', `/api/v1/sla-policies/${orgWide.id}`, as('specialist@A'))).statusCode).toBe(403);
    const current = await calendar();
    expect((await putCalendar({ version: current.version, weeklyHours: current.weeklyHours, holidays: [], makeUpDays: [] }, 'specialist@A')).statusCode).toBe(403);
    expect((await putCalendar({ version: current.version, weeklyHours: current.weeklyHours, holidays: [], makeUpDays: [] }, 'general_manager')).statusCode).toBe(403);
  });

  it('keeps the targets a case was recorded with when the policy changes before it resumes from waiting', async () => {
    // Around-the-clock hours make business minutes wall minutes.
    const { version } = await calendar();
    expect((await putCalendar({ version, weeklyHours: everyDay([{ start: '00:00', end: '24:00' }]), holidays: [], makeUpDays: [] })).statusCode).toBe(200);
    const created = await newCase({ type: 'inquiry', priority: 'low', title: '咨询月卡', description: '请问停车月卡怎么办理' });
    const original = minutesBetween(created.createdAt, created.resolutionDueAt);
    expect((await putPolicies({ siteId: null, policies: [{ caseType: 'inquiry', priority: 'low', firstResponseMinutes: 20, resolutionMinutes: 100 }] })).statusCode).toBe(200);
    let c = created;
    for (const action of ['assign', 'start', 'wait', 'start']) {
      const res = await api(t.app, 'POST', `/api/v1/cases/${c.id}/transitions`, as('agent'), { action, version: c.version });
      expect(res.statusCode, res.body).toBe(200);
      c = res.json();
    }
    // The deadline moved by the (short) pause only, on the recorded target, not the new 100 minutes.
    const resumed = minutesBetween(c.createdAt, c.resolutionDueAt);
    expect(resumed).toBeGreaterThanOrEqual(original);
    expect(resumed).toBeLessThan(original + 2);
    expect(Math.round(original)).not.toBe(100);
    // A case recorded now gets the new target.
    const later = await newCase({ type: 'inquiry', priority: 'low', title: '咨询装修', description: '装修申请流程' });
    expect(Math.round(minutesBetween(later.createdAt, later.resolutionDueAt))).toBe(100);
  });
});
