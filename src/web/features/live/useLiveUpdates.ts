import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { caseKeys } from '../../api/cases';

export type LiveStatus = 'connecting' | 'live' | 'offline';

/** The notifications bell's unread count; refreshed when a case changes, since a change may notify the user. */
const UNREAD_COUNT_KEY = ['notifications', 'unread-count'] as const;
/** A burst of changes (a bulk assignment) refreshes the lists once, not once per case. */
const BATCH_MS = 300;
/** After the browser gives up on the stream (the server answered with an error), try again this much later. */
const REOPEN_MS = 30_000;

/**
 * Keeps the open pages current without reloads: listens to `/api/v1/live` (server-sent events)
 * and, when a case changes, refreshes the case lists, that case and the unread count. Mount once,
 * in the signed-in layout. The browser reconnects by itself; after a reconnect (or a `resync`)
 * changes may have been missed, so everything about cases is refreshed.
 */
export function useLiveUpdates(enabled = true): LiveStatus {
  const client = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') {
      setStatus('offline');
      return;
    }
    let source: EventSource | null = null;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let flush: ReturnType<typeof setTimeout> | undefined;
    let wasOpen = false;
    let stopped = false;
    const changed = new Set<string>();

    const refreshAll = () => {
      void client.invalidateQueries({ queryKey: ['cases'] });
      void client.invalidateQueries({ queryKey: UNREAD_COUNT_KEY });
    };
    const flushChanges = () => {
      flush = undefined;
      void client.invalidateQueries({ queryKey: caseKeys.lists });
      for (const id of changed) void client.invalidateQueries({ queryKey: caseKeys.detail(id) });
      changed.clear();
      void client.invalidateQueries({ queryKey: UNREAD_COUNT_KEY });
    };

    const open = () => {
      source = new EventSource('/api/v1/live', { withCredentials: true });
      source.onopen = () => {
        setStatus('live');
        if (wasOpen) refreshAll();
        wasOpen = true;
      };
      source.onerror = () => {
        if (stopped || !source) return;
        if (source.readyState === EventSource.CLOSED) {
          setStatus('offline');
          source = null;
          reopen = setTimeout(open, REOPEN_MS);
        } else {
          setStatus('connecting');
        }
      };
      source.addEventListener('case', (message) => {
        try {
          const data = JSON.parse((message as MessageEvent<string>).data) as { caseId?: string };
          if (data.caseId) changed.add(data.caseId);
        } catch {
          return;
        }
        flush ??= setTimeout(flushChanges, BATCH_MS);
      });
      source.addEventListener('resync', refreshAll);
    };
    open();

    return () => {
      stopped = true;
      clearTimeout(reopen);
      clearTimeout(flush);
      source?.close();
    };
  }, [client, enabled]);

  return status;
}
