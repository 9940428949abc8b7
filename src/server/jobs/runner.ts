import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/database.js';

/**
 * A piece of background work every app instance runs on a timer. Jobs must be safe to run in
 * several instances at once: each claims its rows with a conditional update or relies on a
 * unique constraint, never on being the only runner.
 */
export interface Job {
  name: string;
  intervalMs: number;
  /** Does one round of work; returns counts worth logging (nothing is logged when all are 0). */
  run(db: Db, now: Date): Promise<Record<string, number> | void>;
}

export interface RunningJobs {
  /** Stops the timers and waits for rounds in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Starts each job on its own timer, with a first round soon after start (a restart must not delay
 * an escalation or a reminder by a whole interval). A round still running when the next tick comes
 * is not overlapped; a failing round is logged and the job carries on at the next tick.
 */
export function startJobs(db: Db, log: FastifyBaseLogger, jobs: readonly Job[], firstRoundMs = 5_000): RunningJobs {
  const running = new Map<string, Promise<void>>();
  const timers = jobs.map((job) => {
    const tick = () => {
      if (running.has(job.name)) return;
      const round = job
        .run(db, new Date())
        .then((counts) => {
          if (counts && Object.values(counts).some((n) => n > 0)) log.info({ job: job.name, ...counts }, 'job round');
        })
        .catch((error: unknown) => log.error({ err: error, job: job.name }, 'job round failed'))
        .finally(() => running.delete(job.name));
      running.set(job.name, round);
    };
    const first = setTimeout(tick, Math.min(firstRoundMs, job.intervalMs));
    const timer = setInterval(tick, job.intervalMs);
    first.unref();
    timer.unref();
    return { first, timer };
  });
  return {
    stop: async () => {
      for (const { first, timer } of timers) {
        clearTimeout(first);
        clearInterval(timer);
      }
      await Promise.all(running.values());
    },
  };
}
