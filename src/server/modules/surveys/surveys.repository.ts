import type { SurveyAnswerRow, SurveyQuestionRow, SurveyResponseRow, SurveyRow } from '../../db/types.js';
import { containsText } from '../../db/dialect.js';
import type { DialectName } from '../../db/database.js';
import type { SiteScope } from '../access/actor.js';
import type { Executor } from '../context.js';

export async function insertSurvey(db: Executor, row: SurveyRow): Promise<void> {
  await db.insertInto('surveys').values(row).execute();
}

/** The question index of one version, written again whenever its (draft) definition changes. */
export async function replaceQuestions(db: Executor, orgId: string, surveyId: string, rows: SurveyQuestionRow[]): Promise<void> {
  await db.deleteFrom('survey_questions').where('org_id', '=', orgId).where('survey_id', '=', surveyId).execute();
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('survey_questions').values(rows.slice(i, i + 200)).execute();
}

export function findSurvey(db: Executor, orgId: string, id: string): Promise<SurveyRow | undefined> {
  return db.selectFrom('surveys').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export function findDraftOfSeries(db: Executor, orgId: string, seriesId: string): Promise<SurveyRow | undefined> {
  return db.selectFrom('surveys').selectAll().where('org_id', '=', orgId).where('series_id', '=', seriesId).where('status', '=', 'draft').executeTakeFirst();
}

export async function lastVersionNo(db: Executor, orgId: string, seriesId: string): Promise<number> {
  const row = await db.selectFrom('surveys').select((eb) => eb.fn.max<number | null>('version_no').as('last')).where('org_id', '=', orgId).where('series_id', '=', seriesId).executeTakeFirstOrThrow();
  return Number(row.last ?? 0);
}

export type VersionRow = Pick<SurveyRow, 'id' | 'series_id' | 'version_no' | 'status' | 'published_at'>;

/** Every version of the series, newest first. */
export function findVersions(db: Executor, orgId: string, seriesIds: string[]): Promise<VersionRow[]> {
  if (seriesIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('surveys')
    .select(['id', 'series_id', 'version_no', 'status', 'published_at'])
    .where('org_id', '=', orgId)
    .where('series_id', 'in', seriesIds)
    .orderBy('version_no', 'desc')
    .execute();
}

/** Responses per survey version, counting only the sites in scope. */
export async function responseCounts(db: Executor, orgId: string, surveyIds: string[], scope: SiteScope): Promise<Map<string, number>> {
  if (surveyIds.length === 0 || (!scope.all && scope.siteIds.length === 0)) return new Map();
  let query = db
    .selectFrom('survey_responses')
    .select((eb) => ['survey_id', eb.fn.countAll<number>().as('n')])
    .where('org_id', '=', orgId)
    .where('survey_id', 'in', surveyIds);
  if (!scope.all) query = query.where('site_id', 'in', scope.siteIds);
  const rows = await query.groupBy('survey_id').execute();
  return new Map(rows.map((r) => [r.survey_id, Number(r.n)]));
}

/** The newest version of each series (one row per survey as the list shows it), newest change first. */
export async function findSeriesHeads(
  db: Executor,
  dialect: DialectName,
  orgId: string,
  filter: { status?: string; q?: string },
  page: { page: number; pageSize: number },
): Promise<{ rows: SurveyRow[]; total: number }> {
  let query = db
    .selectFrom('surveys as s')
    .where('s.org_id', '=', orgId)
    .where('s.version_no', '=', (eb) =>
      eb.selectFrom('surveys as n').select((e) => e.fn.max<number>('n.version_no').as('m')).whereRef('n.org_id', '=', 's.org_id').whereRef('n.series_id', '=', 's.series_id'),
    );
  if (filter.status) query = query.where('s.status', '=', filter.status as SurveyRow['status']);
  if (filter.q) {
    const q = filter.q;
    query = query.where((eb) => containsText(dialect, eb.ref('s.title'), q));
  }
  const [{ total }, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    query
      .selectAll('s')
      .orderBy('s.updated_at', 'desc')
      .orderBy('s.id', 'desc')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
  ]);
  return { rows, total: Number(total) };
}

/** Changes a draft if it is still a draft at `version`; false when someone else got there first. */
export async function updateDraft(db: Executor, orgId: string, id: string, version: number, changes: Partial<SurveyRow>): Promise<boolean> {
  const result = await db
    .updateTable('surveys')
    .set({ ...changes, version: version + 1 })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertResponse(db: Executor, row: SurveyResponseRow, answers: SurveyAnswerRow[]): Promise<void> {
  await db.insertInto('survey_responses').values(row).execute();
  // 10 columns a row: 90 rows stay well under SQLite's 999 bound parameters.
  for (let i = 0; i < answers.length; i += 90) await db.insertInto('survey_answers').values(answers.slice(i, i + 90)).execute();
}

export type ResponseWithNames = SurveyResponseRow & { site_name: string; customer_name: string | null; entered_by_name: string | null; version_no: number };

/** Responses to one survey version on the sites in scope, newest first. */
export async function findResponses(
  db: Executor,
  orgId: string,
  surveyId: string,
  scope: SiteScope,
  filter: { siteId?: string },
  page: { page: number; pageSize: number },
): Promise<{ rows: ResponseWithNames[]; total: number }> {
  if (!scope.all && scope.siteIds.length === 0) return { rows: [], total: 0 };
  let query = db.selectFrom('survey_responses as r').where('r.org_id', '=', orgId).where('r.survey_id', '=', surveyId);
  if (!scope.all) query = query.where('r.site_id', 'in', scope.siteIds);
  if (filter.siteId) query = query.where('r.site_id', '=', filter.siteId);
  const [{ total }, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    query
      .innerJoin('sites', 'sites.id', 'r.site_id')
      .innerJoin('surveys', 'surveys.id', 'r.survey_id')
      .leftJoin('customers', 'customers.id', 'r.customer_id')
      .leftJoin('users', 'users.id', 'r.entered_by')
      .selectAll('r')
      .select(['sites.name as site_name', 'customers.name as customer_name', 'users.name as entered_by_name', 'surveys.version_no'])
      .orderBy('r.submitted_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
  ]);
  return { rows, total: Number(total) };
}

export async function findResponse(db: Executor, orgId: string, id: string): Promise<ResponseWithNames | undefined> {
  return db
    .selectFrom('survey_responses as r')
    .innerJoin('sites', 'sites.id', 'r.site_id')
    .innerJoin('surveys', 'surveys.id', 'r.survey_id')
    .leftJoin('customers', 'customers.id', 'r.customer_id')
    .leftJoin('users', 'users.id', 'r.entered_by')
    .selectAll('r')
    .select(['sites.name as site_name', 'customers.name as customer_name', 'users.name as entered_by_name', 'surveys.version_no'])
    .where('r.org_id', '=', orgId)
    .where('r.id', '=', id)
    .executeTakeFirst();
}

export function findAnswers(db: Executor, orgId: string, responseIds: string[]): Promise<SurveyAnswerRow[]> {
  if (responseIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('survey_answers').selectAll().where('org_id', '=', orgId).where('response_id', 'in', responseIds).execute();
}
