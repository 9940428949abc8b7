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
