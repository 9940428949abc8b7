import type { CasePriority, CaseType } from '../schemas/cases.js';

/**
 * Default service-level targets in business minutes (a working day of the default calendar is
 * 450 minutes). They apply until an organisation sets its own policies: first response within
 * half a day for most contacts, complaints and repairs resolved within two working days.
 */
const BASE_TARGETS: Record<CaseType, { firstResponse: number; resolution: number }> = {
  complaint: { firstResponse: 120, resolution: 900 },
  repair: { firstResponse: 120, resolution: 900 },
  inquiry: { firstResponse: 120, resolution: 450 },
  message: { firstResponse: 240, resolution: 900 },
  suggestion: { firstResponse: 450, resolution: 2250 },
  praise: { firstResponse: 450, resolution: 900 },
};

// Urgent matters (a burst pipe, a lift with someone inside) get a quarter of the normal time.
const PRIORITY_FACTOR: Record<CasePriority, number> = { urgent: 0.25, high: 0.5, normal: 1, low: 2 };

/** First-response and resolution targets, in business minutes. */
export interface SlaTargets {
  firstResponse: number;
  resolution: number;
}

/** First-response and resolution targets (business minutes) for a case type and priority. */
export function defaultSlaTargets(type: CaseType, priority: CasePriority): SlaTargets {
  const base = BASE_TARGETS[type];
  const factor = PRIORITY_FACTOR[priority];
  return { firstResponse: Math.round(base.firstResponse * factor), resolution: Math.round(base.resolution * factor) };
}
