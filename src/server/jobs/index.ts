import { runEscalationSweep } from '../modules/sla/escalation.service.js';
import { queueRevisitReminders } from '../modules/outbox/outbox.events.js';
import { deliverOutbox, outboxRuntime } from '../modules/outbox/outbox.worker.js';
import type { Job } from './runner.js';

/** Every background job the app runs (started in main.ts). One entry per job; keep them short. */
export const JOBS: readonly Job[] = [
  // Deadlines breached since the last round escalate one level up the chain.
  // Emails and SMS waiting in the outbox go out (claimed per row; retries with back-off).
  { name: 'outbox-delivery', intervalMs: 5_000, run: (db, now) => deliverOutbox(db, now, outboxRuntime()).then((r) => ({ ...r })) },
  // Each staff member's revisits due today, by email, once a day from REVISIT_REMINDER_HOUR.
  { name: 'revisit-reminders', intervalMs: 5 * 60_000, run: (db, now) => queueRevisitReminders(db, now, outboxRuntime()) },
  { name: 'escalation', intervalMs: 60_000, run: (db, now) => runEscalationSweep(db, now).then((r) => ({ escalated: r.escalated })) },
];
