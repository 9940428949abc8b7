import { visibleAnswers } from '../../../shared/surveys/answers.js';
import { allQuestions, type SurveyDefinition } from '../../../shared/surveys/definition.js';
import type { Db } from '../../db/database.js';
import { recordSatisfactionScore } from '../ladder/ladder.service.js';

/**
 * A response's satisfaction scores move its customer's dissatisfaction ladder: every CSAT answer
 * (the templates' overall-satisfaction questions) is recorded as a 1–5 score from source 'survey'.
 * Anonymous responses have no customer and move nothing. Call inside the response's transaction
 * (`db.kysely` is the transaction); the response's own audit event covers it.
 */
export async function recordSurveyScores(db: Db, orgId: string, def: SurveyDefinition, customerId: string | null, answers: Record<string, unknown>, recordedAt: string): Promise<number> {
  if (!customerId) return 0;
  const shown = visibleAnswers(def, answers);
  let recorded = 0;
  for (const { question } of allQuestions(def)) {
    const value = shown[question.key];
    if (question.type !== 'csat' || typeof value !== 'number') continue;
    await recordSatisfactionScore(db, orgId, { customerId }, value, 5, 'survey', recordedAt);
    recorded++;
  }
  return recorded;
}
