import { defaultSlaTargets, type SlaTargets } from '../../../shared/cases/sla-targets.js';
import type { CasePriority, CaseType } from '../../../shared/schemas/cases.js';
import { DEFAULT_CALENDAR, type BusinessCalendar } from '../../../shared/sla/business-calendar.js';
import type { Executor } from '../context.js';

export interface CaseSla {
  timezone: string;
  calendar: BusinessCalendar;
  targets: SlaTargets;
}

/**
 * The deadlines that apply to a case: the organisation's business calendar and the targets for
 * the case's type and priority (on its site). Every deadline computation goes through here.
 */
export async function caseSla(trx: Executor, orgId: string, c: { type: CaseType; priority: CasePriority; siteId: string }): Promise<CaseSla> {
  const org = await trx.selectFrom('organizations').select('timezone').where('id', '=', orgId).executeTakeFirstOrThrow();
  return { timezone: org.timezone, calendar: { ...DEFAULT_CALENDAR, timezone: org.timezone }, targets: defaultSlaTargets(c.type, c.priority) };
}
