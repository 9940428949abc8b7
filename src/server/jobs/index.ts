import { runEscalationSweep } from '../modules/sla/escalation.service.js';
import { closeWaitedCases } from '../modules/revisits/revisits.service.js';
import type { Job } from './runner.js';

/** Every background job the app runs (started in main.ts). One entry per job; keep them short. */
export const JOBS: readonly Job[] = [
  // Deadlines breached since the last round escalate one level up the chain.
  { name: 'escalation', intervalMs: 60_000, run: (db, now) => runEscalationSweep(db, now).then((r) => ({ escalated: r.escalated })) },
  // Resolved cases whose revisit policy's wait has passed with no dissatisfied revisit close.
  { name: 'revisit-close', intervalMs: 5 * 60_000, run: (db, now) => closeWaitedCases(db, now) },
];
