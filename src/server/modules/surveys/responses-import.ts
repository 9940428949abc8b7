import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../../shared/schemas/common.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { contextFor } from '../../plugins/auth.js';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError } from '../../../shared/errors.js';
import { localInstant } from '../../../shared/revisits/cadence.js';
import { answerRows, validateAnswers } from '../../../shared/surveys/answers.js';
import type { SurveyDefinition } from '../../../shared/surveys/definition.js';
import type { SurveyAnswerRow, SurveyResponseRow } from '../../db/types.js';
import { newId, nowIso } from '../../lib/ids.js';
import { scopeCovers, siteScope } from '../access/access.policy.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import type { Executor, ServiceContext } from '../context.js';
import { CsvReader } from './csv.js';
import { answerFromCells, type Cell, IMPORT_META, META_COLUMNS, questionColumns } from './responses-columns.js';
import * as repo from './surveys.repository.js';

/*
 * Import of paper responses from CSV or XLSX (header row = column names of responses-columns.ts).
 * The file is read row by row: each row is checked with the shared answer validation and, for a
 * real import, its rows are inserted in batches inside one transaction. Any row error rolls the
 * whole import back (400 with every row's problems); a dry run only reports.
 */

export const IMPORT_MAX_BYTES = 64 * 1024 * 1024;
/** Row errors listed in the answer (all are counted). */
const MAX_LISTED_ERRORS = 1000;
/** Responses collected before their rows are inserted. */
const BATCH_RESPONSES = 200;
const FUTURE_SKEW_MS = 5 * 60_000;

export interface ImportError {
  /** line of the file, the header being row 1 */
  row: number;
  /** question key, column name, siteCode or submittedAt */
  key: string;
  code: string;
  message: string;
}

export interface ImportReport {
  accepted: number;
  rejected: number;
  errors: ImportError[];
}

/** Rows of the file's first sheet as cells, header first. */
async function* fileRows(bytes: Buffer): AsyncGenerator<Cell[]> {
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    yield* xlsxRows(bytes);
    return;
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const reader = new CsvReader();
  const CHUNK = 1 << 20;
  try {
    for (let at = 0; at < bytes.length; at += CHUNK) {
      const part = bytes.subarray(at, at + CHUNK);
      for (const record of reader.push(decoder.decode(part, { stream: at + CHUNK < bytes.length }))) yield record;
    }
  } catch (error) {
    if (error instanceof TypeError) throw new AppError('validation_failed', 'The file is neither an Excel workbook nor UTF-8 CSV', [{ path: 'file', message: 'not_utf8', code: 'not_utf8' }]);
    throw error;
  }
  for (const record of reader.end()) yield record;
}

function cellOf(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellOf(value.result as ExcelJS.CellValue);
    if ('error' in value) return null;
  }
  return String(value);
}

async function* xlsxRows(bytes: Buffer): AsyncGenerator<Cell[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' });
  try {
    for await (const sheet of reader) {
      let expected = 1;
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        // Empty rows are not in the file: keep line numbers as Excel shows them.
        for (; expected < row.number; expected++) yield [];
        expected = row.number + 1;
        const values = row.values as ExcelJS.CellValue[];
        const cells: Cell[] = [];
        for (let c = 1; c < values.length; c++) cells.push(cellOf(values[c]));
        yield cells;
      }
      break; // the first sheet only
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('validation_failed', 'The Excel file could not be read', [{ path: 'file', message: 'unreadable_file', code: 'unreadable_file' }]);
  }
}

/** Batched inserts: 12 and 10 columns a row stay far below the bound-parameter limits of both dialects. */
async function insertResponses(db: Executor, responses: SurveyResponseRow[], answers: SurveyAnswerRow[]): Promise<void> {
  for (let i = 0; i < responses.length; i += 200) await db.insertInto('survey_responses').values(responses.slice(i, i + 200)).execute();
  for (let i = 0; i < answers.length; i += 500) await db.insertInto('survey_answers').values(answers.slice(i, i + 500)).execute();
}

const EXCEL_EPOCH_DAY = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** A wall-clock time (as UTC fields) in the organisation's time zone → the instant. */
function fromWall(wallUtcMs: number, timezone: string): Date {
  const day = new Date(Math.floor(wallUtcMs / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
  return localInstant(day, (wallUtcMs - Math.floor(wallUtcMs / DAY_MS) * DAY_MS) / 60_000, timezone);
}

/**
 * submittedAt as written on paper: an Excel date cell or serial number (local time of the
 * organisation), an ISO instant with offset, or a local date / date-time without one.
 */
export function parseSubmittedAt(cell: Cell, timezone: string): Date | null {
  if (cell instanceof Date) return isNaN(cell.getTime()) ? null : fromWall(cell.getTime(), timezone); // exceljs reads the wall time as UTC
  if (typeof cell === 'number') return cell > 0 && cell < 2958466 ? fromWall(Math.round(EXCEL_EPOCH_DAY + cell * DAY_MS), timezone) : null;
  const s = String(cell).trim();
  if (/^\d+(\.\d+)?$/.test(s)) return parseSubmittedAt(Number(s), timezone);
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', se = '0', ms = '0', zone] = m;
  const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, +se, Number(ms.padEnd(3, '0')));
  const check = new Date(wall);
  if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || +h > 23 || +mi > 59 || +se > 59) return null;
  if (!zone) return fromWall(wall, timezone);
  if (zone === 'Z') return check;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return new Date(wall - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000);
}

/**
 * Checks (dryRun) or imports the responses of a file. The caller needs surveys.respond on every
 * row's site; the survey must be a published version.
 */
export async function importResponses(ctx: ServiceContext, surveyId: string, file: { bytes: Buffer; fileName: string }, dryRun: boolean): Promise<ImportReport> {
  const scope = await siteScope(ctx.db, ctx.actor, 'surveys.respond');
  const orgId = ctx.actor.orgId;
  const survey = await repo.findSurvey(ctx.db.kysely, orgId, surveyId);
  if (!survey) throw new AppError('not_found', 'Survey not found');
  if (survey.status !== 'published') throw new AppError('conflict', 'Only a published survey takes responses');
  const def = JSON.parse(survey.definition) as SurveyDefinition;
  const { timezone } = await ctx.db.kysely.selectFrom('organizations').select('timezone').where('id', '=', orgId).executeTakeFirstOrThrow();
  const sites = await ctx.db.kysely.selectFrom('sites').select(['id', 'code']).where('org_id', '=', orgId).execute();
  const siteByCode = new Map(sites.filter((s) => scopeCovers(scope, s.id)).map((s) => [s.code.trim().toLowerCase(), s.id]));
  const qcs = questionColumns(def);

  const run = async (db: Executor | null): Promise<ImportReport> => {
    const report: ImportReport = { accepted: 0, rejected: 0, errors: [] };
    const addError = (e: ImportError) => {
      if (report.errors.length < MAX_LISTED_ERRORS) report.errors.push(e);
    };
    let header: Map<string, number> | null = null;
    let lineNo = 0;
    let responses: SurveyResponseRow[] = [];
    let answers: SurveyAnswerRow[] = [];
    const now = Date.now();
    const created = nowIso();
    const flush = async () => {
      if (db && report.rejected === 0 && responses.length) await insertResponses(db, responses, answers);
      responses = [];
      answers = [];
    };
    for await (const cells of fileRows(file.bytes)) {
      lineNo++;
      if (!header) {
        if (cells.every((c) => c === null || String(c).trim() === '')) continue; // blank lines before the header
        header = new Map();
        const known = new Set<string>([...META_COLUMNS, ...qcs.flatMap((qc) => qc.columns.map((c) => c.name))]);
        cells.forEach((c, i) => {
          const name = String(c ?? '').trim();
          if (!name) return;
          if (!known.has(name)) addError({ row: lineNo, key: name, code: 'unknown_column', message: `${name} is not a column of this survey` });
          else if (header!.has(name)) addError({ row: lineNo, key: name, code: 'duplicate_column', message: `${name} appears twice` });
          else header!.set(name, i);
        });
        for (const required of IMPORT_META) if (required === 'siteCode' && !header.has(required)) addError({ row: lineNo, key: required, code: 'missing_column', message: 'siteCode column is missing' });
        if (report.errors.length) {
          report.rejected = 1;
          return report;
        }
        continue;
      }
      if (cells.every((c) => c === null || String(c).trim() === '')) continue;
      const at = (name: string): Cell => {
        const i = header!.get(name);
        return i === undefined ? null : (cells[i] ?? null);
      };
      const rowErrors: ImportError[] = [];
      const code = String(at('siteCode') ?? '').trim();
      const siteId = siteByCode.get(code.toLowerCase());
      if (!code) rowErrors.push({ row: lineNo, key: 'siteCode', code: 'required', message: 'siteCode must be given' });
      else if (!siteId) rowErrors.push({ row: lineNo, key: 'siteCode', code: 'unknown_site', message: `${code} is not a site you may enter responses for` });
      const rawAt = at('submittedAt');
      let submittedAt = created;
      if (rawAt !== null && String(rawAt).trim() !== '') {
        const parsed = parseSubmittedAt(rawAt, timezone);
        if (!parsed) rowErrors.push({ row: lineNo, key: 'submittedAt', code: 'invalid_date', message: `${String(rawAt)} is not a date` });
        else if (parsed.getTime() > now + FUTURE_SKEW_MS) rowErrors.push({ row: lineNo, key: 'submittedAt', code: 'in_future', message: 'The answer cannot have been given in the future' });
        else submittedAt = parsed.toISOString();
      }
      const given: Record<string, unknown> = {};
      for (const qc of qcs) {
        const parts = new Map<string, Cell>();
        for (const c of qc.columns) parts.set(c.part, at(c.name));
        const value = answerFromCells(qc.question, parts);
        if (value !== undefined) given[qc.question.key] = value;
      }
      for (const p of validateAnswers(def, given)) rowErrors.push({ row: lineNo, key: p.key, code: p.code, message: p.message });
      if (rowErrors.length) {
        report.rejected++;
        rowErrors.forEach(addError);
        continue;
      }
      report.accepted++;
      if (!db || report.rejected > 0) continue;
      const id = newId();
      responses.push({
        id,
        org_id: orgId,
        survey_id: survey.id,
        series_id: survey.series_id,
        site_id: siteId!,
        customer_id: null,
        channel: 'import',
        locale: null,
        campaign_id: null,
        entered_by: ctx.actor.userId,
        submitted_at: submittedAt,
        created_at: created,
      });
      for (const a of answerRows(def, given)) {
        answers.push({ org_id: orgId, response_id: id, survey_id: survey.id, site_id: siteId!, question_key: a.questionKey, kind: a.kind, option: a.option, num: a.num, text: a.text, dimension: a.dimension });
      }
      if (responses.length >= BATCH_RESPONSES) await flush();
    }
    if (!header) addError({ row: 1, key: 'siteCode', code: 'missing_column', message: 'The file has no header row' });
    if (!header) report.rejected = 1;
    await flush();
    return report;
  };

  if (dryRun) return run(null);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const report = await run(trx);
    if (report.rejected > 0 || report.errors.length > 0) {
      throw new AppError('validation_failed', `${report.rejected} rows are not valid; nothing was imported`, { ...report, accepted: 0, checked: report.accepted });
    }
    await insertAuditEvent(trx, ctx.actor, orgId, {
      action: 'create',
      entity: 'survey_response',
      entityId: survey.id,
      after: { import: true, channel: 'import', surveyId: survey.id, fileName: file.fileName.slice(0, 200), responses: report.accepted },
    });
    return report;
  });
}

// ---------------------------------------------------------------------------------------------
// Route

export const importReportSchema = z.object({
  accepted: z.number().int(),
  rejected: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), key: z.string(), code: z.string(), message: z.string() })),
});
const importQuery = z.object({ dryRun: z.enum(['0', '1', 'true', 'false']).optional() });

/** Reads the one file of a multipart form (field name free) into memory, within IMPORT_MAX_BYTES. */
async function readImportFile(request: FastifyRequest): Promise<{ bytes: Buffer; fileName: string }> {
  if (!request.isMultipart()) throw new AppError('unsupported_media_type', 'Send the file as multipart/form-data');
  try {
    for await (const part of request.parts({ limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 5, parts: 6 } })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (bytes.length === 0) continue;
        return { bytes, fileName: part.filename ?? '' };
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('file_too_large', `The file is larger than ${IMPORT_MAX_BYTES} bytes`, { maxBytes: IMPORT_MAX_BYTES });
    if (error instanceof AppError) throw error;
    throw new AppError('bad_request', 'The form could not be read');
  }
  throw new AppError('validation_failed', 'Attach a CSV or Excel file', [{ path: 'file', message: 'required', code: 'required' }]);
}

export function registerResponseImport(app: FastifyInstance, db: Db, config: Config): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/surveys/:id/responses/import',
    {
      schema: {
        tags: ['surveys'],
        summary: 'Import paper responses from CSV or XLSX (multipart, one file); dryRun=1 only checks. All or nothing: any row error → 400 with the row errors',
        consumes: ['multipart/form-data'],
        params: idParams,
        querystring: importQuery,
        response: { 200: importReportSchema },
      },
    },
    async (request) => {
      const ctx = contextFor(request, db, config);
      const file = await readImportFile(request);
      const dryRun = request.query.dryRun === '1' || request.query.dryRun === 'true';
      return importResponses(ctx, request.params.id, file, dryRun);
    },
  );
}
