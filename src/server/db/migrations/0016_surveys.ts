import { type Kysely, sql } from 'kysely';
import { columnTypes } from './column-types.js';

// Frozen: a migration that has shipped is never edited; add a new one instead.

/**
 * Surveys: versioned definitions, responses, and their answers one value per row.
 *
 * A survey is a series of versions (series_id = the first version's id). At most one version of a
 * series is a draft; publishing freezes it (status published, never edited again) and every
 * response points at the exact version it answered, so a later edit never changes what an old
 * answer meant.
 *
 * Answers are stored normalised so that statistics are plain SQL over survey_answers:
 *   kind 'value'        likert / nps / csat: num = the score
 *   kind 'expectation'  SERVQUAL pair, expectation side: num 1–7, dimension set
 *   kind 'perception'   SERVQUAL pair, perception side: num 1–7, dimension set
 *   kind 'allocation'   importance points: option = dimension = the SERVQUAL dimension, num 0–100 (five rows sum to 100)
 *   kind 'choice'       single / multiple choice: option = the option key, num = its position (1-based); one row per ticked option
 *   kind 'text'         free text: text
 *   kind 'detail'       customer details: option = name | phone | unit | email, text
 * e.g. the item gap per site: avg over responses of (perception − expectation), i.e.
 *   sum(case kind when 'perception' then num else -num end) grouped by response_id, question_key,
 *   then averaged per site_id (and dimension). Question metadata (type, dimension, item number,
 *   position) is also in survey_questions, one row per question of each version.
 * num is an integer: avg(num) is numeric on PostgreSQL (a string through pg), so cast it:
 *   cast(avg(num) as double precision) works on both.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp } = columnTypes(db);

  await db.schema
    .createTable('surveys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('series_id', 'text', (c) => c.notNull())
    // 1, 2, 3 … within the series
    .addColumn('version_no', 'integer', (c) => c.notNull().check(sql`version_no >= 1`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'published')`))
    // servqual | csat | nps | property when created from a template
    .addColumn('template', 'text')
    // JSON {"zh-CN", "zh-TW", "en-US"}, copied from the definition for lists
    .addColumn('title', 'text', (c) => c.notNull())
    // JSON SurveyDefinition (src/shared/surveys/definition.ts)
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('question_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('published_by', 'text', (c) => c.references('users.id'))
    .addColumn('published_at', timestamp)
    // optimistic concurrency of draft edits
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .addCheckConstraint('surveys_published_at', sql`(status = 'published') = (published_at is not null)`)
    .execute();
  await db.schema.createIndex('surveys_series_version_unique').on('surveys').columns(['org_id', 'series_id', 'version_no']).unique().execute();
  // One draft per series: two people starting to edit the same published survey get one draft.
  await db.schema.createIndex('surveys_one_draft').on('surveys').columns(['org_id', 'series_id']).unique().where(sql.ref('status'), '=', 'draft').execute();

  await db.schema
    .createTable('survey_questions')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id').onDelete('cascade'))
    .addColumn('question_key', 'text', (c) => c.notNull())
    .addColumn('section_key', 'text', (c) => c.notNull())
    // order in the survey, from 0
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('required', 'integer', (c) => c.notNull())
    // SERVQUAL pairs: the dimension and the item number 1–22
    .addColumn('dimension', 'text')
    .addColumn('item_no', 'integer')
    // scale questions (likert, nps, csat, pair): the lowest and highest score
    .addColumn('scale_min', 'integer')
    .addColumn('scale_max', 'integer')
    .addPrimaryKeyConstraint('survey_questions_pk', ['survey_id', 'question_key'])
    .execute();

  await db.schema
    .createTable('survey_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id'))
    .addColumn('series_id', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
    // online | qr | phone | paper | visit | import
    .addColumn('channel', 'text', (c) => c.notNull())
    // the language the customer answered in
    .addColumn('locale', 'text')
    // for campaigns and invitations (issue 5, later): which campaign the response belongs to; no foreign key yet
    .addColumn('campaign_id', 'text')
    // the staff member who entered a phone or paper answer; null when the customer answered
    .addColumn('entered_by', 'text', (c) => c.references('users.id'))
    .addColumn('submitted_at', timestamp, (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('survey_responses_survey_idx').on('survey_responses').columns(['org_id', 'survey_id', 'site_id', 'submitted_at']).execute();
  await db.schema.createIndex('survey_responses_series_idx').on('survey_responses').columns(['org_id', 'series_id', 'site_id', 'submitted_at']).execute();
  await db.schema.createIndex('survey_responses_customer_idx').on('survey_responses').columns(['org_id', 'customer_id']).execute();

  await db.schema
    .createTable('survey_answers')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('response_id', 'text', (c) => c.notNull().references('survey_responses.id').onDelete('cascade'))
    // copied from the response, so per-survey and per-site statistics need no join
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('question_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('value', 'expectation', 'perception', 'allocation', 'choice', 'text', 'detail')`))
    // option key, allocation dimension or detail field; '' when the kind has none
    .addColumn('option', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('num', 'integer')
    .addColumn('text', 'text')
    // SERVQUAL dimension of pair and allocation rows
    .addColumn('dimension', 'text')
    .addPrimaryKeyConstraint('survey_answers_pk', ['response_id', 'question_key', 'kind', 'option'])
    .execute();
  await db.schema.createIndex('survey_answers_question_idx').on('survey_answers').columns(['org_id', 'survey_id', 'question_key', 'kind', 'site_id']).execute();
  await db.schema.createIndex('survey_answers_dimension_idx').on('survey_answers').columns(['org_id', 'survey_id', 'dimension', 'site_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('survey_answers').execute();
  await db.schema.dropTable('survey_responses').execute();
  await db.schema.dropTable('survey_questions').execute();
  await db.schema.dropTable('surveys').execute();
}
