import pg from 'pg';

export interface ListenerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;

/**
 * `LISTEN <channel>` on a dedicated connection (a pooled one would be handed to other queries and
 * LISTEN is per connection). When the connection drops (restart, failover, network) it reconnects
 * with a growing delay, logging and never throwing; notifications sent while it was away are lost,
 * so `onReconnect` tells the listener to catch up some other way.
 */
export class PgListener {
  private client: pg.Client | null = null;
  private closed = false;
  private attempt = 0;
  private timer: NodeJS.Timeout | null = null;
  private connectedOnce = false;
  private markReady!: () => void;
  /** Resolves once the first LISTEN is in place (or the listener is closed before that). */
  readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly onMessage: (payload: string) => void,
    private readonly log: ListenerLog,
    private readonly onReconnect: () => void = () => {},
  ) {
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url });
    this.client = client;
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (message.channel === this.channel && message.payload) this.onMessage(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(this.channel)}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.attempt = 0;
    if (this.connectedOnce) {
      this.log.info({ channel: this.channel }, 'listening for changes again');
      this.onReconnect();
    }
    this.connectedOnce = true;
    this.markReady();
  }

  /** The connection failed or ended: forget it and try again later (once per connection). */
  private lost(client: pg.Client, error?: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    client.removeAllListeners('notification');
    // A client that errored may still emit 'error' while ending; keep a listener so it cannot crash the process.
    client.on('error', () => {});
    client.end().catch(() => {});
    if (this.closed) return;
    const delay = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** this.attempt++);
    this.log.warn({ err: error, channel: this.channel, retryInMs: delay }, 'change listener lost its database connection');
    this.timer = setTimeout(() => void this.connect(), delay);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.markReady();
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    if (client) {
      client.removeAllListeners('notification');
      client.on('error', () => {});
      await client.end().catch(() => {});
    }
  }
}
