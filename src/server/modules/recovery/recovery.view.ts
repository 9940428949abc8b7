import type { Recovery } from '../../../shared/schemas/recovery.js';
import type { CaseRecoveryRow } from '../../db/types.js';
import type { Actor } from '../access/actor.js';
import type { Executor, ServiceContext } from '../context.js';
import { actorLimitOnSite, covers } from './recovery.limits.js';
import { findRecovery } from './recovery.repository.js';

export function presentRecovery(row: CaseRecoveryRow, canDecide: boolean): Recovery {
  return {
    id: row.id,
    attributionClass: row.attribution_class as Recovery['attributionClass'],
    failureReportedAt: row.failure_reported_at,
    explanation:
      row.explanation_given_at && row.explanation_method && row.explanation_text !== null
        ? { givenAt: row.explanation_given_at, method: row.explanation_method as NonNullable<Recovery['explanation']>['method'], text: row.explanation_text }
        : null,
    compensation: { type: row.compensation_type as Recovery['compensation']['type'], amountFen: Number(row.compensation_amount_fen), note: row.compensation_note },
    status: row.status as Recovery['status'],
    requestedBy: { id: row.requested_by, name: row.requested_by_name },
    requestedAt: row.requested_at,
    decidedBy: row.decided_by && row.decided_by_name !== null ? { id: row.decided_by, name: row.decided_by_name } : null,
    decidedAt: row.decided_at,
    decisionNote: row.decision_note,
    recoveredAt: row.recovered_at,
    recoveryMinutes: row.recovery_minutes,
    canDecide,
    version: row.version,
    updatedAt: row.updated_at,
  };
}

/** Whether the actor may approve or reject the pending request: someone else, with a limit that covers it. */
export async function mayDecide(db: Executor, actor: Actor, siteId: string, row: CaseRecoveryRow): Promise<boolean> {
  if (row.status !== 'pending_approval' || row.requested_by === actor.userId) return false;
  return covers(await actorLimitOnSite(db, actor, siteId, 'recovery.approve'), Number(row.compensation_amount_fen));
}

/** The case page's recovery part: the recovery (if any) and the caller's own limit on the case's site. */
export async function recoveryOfCase(ctx: ServiceContext, siteId: string, caseId: string): Promise<{ recovery: Recovery | null; compensationLimitFen: number | null }> {
  const db = ctx.db.kysely;
  const [row, compensationLimitFen] = await Promise.all([findRecovery(db, ctx.actor.orgId, caseId), actorLimitOnSite(db, ctx.actor, siteId, 'cases.write')]);
  return { recovery: row ? presentRecovery(row, await mayDecide(db, ctx.actor, siteId, row)) : null, compensationLimitFen };
}
