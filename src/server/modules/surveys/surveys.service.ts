import type { z } from 'zod';
import { AppError, type ErrorDetail } from '../../../shared/errors.js';
import { maskName } from '../../../shared/phone.js';
import type { Page } from '../../../shared/schemas/common.js';
import type {
  Survey,
  SurveyChannel,
  SurveyFollowUp,
  SurveyListItem,
  SurveyResponse,
  SurveyResponseInput,
  surveyListQuery,
  surveyResponseListQuery,
  SurveyVersion,
} from '../../../shared/schemas/surveys.js';
import { type AnswerKind, answerRows, answersFromRows, validateAnswers } from '../../../shared/surveys/answers.js';
import { allQuestions, definitionProblems, scaleRange, type SurveyDefinition } from '../../../shared/surveys/definition.js';
import { surveyTemplate, type SurveyTemplate } from '../../../shared/surveys/templates.js';
import { isUniqueViolation } from '../../db/dialect.js';
import type { SurveyAnswerRow, SurveyQuestionRow, SurveyRow } from '../../db/types.js';
import { changedFields } from '../../lib/concurrency.js';
import { newId, nowIso } from '../../lib/ids.js';
import { optionalSiteScope, requirePermission, scopeCovers, siteScope } from '../access/access.policy.js';
import type { SiteScope } from '../access/actor.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import type { Executor, ServiceContext } from '../context.js';
import { findCustomerRow } from '../customers/customers.repository.js';
import { findSiteRow } from '../sites/sites.repository.js';
import { findFollowUps } from './followups.repository.js';
import * as repo from './surveys.repository.js';
import { recordSurveyScores } from './survey-scores.js';

/*
 * Survey definitions and responses. A survey is a series of versions; drafts are edited in place,
 * publishing freezes a version, and editing a published version starts the series' next draft.
 * Definitions are the organisation's (managed with surveys.manage held organisation-wide);
 * responses belong to a site (entered with surveys.respond on it, read with cases.read).
 */

const surveyNotFound = () => new AppError('not_found', 'Survey not found');

/** Definitions apply to every site alike, so only organisation-wide managers change them. */
async function requireManager(ctx: ServiceContext): Promise<void> {
  const scope = await siteScope(ctx.db, ctx.actor, 'surveys.manage');
  if (!scope.all) throw new AppError('forbidden', 'Only organisation-wide specialists and administrators may change surveys');
}

function definitionOf(row: SurveyRow): SurveyDefinition {
  return JSON.parse(row.definition) as SurveyDefinition;
}

/** 400 with `definition.<path>` for every structural problem (and every missing translation when publishing). */
function assertDefinition(def: SurveyDefinition, forPublish: boolean): void {
  const problems = definitionProblems(def, { forPublish });
  if (problems.length) {
    throw new AppError(
      'validation_failed',
      forPublish ? 'The survey cannot be published yet' : 'The survey definition is not valid',
      problems.map((p): ErrorDetail => ({ path: `definition.${p.path}`, message: p.code, code: p.code })),
    );
  }
}

export function questionRows(orgId: string, surveyId: string, def: SurveyDefinition): SurveyQuestionRow[] {
  return allQuestions(def).map(({ section, question, index }) => {
    const range = scaleRange(question);
    return {
      org_id: orgId,
      survey_id: surveyId,
      question_key: question.key,
      section_key: section.key,
      position: index,
      type: question.type,
      required: question.required ? 1 : 0,
      dimension: question.type === 'servqual_pair' ? question.dimension : null,
      item_no: question.type === 'servqual_pair' ? question.itemNo : null,
      scale_min: range?.min ?? null,
      scale_max: range?.max ?? null,
    };
  });
}

function presentVersion(v: repo.VersionRow, counts: Map<string, number>): SurveyVersion {
  return { id: v.id, versionNo: v.version_no, status: v.status, publishedAt: v.published_at, responseCount: counts.get(v.id) ?? 0 };
}

async function presentSurvey(db: Executor, ctx: ServiceContext, row: SurveyRow): Promise<Survey> {
  const versions = await repo.findVersions(db, ctx.actor.orgId, [row.series_id]);
  const scope = await optionalSiteScope(ctx.db, ctx.actor, 'cases.read');
  const counts = await repo.responseCounts(db, ctx.actor.orgId, versions.map((v) => v.id), scope);
  return {
    id: row.id,
    seriesId: row.series_id,
    versionNo: row.version_no,
    status: row.status,
    template: row.template as SurveyTemplate | null,
    title: JSON.parse(row.title) as Survey['title'],
    definition: definitionOf(row),
    questionCount: row.question_count,
    responseCount: counts.get(row.id) ?? 0,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    publishedAt: row.published_at,
    versions: versions.map((v) => presentVersion(v, counts)),
  };
}

/** The organisation's surveys, one row per series (its newest version) with every version listed. */
export async function listSurveys(ctx: ServiceContext, query: z.infer<typeof surveyListQuery>): Promise<Page<SurveyListItem>> {
  const scope = await siteScope(ctx.db, ctx.actor, 'cases.read');
  const { rows, total } = await repo.findSeriesHeads(ctx.db.kysely, ctx.db.dialect, ctx.actor.orgId, { status: query.status, q: query.q }, query);
  const versions = await repo.findVersions(ctx.db.kysely, ctx.actor.orgId, rows.map((r) => r.series_id));
  const counts = await repo.responseCounts(ctx.db.kysely, ctx.actor.orgId, versions.map((v) => v.id), scope);
  const items = rows.map((row): SurveyListItem => {
    const own = versions.filter((v) => v.series_id === row.series_id);
    return {
      id: row.id,
      seriesId: row.series_id,
      versionNo: row.version_no,
      status: row.status,
      template: row.template as SurveyTemplate | null,
      title: JSON.parse(row.title) as SurveyListItem['title'],
      questionCount: row.question_count,
      updatedAt: row.updated_at,
      publishedAt: row.published_at,
      responseCount: own.reduce((sum, v) => sum + (counts.get(v.id) ?? 0), 0),
      versions: own.map((v) => presentVersion(v, counts)),
    };
  });
  return { items, total, page: query.page, pageSize: query.pageSize };
}

/** One version of a survey with its definition. */
export async function getSurvey(ctx: ServiceContext, id: string): Promise<Survey> {
  requirePermission(ctx.actor, 'cases.read');
  const row = await repo.findSurvey(ctx.db.kysely, ctx.actor.orgId, id);
  if (!row) throw surveyNotFound();
  return presentSurvey(ctx.db.kysely, ctx, row);
}

async function insertDraft(trx: Executor, ctx: ServiceContext, def: SurveyDefinition, opts: { seriesId?: string; versionNo?: number; template?: SurveyTemplate | null }): Promise<SurveyRow> {
  const now = nowIso();
  const id = newId();
  const row: SurveyRow = {
    id,
    org_id: ctx.actor.orgId,
    series_id: opts.seriesId ?? id,
    version_no: opts.versionNo ?? 1,
    status: 'draft',
    template: opts.template ?? null,
    title: JSON.stringify(def.title),
    definition: JSON.stringify(def),
    question_count: allQuestions(def).length,
    created_by: ctx.actor.userId,
    published_by: null,
    published_at: null,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await repo.insertSurvey(trx, row);
  await repo.replaceQuestions(trx, ctx.actor.orgId, id, questionRows(ctx.actor.orgId, id, def));
  return row;
}

/** Creates a new survey (a series with its first draft). */
export async function createSurvey(ctx: ServiceContext, def: SurveyDefinition, template: SurveyTemplate | null = null): Promise<Survey> {
  await requireManager(ctx);
  assertDefinition(def, false);
  const row = await ctx.db.kysely.transaction().execute(async (trx) => {
    const created = await insertDraft(trx, ctx, def, { template });
    await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'create', entity: 'survey', entityId: created.id, after: { title: def.title, template, versionNo: 1 } });
    return created;
  });
  return presentSurvey(ctx.db.kysely, ctx, row);
}

/** A new draft survey copied from one of the built-in templates. */
export async function createSurveyFromTemplate(ctx: ServiceContext, template: SurveyTemplate): Promise<Survey> {
  return createSurvey(ctx, surveyTemplate(template), template);
}

const staleSurvey = () => new AppError('stale_version', 'The survey was changed by someone else; reload and try again');

/**
 * Saves a definition. A draft changes in place (if still at `version`); a published version stays
 * as it is and the series gets its next version as a draft with this definition, unless the
 * series already has a draft (409: edit that one).
 */
export async function updateSurvey(ctx: ServiceContext, id: string, input: { definition: SurveyDefinition; version: number }): Promise<Survey> {
  await requireManager(ctx);
  const orgId = ctx.actor.orgId;
  const result = await ctx.db.kysely
    .transaction()
    .execute(async (trx) => {
      const row = await repo.findSurvey(trx, orgId, id);
      if (!row) throw surveyNotFound();
      if (row.version !== input.version) throw new AppError('stale_version', 'The survey was changed by someone else; reload and try again', { expected: input.version, current: row.version });
      assertDefinition(input.definition, false);
      if (row.status === 'published') {
        const draft = await repo.findDraftOfSeries(trx, orgId, row.series_id);
        if (draft) throw new AppError('conflict', 'This survey already has a draft of its next version; edit that draft', { draftId: draft.id });
        const next = (await repo.lastVersionNo(trx, orgId, row.series_id)) + 1;
        const created = await insertDraft(trx, ctx, input.definition, { seriesId: row.series_id, versionNo: next, template: row.template as SurveyTemplate | null });
        await insertAuditEvent(trx, ctx.actor, orgId, { action: 'new_version', entity: 'survey', entityId: created.id, after: { seriesId: row.series_id, versionNo: next, from: row.id } });
        return created;
      }
      const before = definitionOf(row);
      const diff = changedFields({ title: before.title, description: before.description, thanks: before.thanks, sections: before.sections }, {
        title: input.definition.title,
        description: input.definition.description,
        thanks: input.definition.thanks,
        sections: input.definition.sections,
      });
      if (Object.keys(diff.after).length === 0 && JSON.stringify(before) === JSON.stringify(input.definition)) return row;
      const changes: Partial<SurveyRow> = {
        title: JSON.stringify(input.definition.title),
        definition: JSON.stringify(input.definition),
        question_count: allQuestions(input.definition).length,
        updated_at: nowIso(),
      };
      if (!(await repo.updateDraft(trx, orgId, id, row.version, changes))) throw staleSurvey();
      await repo.replaceQuestions(trx, orgId, id, questionRows(orgId, id, input.definition));
      await insertAuditEvent(trx, ctx.actor, orgId, { action: 'update', entity: 'survey', entityId: id, before: diff.before, after: diff.after });
      return { ...row, ...changes, version: row.version + 1 };
    })
    .catch((error: unknown) => {
      // Two people starting the next version at once: the one-draft-per-series index decides.
      if (isUniqueViolation(error)) throw new AppError('conflict', 'This survey already has a draft of its next version; edit that draft');
      throw error;
    });
  return presentSurvey(ctx.db.kysely, ctx, result);
}

/** Freezes a draft as a published version: complete in all three languages, and never edited again. */
export async function publishSurvey(ctx: ServiceContext, id: string, input: { version?: number }): Promise<Survey> {
  await requireManager(ctx);
  const orgId = ctx.actor.orgId;
  const row = await ctx.db.kysely.transaction().execute(async (trx) => {
    const found = await repo.findSurvey(trx, orgId, id);
    if (!found) throw surveyNotFound();
    if (found.status !== 'draft') throw new AppError('conflict', 'This version is already published');
    if (input.version !== undefined && input.version !== found.version) {
      throw new AppError('stale_version', 'The survey was changed by someone else; reload and try again', { expected: input.version, current: found.version });
    }
    assertDefinition(definitionOf(found), true);
    const now = nowIso();
    const changes: Partial<SurveyRow> = { status: 'published', published_at: now, published_by: ctx.actor.userId, updated_at: now };
    if (!(await repo.updateDraft(trx, orgId, id, found.version, changes))) throw staleSurvey();
    await insertAuditEvent(trx, ctx.actor, orgId, { action: 'publish', entity: 'survey', entityId: id, after: { seriesId: found.series_id, versionNo: found.version_no } });
    return { ...found, ...changes, version: found.version + 1 };
  });
  return presentSurvey(ctx.db.kysely, ctx, row);
}

// ---------------------------------------------------------------------------------------------
// Responses

/** A few minutes of clock difference between the entering device and the server are not "the future". */
const FUTURE_SKEW_MS = 5 * 60_000;

function presentResponse(row: repo.ResponseWithNames, def: SurveyDefinition, answers: SurveyAnswerRow[], piiScope: SiteScope, followUps: SurveyFollowUp[] = []): SurveyResponse {
  const seesContact = scopeCovers(piiScope, row.site_id);
  const shown = answersFromRows(
    def,
    answers.map((a) => ({ questionKey: a.question_key, kind: a.kind as AnswerKind, option: a.option, num: a.num, text: a.text })),
  );
  // Contact details given in the survey are personal data like the customer's own.
  if (!seesContact) {
    for (const { question } of allQuestions(def)) {
      if (question.type !== 'customer_details' || !shown[question.key]) continue;
      const details = shown[question.key] as Record<string, string>;
      shown[question.key] = Object.fromEntries(Object.entries(details).map(([k, v]) => [k, k === 'name' ? maskName(v) : '***']));
    }
  }
  return {
    id: row.id,
    surveyId: row.survey_id,
    seriesId: row.series_id,
    versionNo: row.version_no,
    siteId: row.site_id,
    siteName: row.site_name,
    customerId: row.customer_id,
    customerName: row.customer_name === null ? null : seesContact ? row.customer_name : maskName(row.customer_name),
    channel: row.channel as SurveyChannel,
    locale: row.locale,
    submittedAt: row.submitted_at,
    enteredBy: row.entered_by && row.entered_by_name ? { id: row.entered_by, name: row.entered_by_name } : null,
    createdAt: row.created_at,
    answers: shown,
    followUps,
  };
}

const fieldError = (path: string, code: string, message: string) => new AppError('validation_failed', message, [{ path, message: code, code }]);

/**
 * Records one response to a published survey version for a site in the caller's surveys.respond
 * scope (and optionally one of its customers). Every answer is checked against the version's
 * questions and skip logic; problems answer 400 with `answers.<key>` and nothing is written.
 */
export async function createResponse(ctx: ServiceContext, surveyId: string, input: SurveyResponseInput): Promise<SurveyResponse> {
  const scope = await siteScope(ctx.db, ctx.actor, 'surveys.respond');
  const orgId = ctx.actor.orgId;
  const survey = await repo.findSurvey(ctx.db.kysely, orgId, surveyId);
  if (!survey) throw surveyNotFound();
  if (survey.status !== 'published') throw new AppError('conflict', 'Only a published survey takes responses');
  const site = await findSiteRow(ctx.db.kysely, orgId, input.siteId);
  if (!site || !scopeCovers(scope, site.id)) throw fieldError('siteId', 'not_found', 'The site does not exist');
  if (input.customerId) {
    const customer = await findCustomerRow(ctx.db.kysely, orgId, input.customerId);
    if (!customer || !scopeCovers(scope, customer.site_id)) throw fieldError('customerId', 'not_found', 'The customer does not exist');
    if (customer.site_id !== site.id) throw fieldError('customerId', 'other_site', 'The customer belongs to another site');
  }
  const now = new Date();
  if (input.submittedAt && new Date(input.submittedAt).getTime() > now.getTime() + FUTURE_SKEW_MS) throw fieldError('submittedAt', 'in_future', 'The answer cannot have been given in the future');

  const def = definitionOf(survey);
  const problems = validateAnswers(def, input.answers);
  if (problems.length) {
    throw new AppError(
      'validation_failed',
      `Some answers are not valid: ${problems.map((p) => p.message).join('; ')}`.slice(0, 1000),
      problems.map((p) => ({ path: `answers.${p.key}`, message: p.code, code: p.code })),
    );
  }
  const id = newId();
  const created = nowIso();
  const responseRow = {
    id,
    org_id: orgId,
    survey_id: survey.id,
    series_id: survey.series_id,
    site_id: site.id,
    customer_id: input.customerId ?? null,
    channel: input.channel,
    locale: input.locale ?? null,
    campaign_id: null,
    entered_by: ctx.actor.userId,
    submitted_at: input.submittedAt ? new Date(input.submittedAt).toISOString() : created,
    created_at: created,
  };
  const answers: SurveyAnswerRow[] = answerRows(def, input.answers).map((a) => ({
    org_id: orgId,
    response_id: id,
    survey_id: survey.id,
    site_id: site.id,
    question_key: a.questionKey,
    kind: a.kind,
    option: a.option,
    num: a.num,
    text: a.text,
    dimension: a.dimension,
  }));
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await repo.insertResponse(trx, responseRow, answers);
    await insertAuditEvent(trx, ctx.actor, orgId, {
      action: 'create',
      entity: 'survey_response',
      entityId: id,
      after: { surveyId: survey.id, siteId: site.id, customerId: responseRow.customer_id, channel: input.channel, submittedAt: responseRow.submitted_at, answerCount: answers.length },
    });
    await recordSurveyScores({ ...ctx.db, kysely: trx }, orgId, def, responseRow.customer_id, input.answers, responseRow.submitted_at);
  });
  const row = await repo.findResponse(ctx.db.kysely, orgId, id);
  const piiScope = await optionalSiteScope(ctx.db, ctx.actor, 'customers.pii');
  return presentResponse(row!, def, answers, piiScope);
}

/** Responses to one survey version on the caller's sites, newest first, with their answers. */
export async function listResponses(ctx: ServiceContext, surveyId: string, query: z.infer<typeof surveyResponseListQuery>): Promise<Page<SurveyResponse>> {
  const scope = await siteScope(ctx.db, ctx.actor, 'cases.read');
  const orgId = ctx.actor.orgId;
  const survey = await repo.findSurvey(ctx.db.kysely, orgId, surveyId);
  if (!survey) throw surveyNotFound();
  const { rows, total } = await repo.findResponses(ctx.db.kysely, orgId, surveyId, scope, { siteId: query.siteId }, query);
  const ids = rows.map((r) => r.id);
  const [answers, piiScope, followUps] = await Promise.all([repo.findAnswers(ctx.db.kysely, orgId, ids), optionalSiteScope(ctx.db, ctx.actor, 'customers.pii'), findFollowUps(ctx.db.kysely, orgId, ids)]);
  const def = definitionOf(survey);
  const byResponse = new Map<string, SurveyAnswerRow[]>();
  for (const a of answers) byResponse.set(a.response_id, [...(byResponse.get(a.response_id) ?? []), a]);
  return { items: rows.map((r) => presentResponse(r, def, byResponse.get(r.id) ?? [], piiScope, followUps.get(r.id))), total, page: query.page, pageSize: query.pageSize };
}

/** One response on the caller's sites (cases.read) with its answers and follow-ups; out of scope is 404. */
export async function getResponse(ctx: ServiceContext, id: string): Promise<SurveyResponse> {
  const scope = await siteScope(ctx.db, ctx.actor, 'cases.read');
  const orgId = ctx.actor.orgId;
  const row = await repo.findResponse(ctx.db.kysely, orgId, id);
  if (!row || !scopeCovers(scope, row.site_id)) throw new AppError('not_found', 'Response not found');
  const survey = await repo.findSurvey(ctx.db.kysely, orgId, row.survey_id);
  const [answers, piiScope, followUps] = await Promise.all([repo.findAnswers(ctx.db.kysely, orgId, [id]), optionalSiteScope(ctx.db, ctx.actor, 'customers.pii'), findFollowUps(ctx.db.kysely, orgId, [id])]);
  return presentResponse(row, definitionOf(survey!), answers, piiScope, followUps.get(id));
}
