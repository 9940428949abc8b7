import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../src/server/modules/surveys/csv.js';
import { parseSubmittedAt } from '../src/server/modules/surveys/responses-import.js';
import { api, authHeaders, createTestApp, type TestApp } from './helpers/app.js';
import { DIALECTS } from './helpers/db.js';
import { createOrgFixture, type OrgFixture } from './helpers/factories.js';
import { multipart } from './helpers/multipart.js';

const text = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, 'en-US': `${s} (en)` });
const PAIRS = Array.from({ length: 22 }, (_, i) => `sq${String(i + 1).padStart(2, '0')}`);
const PAIR_COLUMNS = PAIRS.flatMap((k) => [`${k}.e`, `${k}.p`]);
const ALLOC = ['importance.tangibles', 'importance.reliability', 'importance.responsiveness', 'importance.assurance', 'importance.empathy'];
const SQ_HEADER = ['siteCode', 'submittedAt', ...PAIR_COLUMNS, ...ALLOC, 'overall', 'comments'];

/** One SERVQUAL row: E = 6, P = p for every item, allocation 10/30/30/20/10. */
const sqRow = (site: string, at: string | number, p = 5, extra: Partial<Record<string, string | number>> = {}) => {
  const cells: Record<string, string | number> = { siteCode: site, submittedAt: at, overall: 4, comments: '', 'importance.tangibles': 10, 'importance.reliability': 30, 'importance.responsiveness': 30, 'importance.assurance': 20, 'importance.empathy': 10 };
  for (const k of PAIRS) Object.assign(cells, { [`${k}.e`]: 6, [`${k}.p`]: p });
  Object.assign(cells, extra);
  return SQ_HEADER.map((h) => cells[h] ?? '');
};
const csvOf = (rows: (string | number)[][], eol = '\n') => rows.map((r) => r.map((c) => (/[",\n\r]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',')).join(eol) + eol;

async function xlsxOf(rows: (string | number | Date)[][], dateColumn?: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('data');
  for (const r of rows) sheet.addRow(r);
  if (dateColumn !== undefined) sheet.getColumn(dateColumn).numFmt = 'yyyy-mm-dd hh:mm';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('CSV reader', () => {
  it('reads quotes, doubled quotes, line breaks in quotes, BOM, CRLF, CR and a missing final line break', () => {
    expect(parseCsv('\uFEFFa,b,c\r\n1,"x, y","say ""hi"""\r\n2,"line1\r\nline2",\r3,,z')).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'say "hi"'],
      ['2', 'line1\r\nline2', ''],
      ['3', '', 'z'],
    ]);
    expect(parseCsv('"",""\n')).toEqual([['', '']]);
  });
  it('reads submittedAt as Excel serials, local date-times and ISO instants', () => {
    // 2026-05-01 08:00 Shanghai = 00:00 UTC
    expect(parseSubmittedAt(46143 + 8 / 24, 'Asia/Shanghai')?.toISOString()).toBe('2026-05-01T00:00:00.000Z');
    expect(parseSubmittedAt('46143.5', 'Asia/Shanghai')?.toISOString()).toBe('2026-05-01T04:00:00.000Z');
    expect(parseSubmittedAt(new Date(Date.UTC(2026, 4, 1, 8, 0)), 'Asia/Shanghai')?.toISOString()).toBe('2026-05-01T00:00:00.000Z');
    expect(parseSubmittedAt('2026-05-01 08:00', 'Asia/Shanghai')?.toISOString()).toBe('2026-05-01T00:00:00.000Z');
    expect(parseSubmittedAt('2026/5/1', 'Asia/Shanghai')?.toISOString()).toBe('2026-04-30T16:00:00.000Z');
    expect(parseSubmittedAt('2026-05-01T08:00:00+08:00', 'UTC')?.toISOString()).toBe('2026-05-01T00:00:00.000Z');
    expect(parseSubmittedAt('2026-05-01T00:00:00Z', 'Asia/Shanghai')?.toISOString()).toBe('2026-05-01T00:00:00.000Z');
    expect(parseSubmittedAt('2026-02-30', 'Asia/Shanghai')).toBeNull();
    expect(parseSubmittedAt('yesterday', 'Asia/Shanghai')).toBeNull();
  });
});

describe.each(DIALECTS)('survey response import and export on %s', (dialect) => {
  let t: TestApp;
  let org: OrgFixture;
  let servqual: string;
  let mixed: string;
  const as = (key: string) => ({ bearer: org.users[key].token });

  const upload = (surveyId: string, bytes: Buffer, opts: { dryRun?: boolean; who?: string; name?: string } = {}) => {
    const form = multipart({}, [{ field: 'file', name: opts.name ?? 'responses.csv', bytes }]);
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/responses/import${opts.dryRun ? '?dryRun=1' : ''}`,
      headers: { ...authHeaders(as(opts.who ?? 'specialist')), ...form.headers },
      payload: form.payload,
    });
  };
  const count = async (surveyId: string) =>
    Number((await t.db.kysely.selectFrom('survey_responses').select((eb) => eb.fn.countAll<number>().as('n')).where('survey_id', '=', surveyId).executeTakeFirstOrThrow()).n);
  const publishedFromTemplate = async (template: string) => {
    const s = (await api(t.app, 'POST', '/api/v1/surveys/from-template', as('specialist'), { template })).json();
    expect((await api(t.app, 'POST', `/api/v1/surveys/${s.id}/publish`, as('specialist'), {})).statusCode).toBe(200);
    return s.id as string;
  };
  const publishedMixed = async () => {
    const res = await api(t.app, 'POST', '/api/v1/surveys', as('specialist'), {
      definition: {
        title: text('混合问卷'),
        sections: [
          {
            key: 'main',
            title: text('主要'),
            questions: [
              { key: 'sat', type: 'csat', required: true, title: text('满意吗') },
              { key: 'topics', type: 'multiple_choice', title: text('关注'), options: ['a', 'b', 'c'].map((k) => ({ key: k, label: text(k) })), maxSelected: 2 },
              { key: 'contact', type: 'customer_details', title: text('联系方式'), fields: ['name', 'phone'] },
              { key: 'note', type: 'text', title: text('意见') },
            ],
          },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((await api(t.app, 'POST', `/api/v1/surveys/${res.json().id}/publish`, as('specialist'), {})).statusCode).toBe(200);
    return res.json().id as string;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    org = await createOrgFixture(t.db, 'si');
    servqual = await publishedFromTemplate('servqual');
    mixed = await publishedMixed();
  });
  afterAll(async () => t?.drop());

  it('dry run reports row errors: bad value, unknown site, wrong allocation sum, bad date; nothing written', async () => {
    const rows = [
      SQ_HEADER,
      sqRow('A01', '2026-05-01 09:00'),
      sqRow('A01', '2026-05-01 09:00', 5, { 'sq03.p': 9 }),
      sqRow('ZZ9', 46143.4),
      sqRow('B01', '2026-05-02', 5, { 'importance.empathy': 20 }),
      sqRow('A01', 'not a date', 5, { overall: 'good' }),
      sqRow('a01', 46143.4),
    ];
    const res = await upload(servqual, Buffer.from(csvOf(rows)), { dryRun: true });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ accepted: 2, rejected: 4 });
    expect(report.errors.map((e: { row: number; key: string; code: string }) => [e.row, e.key, e.code])).toEqual([
      [3, 'sq03', 'out_of_range'],
      [4, 'siteCode', 'unknown_site'],
      [5, 'importance', 'allocation_sum'],
      [6, 'submittedAt', 'invalid_date'],
      [6, 'overall', 'invalid_value'],
    ]);
    expect(await count(servqual)).toBe(0);
  });

  it('treats a site outside the caller’s scope as unknown, and a survey not yet published as a conflict', async () => {
    const rows = [SQ_HEADER, sqRow('A01', '2026-05-01'), sqRow('B01', '2026-05-01')];
    const res = await upload(servqual, Buffer.from(csvOf(rows)), { dryRun: true, who: 'agent@A' });
    expect(res.json()).toMatchObject({ accepted: 1, rejected: 1, errors: [{ row: 3, key: 'siteCode', code: 'unknown_site' }] });
    const draft = (await api(t.app, 'POST', '/api/v1/surveys/from-template', as('specialist'), { template: 'servqual' })).json();
    expect((await upload(draft.id, Buffer.from(csvOf(rows)), { dryRun: true })).statusCode).toBe(409);
  });

  it('is all or nothing: one bad row → 400 with the row errors and nothing written', async () => {
    const rows = [SQ_HEADER, sqRow('A01', '2026-05-01'), sqRow('B01', '2026-05-01'), sqRow('A01', '2026-05-01', 5, { 'sq10.e': '' })];
    const res = await upload(servqual, Buffer.from(csvOf(rows)));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'validation_failed', details: { accepted: 0, rejected: 1, errors: [{ row: 4, key: 'sq10', code: 'invalid_value' }] } });
    expect(await count(servqual)).toBe(0);
  });

  it('refuses a file with an unknown column, a non-UTF-8 text, or no file', async () => {
    const res = await upload(servqual, Buffer.from(csvOf([[...SQ_HEADER, 'sq99'], sqRow('A01', '2026-05-01')])), { dryRun: true });
    expect(res.json()).toMatchObject({ accepted: 0, errors: [{ row: 1, key: 'sq99', code: 'unknown_column' }] });
    const gbk = await upload(servqual, Buffer.from([0x73, 0x69, 0x74, 0x65, 0x43, 0x6f, 0x64, 0x65, 0x0a, 0xd5, 0xc5, 0xc8, 0xfd, 0x0a]), { dryRun: true });
    expect(gbk.statusCode).toBe(400);
    expect(gbk.json().error.details[0].code).toBe('not_utf8');
    const none = await api(t.app, 'POST', `/api/v1/surveys/${servqual}/responses/import`, as('specialist'), {});
    expect(none.statusCode).toBe(415);
  });

  it('imports XLSX with Excel dates (date cells and serial numbers) and the responses are listed', async () => {
    const rows = [SQ_HEADER, sqRow('A01', new Date(Date.UTC(2026, 4, 1, 8, 30)) as unknown as string, 4), sqRow('B01', 46143.75, 6)];
    const bytes = await xlsxOf(rows, 2);
    const dry = await upload(servqual, bytes, { dryRun: true, name: 'paper.xlsx' });
    expect(dry.json(), dry.body).toEqual({ accepted: 2, rejected: 0, errors: [] });
    const res = await upload(servqual, bytes, { name: 'paper.xlsx' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ accepted: 2, rejected: 0, errors: [] });
    const list = (await api(t.app, 'GET', `/api/v1/surveys/${servqual}/responses?pageSize=50`, as('specialist'))).json();
    expect(list.total).toBe(2);
    const bySite = Object.fromEntries(list.items.map((r: { siteId: string }) => [r.siteId, r]));
    expect(bySite[org.siteA]).toMatchObject({ channel: 'import', submittedAt: '2026-05-01T00:30:00.000Z' });
    expect(bySite[org.siteA].answers.sq01).toEqual({ expectation: 6, perception: 4 });
    expect(bySite[org.siteA].answers.importance).toEqual({ tangibles: 10, reliability: 30, responsiveness: 30, assurance: 20, empathy: 10 });
    expect(bySite[org.siteB]).toMatchObject({ submittedAt: '2026-05-01T10:00:00.000Z' });
    const audit = await t.db.kysely.selectFrom('audit_events').select(['action', 'entity']).where('entity_id', '=', servqual).where('entity', '=', 'survey_response').execute();
    expect(audit).toEqual([{ action: 'create', entity: 'survey_response' }]);
  });

  it('reads CSV quirks (BOM, CRLF, quotes, line breaks in text, ; lists) and round-trips through export in both formats', async () => {
    const header = ['siteCode', 'submittedAt', 'sat', 'topics', 'contact.name', 'contact.phone', 'note'];
    const body = [
      header,
      ['A01', '2026-05-03 10:00', '5', 'a;c', '王建国', '13800000001', '电梯"很好", 服务\n也好'],
      ['B01', '2026-05-03 11:00', '3', '', '', '', ''],
    ];
    const bytes = Buffer.from(`\uFEFF${csvOf(body, '\r\n')}`);
    const res = await upload(mixed, bytes);
    expect(res.json(), res.body).toEqual({ accepted: 2, rejected: 0, errors: [] });
    const list = (await api(t.app, 'GET', `/api/v1/surveys/${mixed}/responses`, as('specialist'))).json();
    const a = list.items.find((r: { siteId: string }) => r.siteId === org.siteA);
    expect(a.answers).toEqual({ sat: 5, topics: ['a', 'c'], contact: { name: '王建国', phone: '13800000001' }, note: '电梯"很好", 服务\n也好' });

    for (const format of ['csv', 'xlsx'] as const) {
      const exported = await t.app.inject({ method: 'GET', url: `/api/v1/surveys/${mixed}/responses/export?format=${format}`, headers: authHeaders(as('specialist')) });
      expect(exported.statusCode, exported.body).toBe(200);
      const copy = await publishedMixed();
      const again = await upload(copy, exported.rawPayload, { name: `export.${format}` });
      expect(again.json(), again.body).toEqual({ accepted: 2, rejected: 0, errors: [] });
      const answersOf = async (id: string) =>
        (await api(t.app, 'GET', `/api/v1/surveys/${id}/responses`, as('specialist'))).json().items
          .map((r: { siteId: string; submittedAt: string; answers: unknown }) => ({ siteId: r.siteId, submittedAt: r.submittedAt, answers: r.answers }))
          .sort((x: { siteId: string }, y: { siteId: string }) => x.siteId.localeCompare(y.siteId));
      expect(await answersOf(copy), format).toEqual(await answersOf(mixed));
    }
  });

  it('exports only the caller’s sites, with masked contact details without customers.pii, headers = keys', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/surveys/${mixed}/responses/export?format=csv`, headers: authHeaders(as('agent@A')) });
    expect(res.statusCode).toBe(200);
    const rows = parseCsv(res.body);
    expect(rows[0]).toEqual(['responseId', 'siteCode', 'submittedAt', 'channel', 'sat', 'topics', 'contact.name', 'contact.phone', 'note']);
    expect(rows.slice(1).map((r) => r[1])).toEqual(['A01']);
    expect(rows[1].slice(2, 6)).toEqual(['2026-05-03 10:00:00', 'import', '5', 'a;c']);
    expect(rows[1][7]).toBe('13800000001'); // agents hold customers.pii
    const inspector = await t.app.inject({ method: 'GET', url: `/api/v1/surveys/${mixed}/responses/export?format=xlsx`, headers: authHeaders(as('inspector')) });
    expect(inspector.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(inspector.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    const siteColumn = sheet.getColumn(2).values as string[];
    const rowNo = siteColumn.indexOf('A01');
    expect(sheet.getRow(rowNo).getCell(7).value).toBe('王*国');
    expect(sheet.getRow(rowNo).getCell(8).value).toBe('***');
    expect(sheet.rowCount).toBe(3);
  });
});
