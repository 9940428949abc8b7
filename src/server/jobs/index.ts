import { announceOverduePlanRevisits, generatePlanRevisits } from '../modules/plans/plans.generate.js';
import { runEscalationSweep } from '../modules/sla/escalation.service.js';
import type { Job } from './runner.js';

/** Every background job the app runs (started in main.ts). One entry per job; keep them short. */
export const JOBS: readonly Job[] = [
  // Deadlines breached since the last round escalate one level up the chain.
  // VIP revisit plans: the revisits due within the next week, one per plan, customer and period.
  { name: 'revisit-plans', intervalMs: 3_600_000, run: (db, now) => generatePlanRevisits(db, now).then((r) => ({ revisits: r.revisits })) },
  // Plan revisits past their deadline: the site's supervisors and the owner are told once.
  { name: 'revisit-plans-overdue', intervalMs: 300_000, run: (db, now) => announceOverduePlanRevisits(db, now) },
  { name: 'escalation', intervalMs: 60_000, run: (db, now) => runEscalationSweep(db, now).then((r) => ({ escalated: r.escalated })) },
];
