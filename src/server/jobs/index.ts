import { deleteExpiredSessions } from '../modules/auth/auth.repository.js';
import { deleteOldNotifications } from '../modules/notifications/notifications.repository.js';
import { announceOverduePlanRevisits, generatePlanRevisits } from '../modules/plans/plans.generate.js';
import { closeWaitedCases } from '../modules/revisits/revisits.service.js';
import { runEscalationSweep } from '../modules/sla/escalation.service.js';
import { queueRevisitReminders } from '../modules/outbox/outbox.events.js';
import { deliverOutbox, outboxRuntime } from '../modules/outbox/outbox.worker.js';
import type { Job } from './runner.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The bell keeps read notifications for 90 days and unread ones for a year. */
const READ_NOTIFICATION_DAYS = 90;
const UNREAD_NOTIFICATION_DAYS = 365;

/** Every background job the app runs (started in main.ts). One entry per job; keep them short. */
export const JOBS: readonly Job[] = [
  // Deadlines breached since the last round escalate one level up the chain.
  // Emails and SMS waiting in the outbox go out (claimed per row; retries with back-off).
  { name: 'outbox-delivery', intervalMs: 5_000, run: (db, now) => deliverOutbox(db, now, outboxRuntime()).then((r) => ({ ...r })) },
  // Each staff member's revisits due today, by email, once a day from REVISIT_REMINDER_HOUR.
  { name: 'revisit-reminders', intervalMs: 5 * 60_000, run: (db, now) => queueRevisitReminders(db, now, outboxRuntime()) },
  // VIP revisit plans: the revisits due within the next week, one per plan, customer and period.
  { name: 'revisit-plans', intervalMs: 3_600_000, run: (db, now) => generatePlanRevisits(db, now).then((r) => ({ revisits: r.revisits })) },
  // Plan revisits past their deadline: the site's supervisors and the owner are told once.
  { name: 'revisit-plans-overdue', intervalMs: 300_000, run: (db, now) => announceOverduePlanRevisits(db, now) },
  { name: 'escalation', intervalMs: 60_000, run: (db, now) => runEscalationSweep(db, now).then((r) => ({ escalated: r.escalated })) },
  // Housekeeping: expired sessions and old notifications are deleted.
  { name: 'expired-sessions', intervalMs: HOUR, run: async (db, now) => ({ deleted: await deleteExpiredSessions(db.kysely, now.toISOString()) }) },
  {
    name: 'old-notifications',
    intervalMs: 6 * HOUR,
    run: async (db, now) => ({
      deleted: await deleteOldNotifications(db.kysely, new Date(now.getTime() - READ_NOTIFICATION_DAYS * DAY).toISOString(), new Date(now.getTime() - UNREAD_NOTIFICATION_DAYS * DAY).toISOString()),
    }),
  },
  // Resolved cases whose revisit policy's wait has passed with no dissatisfied revisit close.
  { name: 'revisit-close', intervalMs: 5 * 60_000, run: (db, now) => closeWaitedCases(db, now) },
];
