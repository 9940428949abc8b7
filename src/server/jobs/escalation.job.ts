import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/database.js';
import { runEscalationSweep } from '../modules/sla/escalation.service.js';

export interface RunningJob {
  /** Stops the timer and waits for a sweep in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Runs the escalation sweep every `intervalMs` (a minute by default). Every app instance runs one:
 * the sweep claims each escalation with a conditional update, so instances never double-escalate.
 * A sweep still running when the next tick comes is not overlapped.
 */
export function startEscalationJob(db: Db, log: FastifyBaseLogger, intervalMs = 60_000): RunningJob {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = runEscalationSweep(db, new Date())
      .then((result) => {
        if (result.escalated > 0) log.info({ escalated: result.escalated }, 'escalation sweep');
      })
      .catch((error: unknown) => log.error({ err: error }, 'escalation sweep failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
