import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, authHeaders, createTestApp, type Auth, type TestApp } from './helpers/app.js';
import { DIALECTS } from './helpers/db.js';
import { createOrgFixture, type OrgFixture } from './helpers/factories.js';
import { multipart, SAMPLES, type FilePart } from './helpers/multipart.js';

describe.each(DIALECTS)('attachments on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;
  const as = (key: string, fixture = org): Auth => ({ bearer: fixture.users[key].token });

  beforeAll(async () => {
    t = await createTestApp(dialect, { attachmentMaxBytes: 4096 });
    org = await createOrgFixture(t.db, 'at');
    other = await createOrgFixture(t.db, 'ao');
  });
  afterAll(async () => t?.drop());

  const newCase = async (siteId = org.siteA, actor = 'supervisor', fixture = org) => {
    const res = await api(t.app, 'POST', '/api/v1/cases', as(actor, fixture), { type: 'repair', channel: 'phone', siteId, title: '电梯异响', description: '3 号楼电梯运行时有异响' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; version: number };
  };
  const upload = (caseId: string, files: FilePart[], fields: Record<string, string> = {}, auth: Auth = as('agent@A')) => {
    const form = multipart(fields, files);
    return t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/attachments`, headers: { ...authHeaders(auth), ...form.headers }, payload: form.payload });
  };
  const orgDir = (orgId: string) => path.join(t.config.dataDir, 'attachments', orgId);
  const filesOnDisk = (orgId: string) => (fs.existsSync(orgDir(orgId)) ? fs.readdirSync(orgDir(orgId)) : []);
  const rowsOf = (caseId: string) => t.db.kysely.selectFrom('case_attachments').selectAll().where('case_id', '=', caseId).execute();

  it('stores images and PDF by their content, lists them on the case and records the upload', async () => {
    const c = await newCase();
    const res = await upload(
      c.id,
      [
        // Claimed names and types are lies on purpose: the bytes decide.
        { name: '报修照片.pdf', type: 'application/pdf', bytes: SAMPLES.png },
        { name: 'scan.png', type: 'image/png', bytes: SAMPLES.pdf },
        { name: 'a.gif', bytes: SAMPLES.gif },
        { name: 'b.webp', bytes: SAMPLES.webp },
        { name: 'c.jpg', bytes: SAMPLES.jpeg },
      ],
      { public: 'true' },
    );
    expect(res.statusCode, res.body).toBe(201);
    const items = res.json().items as { id: string; fileName: string; contentType: string; size: number; sha256: string; public: boolean; uploadedById: string }[];
    expect(items.map((i) => [i.fileName, i.contentType])).toEqual([
      ['报修照片.pdf', 'image/png'],
      ['scan.png', 'application/pdf'],
      ['a.gif', 'image/gif'],
      ['b.webp', 'image/webp'],
      ['c.jpg', 'image/jpeg'],
    ]);
    expect(items.every((i) => i.public && i.uploadedById === org.users['agent@A'].id)).toBe(true);
    expect(items[0].sha256).toBe(createHash('sha256').update(SAMPLES.png).digest('hex'));
    expect(fs.readFileSync(path.join(orgDir(org.orgId), items[0].id))).toEqual(SAMPLES.png);

    const detail = (await api(t.app, 'GET', `/api/v1/cases/${c.id}`, as('agent@A'))).json();
    expect(detail.attachments.map((a: { id: string }) => a.id)).toEqual(items.map((i) => i.id));
    expect(detail.version).toBe(c.version + 1);
    const event = detail.events.find((e: { kind: string }) => e.kind === 'attachment');
    expect(event).toMatchObject({ public: true, actorId: org.users['agent@A'].id });
    expect(detail.attachments.every((a: { eventId: string }) => a.eventId === event.id)).toBe(true);
    const audit = await t.db.kysely.selectFrom('audit_events').select(['action', 'actor_id']).where('entity_id', '=', c.id).where('action', '=', 'attach').execute();
    expect(audit).toEqual([{ action: 'attach', actor_id: org.users['agent@A'].id }]);
  });

  it('serves files with the original UTF-8 name: images inline, PDF as a download, never sniffed', async () => {
    const c = await newCase();
    const items = (await upload(c.id, [{ name: '卫生间 漏水.png', bytes: SAMPLES.png }, { name: '维修单.pdf', bytes: SAMPLES.pdf }])).json().items;
    const image = await api(t.app, 'GET', `/api/v1/cases/${c.id}/attachments/${items[0].id}`, as('agent@A'));
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['x-content-type-options']).toBe('nosniff');
    expect(image.headers['content-disposition']).toBe(`inline; filename="___ __.png"; filename*=UTF-8''${encodeURIComponent('卫生间 漏水.png')}`);
    expect(image.rawPayload).toEqual(SAMPLES.png);
    const pdf = await api(t.app, 'GET', `/api/v1/cases/${c.id}/attachments/${items[1].id}`, as('agent@A'));
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(/^attachment; /);
    expect(pdf.rawPayload).toEqual(SAMPLES.pdf);
  });

  it('refuses a text file named .jpg, writing nothing', async () => {
    const c = await newCase();
    const before = filesOnDisk(org.orgId).length;
    const res = await upload(c.id, [{ name: 'photo.jpg', type: 'image/jpeg', bytes: SAMPLES.text }]);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'unsupported_file_type', details: [{ path: 'files.0', code: 'unsupported_file_type' }] });
    // One bad file among good ones refuses the whole upload.
    const mixed = await upload(c.id, [{ name: 'ok.png', bytes: SAMPLES.png }, { name: 'x.pdf', bytes: Buffer.from('<html>not a pdf</html>') }]);
    expect(mixed.json().error).toMatchObject({ code: 'unsupported_file_type', details: [{ path: 'files.1' }] });
    expect(await rowsOf(c.id)).toEqual([]);
    expect(filesOnDisk(org.orgId).length).toBe(before);
  });

  it('refuses a file over the size limit with 413, writing nothing', async () => {
    const c = await newCase();
    const big = Buffer.concat([SAMPLES.png, Buffer.alloc(t.config.attachmentMaxBytes)]);
    const res = await upload(c.id, [{ name: 'big.png', bytes: big }]);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('file_too_large');
    expect(await rowsOf(c.id)).toEqual([]);
    const exact = await upload(c.id, [{ name: 'fits.png', bytes: Buffer.concat([SAMPLES.png, Buffer.alloc(t.config.attachmentMaxBytes - SAMPLES.png.length)]) }]);
    expect(exact.statusCode, exact.body).toBe(201);
  });

  it('takes at most five files at a time and at least one', async () => {
    const c = await newCase();
    const six = await upload(c.id, Array.from({ length: 6 }, (_, i) => ({ name: `${i}.png`, bytes: SAMPLES.png })));
    expect(six.statusCode).toBe(400);
    expect(six.json().error.details).toEqual([expect.objectContaining({ path: 'files', code: 'too_many_files' })]);
    const none = await upload(c.id, [], { public: 'true' });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.details[0].path).toBe('files');
    const json = await api(t.app, 'POST', `/api/v1/cases/${c.id}/attachments`, as('agent@A'), { files: [] });
    expect(json.statusCode).toBe(415);
    expect(await rowsOf(c.id)).toEqual([]);
  });

  it('keeps files within the case, the site scope and the organisation', async () => {
    const onA = await newCase(org.siteA);
    const onB = await newCase(org.siteB);
    const elsewhere = await newCase(other.siteA, 'supervisor', other);
    const [a] = (await upload(onA.id, [{ name: 'a.png', bytes: SAMPLES.png }])).json().items;
    const [b] = (await upload(onB.id, [{ name: 'b.png', bytes: SAMPLES.png }], {}, as('supervisor'))).json().items;
    const [x] = (await upload(elsewhere.id, [{ name: 'x.png', bytes: SAMPLES.png }], {}, as('supervisor', other))).json().items;
    const get = (caseId: string, id: string, auth: Auth) => api(t.app, 'GET', `/api/v1/cases/${caseId}/attachments/${id}`, auth);
    expect((await get(onA.id, a.id, as('agent@A'))).statusCode).toBe(200);
    // Another site of the organisation, for someone granted on site A only.
    expect((await get(onB.id, b.id, as('agent@A'))).statusCode).toBe(404);
    expect((await get(onB.id, b.id, as('agent'))).statusCode).toBe(200);
    // Another organisation's case and file, and a file asked for through the wrong case.
    expect((await get(elsewhere.id, x.id, as('agent'))).statusCode).toBe(404);
    expect((await get(onA.id, x.id, as('agent'))).statusCode).toBe(404);
    expect((await get(onA.id, b.id, as('agent'))).statusCode).toBe(404);
    // Uploading to an out-of-scope case is refused before anything is stored.
    const refused = await upload(onB.id, [{ name: 'c.png', bytes: SAMPLES.png }]);
    expect(refused.statusCode).toBe(404);
    expect((await rowsOf(onB.id)).length).toBe(1);
    expect((await upload(onA.id, [{ name: 'd.png', bytes: SAMPLES.png }], {}, as('general_manager@A'))).statusCode).toBe(403);
  });

  it('leaves no record when the file cannot be written', async () => {
    const fresh = await createOrgFixture(t.db, 'af');
    const c = await newCase(fresh.siteA, 'supervisor', fresh);
    // A plain file where the organisation's directory should be: the write fails for real.
    fs.mkdirSync(path.join(t.config.dataDir, 'attachments'), { recursive: true });
    fs.writeFileSync(orgDir(fresh.orgId), 'in the way');
    const res = await upload(c.id, [{ name: 'a.png', bytes: SAMPLES.png }], {}, as('supervisor', fresh));
    expect(res.statusCode).toBe(500);
    expect(await rowsOf(c.id)).toEqual([]);
    const events = await t.db.kysely.selectFrom('case_events').select('kind').where('case_id', '=', c.id).execute();
    expect(events.map((e) => e.kind)).toEqual(['created']);
    fs.rmSync(orgDir(fresh.orgId));
  });

  it('leaves no file when the database write fails after the files were written', async () => {
    const c = await newCase();
    if (dialect === 'sqlite') {
      await sql`create trigger fail_attach before insert on audit_events when new.action = 'attach' and new.entity_id = ${sql.lit(c.id)} begin select raise(abort, 'simulated failure'); end`.execute(t.db.kysely);
    } else {
      await sql.raw(`create function fail_attach() returns trigger as $$ begin if new.action = 'attach' and new.entity_id = '${c.id}' then raise exception 'simulated failure'; end if; return new; end $$ language plpgsql`).execute(t.db.kysely);
      await sql`create trigger fail_attach before insert on audit_events for each row execute function fail_attach()`.execute(t.db.kysely);
    }
    try {
      const before = filesOnDisk(org.orgId).sort();
      const res = await upload(c.id, [{ name: 'a.png', bytes: SAMPLES.png }, { name: 'b.pdf', bytes: SAMPLES.pdf }]);
      expect(res.statusCode).toBe(500);
      expect(await rowsOf(c.id)).toEqual([]);
      expect(filesOnDisk(org.orgId).sort()).toEqual(before);
    } finally {
      await sql`drop trigger fail_attach ${sql.raw(dialect === 'postgres' ? 'on audit_events' : '')}`.execute(t.db.kysely);
      if (dialect === 'postgres') await sql`drop function fail_attach()`.execute(t.db.kysely);
    }
  });

  it('takes no files on a cancelled case', async () => {
    const c = await newCase();
    const cancelled = await api(t.app, 'POST', `/api/v1/cases/${c.id}/transitions`, as('supervisor'), { action: 'cancel', note: '重复登记', version: c.version });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const res = await upload(c.id, [{ name: 'a.png', bytes: SAMPLES.png }]);
    expect(res.statusCode).toBe(409);
    expect(await rowsOf(c.id)).toEqual([]);
  });
});
