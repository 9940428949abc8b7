import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../shared/schemas/common';
import type { Notification } from '../../shared/schemas/notifications';
import { api, type Query } from './client';

/**
 * Every notification query lives under this key: invalidate it (e.g. when a server-sent event says
 * something happened) and the bell's count and every list refetch.
 */
export const NOTIFICATIONS_QUERY_KEY = ['notifications'] as const;
export const UNREAD_COUNT_QUERY_KEY = [...NOTIFICATIONS_QUERY_KEY, 'unread-count'] as const;

/** How often the bell asks for the unread count. */
const POLL_MS = 30_000;

export function useUnreadCount() {
  return useQuery({
    queryKey: UNREAD_COUNT_QUERY_KEY,
    queryFn: () => api.get<{ count: number }>('/notifications/unread-count'),
    refetchInterval: POLL_MS,
  });
}

export function useNotifications(query: Query, enabled = true) {
  return useQuery({
    queryKey: [...NOTIFICATIONS_QUERY_KEY, 'list', query],
    queryFn: () => api.get<Page<Notification>>('/notifications', query),
    placeholderData: keepPreviousData,
    enabled,
  });
}

function useRefreshAfter<T, A>(send: (arg: A) => Promise<T>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: send, onSuccess: () => void client.invalidateQueries({ queryKey: NOTIFICATIONS_QUERY_KEY }) });
}

export function useMarkNotificationRead() {
  return useRefreshAfter((id: string) => api.post<Notification>(`/notifications/${id}/read`));
}

export function useMarkAllNotificationsRead() {
  return useRefreshAfter(() => api.post<{ count: number }>('/notifications/read-all'));
}
