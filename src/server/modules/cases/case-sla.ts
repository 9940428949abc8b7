import type { SlaTargets } from '../../../shared/cases/sla-targets.js';
import type { CasePriority, CaseType } from '../../../shared/schemas/cases.js';
import type { BusinessCalendar } from '../../../shared/sla/business-calendar.js';
import type { Executor } from '../context.js';
import { organisationCalendar, policyTargets } from '../sla/sla.service.js';

export interface CaseSla {
  timezone: string;
  calendar: BusinessCalendar;
  targets: SlaTargets;
}

/**
 * The deadlines that apply to a case: the organisation's business calendar and the targets for
 * the case's type and priority on its site (the most specific policy, else the defaults). Every
 * deadline computation goes through here.
 */
export async function caseSla(trx: Executor, orgId: string, c: { type: CaseType; priority: CasePriority; siteId: string }): Promise<CaseSla> {
  const [calendar, targets] = await Promise.all([organisationCalendar(trx, orgId), policyTargets(trx, orgId, c)]);
  return { timezone: calendar.timezone, calendar, targets };
}

/**
 * The deadlines of a case already recorded: today's calendar (a holiday entered since counts), but
 * the targets the case was given when it was recorded, since a changed policy applies to new cases
 * only. Cases recorded before targets were stored fall back to the policy in force.
 */
export async function recordedCaseSla(
  trx: Executor,
  orgId: string,
  c: { type: string; priority: string; site_id: string; first_response_target_minutes: number | null; resolution_target_minutes: number | null },
): Promise<CaseSla> {
  const current = await caseSla(trx, orgId, { type: c.type as CaseType, priority: c.priority as CasePriority, siteId: c.site_id });
  return {
    ...current,
    targets: { firstResponse: c.first_response_target_minutes ?? current.targets.firstResponse, resolution: c.resolution_target_minutes ?? current.targets.resolution },
  };
}
