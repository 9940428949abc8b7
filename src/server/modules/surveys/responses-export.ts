import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../../shared/schemas/common.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { contextFor } from '../../plugins/auth.js';
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError } from '../../../shared/errors.js';
import { maskName } from '../../../shared/phone.js';
import { type AnswerKind, answersFromRows } from '../../../shared/surveys/answers.js';
import type { SurveyDefinition } from '../../../shared/surveys/definition.js';
import { optionalSiteScope, scopeCovers, siteScope } from '../access/access.policy.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import type { ServiceContext } from '../context.js';
import { csvField } from './csv.js';
import { cellsOfAnswer, META_COLUMNS, questionColumns } from './responses-columns.js';
import * as repo from './surveys.repository.js';

/*
 * Export of one survey version's responses on the caller's sites (cases.read scope): one row per
 * response, one column per question key in the import's format, so the file imports again. Read in
 * pages and written as a stream; contact details are masked without customers.pii on the site.
 */

const PAGE = 500;

export interface ResponseExport {
  fileName: string;
  contentType: string;
  body: Readable;
}

/** ISO-like local time of the organisation: `2026-05-01 09:30:00` (what the import reads back as local). */
function localStamp(iso: string, timezone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(iso));
}

export async function exportResponses(ctx: ServiceContext, surveyId: string, format: 'csv' | 'xlsx'): Promise<ResponseExport> {
  const scope = await siteScope(ctx.db, ctx.actor, 'cases.read');
  const piiScope = await optionalSiteScope(ctx.db, ctx.actor, 'customers.pii');
  const orgId = ctx.actor.orgId;
  const survey = await repo.findSurvey(ctx.db.kysely, orgId, surveyId);
  if (!survey) throw new AppError('not_found', 'Survey not found');
  const def = JSON.parse(survey.definition) as SurveyDefinition;
  const { timezone } = await ctx.db.kysely.selectFrom('organizations').select('timezone').where('id', '=', orgId).executeTakeFirstOrThrow();
  const qcs = questionColumns(def);
  const columns = [...META_COLUMNS, ...qcs.flatMap((qc) => qc.columns.map((c) => c.name))];
  await insertAuditEvent(ctx.db.kysely, ctx.actor, orgId, { action: 'export', entity: 'survey_response', entityId: survey.id, after: { surveyId: survey.id, format } });

  const db = ctx.db.kysely;
  async function* rows(): AsyncGenerator<(string | number)[]> {
    if (!scope.all && scope.siteIds.length === 0) return;
    let after: { submitted_at: string; id: string } | null = null;
    for (;;) {
      let q = db
        .selectFrom('survey_responses as r')
        .innerJoin('sites', 'sites.id', 'r.site_id')
        .select(['r.id', 'r.site_id', 'r.submitted_at', 'r.channel', 'sites.code as site_code'])
        .where('r.org_id', '=', orgId)
        .where('r.survey_id', '=', survey!.id);
      if (!scope.all) q = q.where('r.site_id', 'in', scope.siteIds);
      if (after) {
        const a = after;
        q = q.where((eb) => eb.or([eb('r.submitted_at', '>', a.submitted_at), eb.and([eb('r.submitted_at', '=', a.submitted_at), eb('r.id', '>', a.id)])]));
      }
      const page = await q.orderBy('r.submitted_at').orderBy('r.id').limit(PAGE).execute();
      if (page.length === 0) return;
      const answers = await repo.findAnswers(db, orgId, page.map((r) => r.id));
      const byResponse = new Map<string, typeof answers>();
      for (const a of answers) {
        const list = byResponse.get(a.response_id);
        if (list) list.push(a);
        else byResponse.set(a.response_id, [a]);
      }
      for (const r of page) {
        const values = answersFromRows(
          def,
          (byResponse.get(r.id) ?? []).map((a) => ({ questionKey: a.question_key, kind: a.kind as AnswerKind, option: a.option, num: a.num, text: a.text })),
        );
        const seesContact = scopeCovers(piiScope, r.site_id);
        const cells: Record<string, string | number> = { responseId: r.id, siteCode: r.site_code, submittedAt: localStamp(r.submitted_at, timezone), channel: r.channel };
        for (const qc of qcs) {
          let value: unknown = values[qc.question.key];
          if (value && qc.question.type === 'customer_details' && !seesContact) {
            value = Object.fromEntries(Object.entries(value as Record<string, string>).map(([k, v]) => [k, k === 'name' ? maskName(v) : '***']));
          }
          Object.assign(cells, cellsOfAnswer(qc, value));
        }
        yield columns.map((c) => cells[c] ?? '');
      }
      const last = page[page.length - 1];
      after = { submitted_at: last.submitted_at, id: last.id };
      if (page.length < PAGE) return;
    }
  }

  const stamp = new Date().toISOString().slice(0, 10);
  const base = `survey-${survey.series_id.slice(0, 8)}-v${survey.version_no}-${stamp}`;
  if (format === 'csv') {
    async function* csv(): AsyncGenerator<string> {
      // BOM: Excel opens UTF-8 CSV with Chinese text correctly only with it.
      yield `\uFEFF${columns.map(csvField).join(',')}\r\n`;
      for await (const row of rows()) yield `${row.map(csvField).join(',')}\r\n`;
    }
    return { fileName: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: Readable.from(csv()) };
  }
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const sheet = workbook.addWorksheet('responses', { views: [{ state: 'frozen', ySplit: 1 }] });
  void (async () => {
    try {
      const head = sheet.addRow(columns);
      head.font = { bold: true };
      head.commit();
      for await (const row of rows()) sheet.addRow(row).commit();
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return { fileName: `${base}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: out };
}

export function registerResponseExport(app: FastifyInstance, db: Db, config: Config): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/surveys/:id/responses/export',
    {
      schema: {
        tags: ['surveys'],
        summary: 'Export this version’s responses on the caller’s sites: one row per response, one column per question key (the import’s format)',
        params: idParams,
        querystring: z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') }),
      },
    },
    async (request, reply) => {
      const file = await exportResponses(contextFor(request, db, config), request.params.id, request.query.format);
      return reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.fileName}"`).send(file.body);
    },
  );
}
