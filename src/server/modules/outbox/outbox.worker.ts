import os from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { OutboxChannel } from '../../../shared/outbox/templates.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import type { OutboxMessageRow } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import * as repo from './outbox.repository.js';
import { createTransports, type Transports } from './outbox.transports.js';

export interface DeliveryOptions {
  transports: Transports;
  /** attempts before a message is dead-lettered */
  maxAttempts: number;
  /** wait before the first retry; doubled for each further one */
  retryBaseSeconds: number;
  /** messages claimed at a time */
  batchSize?: number;
  /** batches per round at most, so one round ends and the next tick starts afresh */
  maxBatches?: number;
  /** messages sent at once within a batch */
  concurrency?: number;
  /** how long a claim holds; a claim older than this is taken over (its instance is presumed dead) */
  leaseMs?: number;
  /** names this instance in claimed_by */
  workerId?: string;
}

export interface DeliveryCounts {
  sent: number;
  retried: number;
  dead: number;
}

/** The longest wait between two attempts. */
const MAX_RETRY_DELAY_MS = 6 * 60 * 60 * 1000;

/** Exponential back-off: the base after the first failure, twice that after the second, … (capped at 6 hours). */
export function retryDelayMs(failedAttempts: number, baseSeconds: number): number {
  return Math.min(baseSeconds * 1000 * 2 ** Math.max(0, failedAttempts - 1), MAX_RETRY_DELAY_MS);
}

const defaultWorkerId = `${os.hostname()}:${process.pid}:${newId().slice(-8)}`;

/**
 * One delivery round: claims due messages batch by batch (see claimDueMessages: safe with several
 * instances on one database), sends each through its channel's transport, and records the result:
 * sent; or a retry after exponential back-off; or dead after the last allowed attempt. `now` is the
 * round's start; the round's clock moves on from it in real time.
 */
export async function deliverOutbox(db: Db, now: Date, options: DeliveryOptions): Promise<DeliveryCounts> {
  const started = Date.now();
  const clock = () => new Date(now.getTime() + (Date.now() - started));
  const batchSize = options.batchSize ?? 100;
  const maxBatches = options.maxBatches ?? 50;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const workerId = options.workerId ?? defaultWorkerId;
  const counts: DeliveryCounts = { sent: 0, retried: 0, dead: 0 };

  for (let batch = 0; batch < maxBatches; batch++) {
    const at = clock();
    const token = `${workerId}:${newId()}`;
    const { candidates, claimed } = await repo.claimDueMessages(db.kysely, at.toISOString(), new Date(at.getTime() + leaseMs).toISOString(), token, batchSize);
    if (candidates === 0) break;
    let next = 0;
    const lane = async () => {
      while (next < claimed.length) {
        const message = claimed[next++];
        const outcome = await deliverOne(db, message, token, clock, options);
        counts[outcome]++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, lane));
    // Fewer candidates than a batch: the queue is empty for now. (Fewer claimed than candidates
    // means another instance won those rows: the next batch reads new candidates.)
    if (candidates < batchSize) break;
  }
  return counts;
}

async function deliverOne(db: Db, message: OutboxMessageRow, token: string, clock: () => Date, options: DeliveryOptions): Promise<keyof DeliveryCounts> {
  const attempts = message.attempts + 1;
  const transport = options.transports[message.channel as OutboxChannel];
  try {
    if (!transport) throw new Error(`No transport for channel ${message.channel}`);
    await transport.send({ id: message.id, channel: message.channel as OutboxChannel, event: message.event, locale: message.locale, recipient: message.recipient, subject: message.subject, body: message.body });
  } catch (error) {
    const at = clock();
    const dead = attempts >= options.maxAttempts;
    await repo.markFailed(db.kysely, message.id, token, {
      status: dead ? 'dead' : 'queued',
      attempts,
      nextAttemptAt: dead ? at.toISOString() : new Date(at.getTime() + retryDelayMs(attempts, options.retryBaseSeconds)).toISOString(),
      error: describeError(error),
      at: at.toISOString(),
    });
    return dead ? 'dead' : 'retried';
  }
  await repo.markSent(db.kysely, message.id, token, clock().toISOString(), attempts);
  return 'sent';
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, 1000);
}

// ---------------------------------------------------------------------------------------------
// The running instance's transports and settings, set once at startup (main.ts).

export interface OutboxRuntime extends Omit<DeliveryOptions, 'transports'> {
  transports: Transports;
  reminderHour: number;
}

let runtime: OutboxRuntime | undefined;

/** Creates the configured transports for the background jobs; answers their names for the startup banner. */
export function configureOutbox(config: Config, log: FastifyBaseLogger): Record<OutboxChannel, string> {
  const transports = createTransports(config.outbox, log);
  runtime = { transports, maxAttempts: config.outbox.maxAttempts, retryBaseSeconds: config.outbox.retryBaseSeconds, reminderHour: config.outbox.reminderHour };
  return { email: transports.email.name, sms: transports.sms.name };
}

/** The runtime configureOutbox() set; the jobs fail loudly if it was never called. */
export function outboxRuntime(): OutboxRuntime {
  if (!runtime) throw new Error('The outbox is not configured (configureOutbox was not called)');
  return runtime;
}

/** Closes pooled connections (SMTP) on shutdown. */
export async function closeOutbox(): Promise<void> {
  const current = runtime;
  runtime = undefined;
  if (current) await Promise.all(Object.values(current.transports).map((t) => t.close?.()));
}
