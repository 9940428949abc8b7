import type { CaseStatus } from '../../../shared/cases/state-machine.js';
import type { SurveyFollowUp } from '../../../shared/schemas/surveys.js';
import type { SurveyFollowUpRow } from '../../db/types.js';
import type { Executor } from '../context.js';

/** Inserts a follow-up; false when the response already has one for this question (the unique index decides, even between app instances). */
export async function insertFollowUp(db: Executor, row: SurveyFollowUpRow): Promise<boolean> {
  const inserted = await db.insertInto('survey_follow_ups').values(row).onConflict((oc) => oc.columns(['response_id', 'question_key']).doNothing()).executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

export function findFollowUpFor(db: Executor, orgId: string, responseId: string, questionKey: string): Promise<{ case_id: string } | undefined> {
  return db.selectFrom('survey_follow_ups').select('case_id').where('org_id', '=', orgId).where('response_id', '=', responseId).where('question_key', '=', questionKey).executeTakeFirst();
}

/** The follow-ups of these responses with their case's number and current status, oldest first. */
export async function findFollowUps(db: Executor, orgId: string, responseIds: string[]): Promise<Map<string, SurveyFollowUp[]>> {
  const out = new Map<string, SurveyFollowUp[]>();
  if (responseIds.length === 0) return out;
  const rows = await db
    .selectFrom('survey_follow_ups as f')
    .innerJoin('cases', 'cases.id', 'f.case_id')
    .select(['f.id', 'f.response_id', 'f.question_key', 'f.case_id', 'f.note', 'f.created_at', 'cases.number', 'cases.status'])
    .where('f.org_id', '=', orgId)
    .where('f.response_id', 'in', responseIds)
    .orderBy('f.created_at')
    .orderBy('f.id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.response_id) ?? [];
    list.push({ id: r.id, questionKey: r.question_key, caseId: r.case_id, caseNumber: r.number, caseStatus: r.status as CaseStatus, note: r.note, createdAt: r.created_at });
    out.set(r.response_id, list);
  }
  return out;
}
