import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/server/db/database.js';
import { JOBS } from '../src/server/jobs/index.js';
import { type Job, startJobs } from '../src/server/jobs/runner.js';
import { newId } from '../src/server/lib/ids.js';
import { createTestApp, login, type TestApp } from './helpers/app.js';
import { DIALECTS } from './helpers/db.js';
import { createOrgFixture, type OrgFixture, TEST_PASSWORD } from './helpers/factories.js';

const DAY = 86_400_000;

/** A logger that keeps what it is told, to check what a job round reported. */
function recordingLog() {
  const lines: { level: string; data: Record<string, unknown> }[] = [];
  const log = {
    info: (data: Record<string, unknown>) => lines.push({ level: 'info', data }),
    error: (data: Record<string, unknown>) => lines.push({ level: 'error', data }),
  } as unknown as FastifyBaseLogger;
  return { log, lines };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('job runner', () => {
  it('runs a first round soon after start, then on its interval, never two rounds of one job at once', async () => {
    let running = 0;
    let overlapped = false;
    let rounds = 0;
    const slow: Job = {
      name: 'slow',
      intervalMs: 5,
      run: async () => {
        running += 1;
        if (running > 1) overlapped = true;
        await new Promise((r) => setTimeout(r, 30));
        running -= 1;
        rounds += 1;
        return { done: 1 };
      },
    };
    const { log, lines } = recordingLog();
    const jobs = startJobs({} as Db, log, [slow], 1);
    await until(() => rounds >= 3);
    await jobs.stop();
    const after = rounds;
    expect(running).toBe(0);
    expect(overlapped).toBe(false);
    await new Promise((r) => setTimeout(r, 50));
    expect(rounds).toBe(after);
    expect(lines.some((l) => l.level === 'info' && l.data.job === 'slow' && l.data.done === 1)).toBe(true);
  });

  it('logs a failing round and carries on; rounds with nothing done are not logged', async () => {
    let calls = 0;
    const flaky: Job = {
      name: 'flaky',
      intervalMs: 5,
      run: async () => {
        calls += 1;
        if (calls === 1) throw new Error('database away');
        return { sent: 0 };
      },
    };
    const { log, lines } = recordingLog();
    const jobs = startJobs({} as Db, log, [flaky], 1);
    await until(() => calls >= 3);
    await jobs.stop();
    expect(lines.filter((l) => l.level === 'error').map((l) => l.data.job)).toEqual(['flaky']);
    expect(lines.filter((l) => l.level === 'info')).toEqual([]);
  });

  it('lists each job once', () => {
    const names = JOBS.map((j) => j.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe.each(DIALECTS)('housekeeping jobs on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  const job = (name: string) => JOBS.find((j) => j.name === name)!;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    org = await createOrgFixture(t.db, 'hk');
  });
  afterAll(async () => t?.drop());

  it('deletes expired sessions and keeps live ones', async () => {
    await login(t.app, org.users.agent.username, TEST_PASSWORD);
    const live = await t.db.kysely.selectFrom('sessions').select('id').execute();
    expect(live.length).toBeGreaterThan(0);
    const now = new Date();
    const past = new Date(now.getTime() - DAY).toISOString();
    await t.db.kysely
      .insertInto('sessions')
      .values({ id: newId(), org_id: org.orgId, user_id: org.users.agent.id, csrf_token: 'x', ip: null, user_agent: null, created_at: past, expires_at: past, last_seen_at: past })
      .execute();
    expect(await job('expired-sessions').run(t.db, now)).toEqual({ deleted: 1 });
    expect((await t.db.kysely.selectFrom('sessions').select('id').execute()).map((r) => r.id).sort()).toEqual(live.map((r) => r.id).sort());
  });

  it('deletes read notifications after 90 days and any after a year', async () => {
    const now = new Date();
    const at = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
    const note = (created: number, read: number | null) => ({
      id: newId(),
      org_id: org.orgId,
      user_id: org.users.agent.id,
      kind: 'assigned',
      case_id: null,
      data: '{}',
      created_at: at(created),
      read_at: read === null ? null : at(read),
    });
    const keep = [note(10, 5), note(100, null), note(300, null)];
    const drop = [note(100, 95), note(400, null), note(400, 399)];
    await t.db.kysely.insertInto('notifications').values([...keep, ...drop]).execute();
    expect(await job('old-notifications').run(t.db, now)).toEqual({ deleted: 3 });
    const left = await t.db.kysely.selectFrom('notifications').select('id').where('org_id', '=', org.orgId).execute();
    expect(left.map((r) => r.id).sort()).toEqual(keep.map((r) => r.id).sort());
  });
});
