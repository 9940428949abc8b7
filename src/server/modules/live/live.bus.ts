import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { type ChannelListener, listenChannel, notifyOnCommit } from '../../db/dialect.js';
import type { Executor } from '../context.js';

/** The channel every app instance on the database listens on. */
export const LIVE_CHANNEL = 'fuwu_changes';

/**
 * What changed, and nothing more: ids, the kind of write and the new version. Never names, phones
 * or text: the browser refetches what it is allowed to see through the ordinary API.
 */
export interface CaseChangeEvent {
  orgId: string;
  siteId: string;
  caseId: string;
  kind: string;
  version: number;
}

/** A message to the open streams: a case changed, or changes may have been missed (the listener reconnected). */
export type LiveMessage = { type: 'case'; event: CaseChangeEvent } | { type: 'resync' };

/**
 * Announces a case write to every open live stream, of every app instance, once the writing
 * transaction commits (`db.kysely` is that transaction); a rolled-back write announces nothing.
 */
export async function publishCaseChange(db: Db, orgId: string, caseId: string, kind: string): Promise<void> {
  const row = await (db.kysely as Executor).selectFrom('cases').select(['site_id', 'version']).where('org_id', '=', orgId).where('id', '=', caseId).executeTakeFirst();
  if (!row) return;
  const event: CaseChangeEvent = { orgId, siteId: row.site_id, caseId, kind, version: row.version };
  await notifyOnCommit(db, LIVE_CHANNEL, JSON.stringify(event));
}

function parseEvent(payload: string): CaseChangeEvent | null {
  try {
    const value = JSON.parse(payload) as Partial<CaseChangeEvent>;
    if (typeof value.orgId !== 'string' || typeof value.siteId !== 'string' || typeof value.caseId !== 'string') return null;
    return { orgId: value.orgId, siteId: value.siteId, caseId: value.caseId, kind: String(value.kind), version: Number(value.version) };
  } catch {
    return null;
  }
}

/**
 * The app's end of the change channel: one listener per app instance (started with the first
 * stream), fanned out to the open streams, each of which filters by its caller's scope.
 */
export class LiveHub {
  private listener: ChannelListener | null = null;
  private readonly subscribers = new Set<(message: LiveMessage) => void>();
  private readonly streams = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly database: Config['database'],
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Receives every change from now on; resolves once the listener is in place. Returns the unsubscribe function. */
  async subscribe(fn: (message: LiveMessage) => void): Promise<() => void> {
    this.subscribers.add(fn);
    if (!this.listener && !this.closed) {
      this.listener = listenChannel(
        this.db,
        this.database.dialect === 'postgres' ? this.database.url : undefined,
        LIVE_CHANNEL,
        (payload) => {
          const event = parseEvent(payload);
          if (event) this.dispatch({ type: 'case', event });
        },
        this.log,
        () => this.dispatch({ type: 'resync' }),
      );
    }
    await this.listener?.ready;
    return () => this.subscribers.delete(fn);
  }

  private dispatch(message: LiveMessage): void {
    for (const fn of this.subscribers) {
      try {
        fn(message);
      } catch (error) {
        this.log.warn({ err: error }, 'live stream failed to take a message');
      }
    }
  }

  /** Registers a stream's closer, so that shutdown can end it; returns the unregister function. */
  track(end: () => void): () => void {
    this.streams.add(end);
    return () => this.streams.delete(end);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Ends every open stream (the server would otherwise wait for them forever). */
  endStreams(): void {
    this.closed = true;
    for (const end of [...this.streams]) end();
  }

  async close(): Promise<void> {
    this.endStreams();
    this.subscribers.clear();
    const listener = this.listener;
    this.listener = null;
    await listener?.close();
  }
}
