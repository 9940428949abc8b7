import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextFor } from '../../plugins/auth.js';
import { credentialStillValid } from '../auth/auth.service.js';
import { scopeCovers, siteScope } from '../access/access.policy.js';
import type { RouteDeps } from '../routes.js';
import type { LiveHub, LiveMessage } from './live.bus.js';

/** How long the browser waits before reconnecting after the stream ends. */
const RETRY_MS = 5_000;
/** A client that stops reading is cut off rather than buffered for without end; it reconnects and refetches. */
const MAX_BUFFERED_BYTES = 1 << 20;

/**
 * `GET /live`: server-sent events for the signed-in user. Each case change of the user's
 * organisation on a site the user may read arrives as `event: case` with ids and the new version
 * only; `event: resync` means changes may have been missed and everything should be refetched.
 */
export const liveRoutes: FastifyPluginAsyncZod<RouteDeps & { live: LiveHub }> = async (app, { db, config, live }) => {
  app.get('/live', { schema: { tags: ['live'], summary: 'Live case changes (text/event-stream)' } }, async (request, reply) => {
    const ctx = contextFor(request, db, config);
    // The caller's scope is computed once per connection; a changed grant takes effect on reconnect.
    const scope = await siteScope(ctx.db, ctx.actor, 'cases.read');
    const orgId = ctx.actor.orgId;
    const res = reply.raw;
    reply.hijack();

    let heartbeat: NodeJS.Timeout | undefined;
    let unsubscribe: (() => void) | undefined;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      clearInterval(heartbeat);
      unsubscribe?.();
      untrack();
      if (!res.writableEnded) res.end();
    };
    const untrack = live.track(end);
    const write = (text: string) => {
      if (ended) return;
      if (res.writableLength > MAX_BUFFERED_BYTES) return end();
      res.write(text);
    };
    res.on('close', end);
    if (live.isClosed) return end();

    unsubscribe = await live.subscribe((message: LiveMessage) => {
      if (message.type === 'resync') return write('event: resync\ndata: {}\n\n');
      const { event } = message;
      if (event.orgId !== orgId || !scopeCovers(scope, event.siteId)) return;
      write(`event: case\ndata: ${JSON.stringify(event)}\n\n`);
    });
    if (ended) return unsubscribe();

    // A stream lives as long as the page: no socket timeout.
    request.raw.socket.setTimeout(0);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx would otherwise buffer the stream.
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
    });
    write(`retry: ${RETRY_MS}\n: connected\n\n`);
    // Heartbeats (comment lines) keep proxies and browsers from timing out an idle stream.
    // Each heartbeat re-checks the credential: signing out, an expired session, a revoked token or a
    // disabled user ends the stream (the browser's reconnect is then refused with 401).
    heartbeat = setInterval(() => {
      credentialStillValid(db, ctx.actor)
        .then((valid) => (valid ? write(': heartbeat\n\n') : end()))
        .catch(() => end());
    }, config.liveHeartbeatMs);
  });
};
