import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OutboxChannel, OutboxEvent } from '../../shared/outbox/templates';
import type { Locale } from '../../shared/roles';
import type { Page } from '../../shared/schemas/common';
import type { MessageTemplate, OutboxMessage, OutboxMessageDetail, OutboxSummary } from '../../shared/schemas/outbox';
import { api, type Query } from './client';

const OUTBOX_KEY = ['outbox'] as const;
const TEMPLATES_KEY = ['message-templates'] as const;
/** The queue moves by itself (the delivery worker): lists refresh while open. */
const POLL_MS = 15_000;

export function useOutboxMessages(query: Query) {
  return useQuery({
    queryKey: [...OUTBOX_KEY, 'list', query],
    queryFn: () => api.get<Page<OutboxMessage>>('/outbox/messages', query),
    placeholderData: keepPreviousData,
    refetchInterval: POLL_MS,
  });
}

export function useOutboxSummary() {
  return useQuery({ queryKey: [...OUTBOX_KEY, 'summary'], queryFn: () => api.get<OutboxSummary>('/outbox/summary'), refetchInterval: POLL_MS });
}

export function useOutboxMessage(id: string | null) {
  return useQuery({ queryKey: [...OUTBOX_KEY, 'message', id], queryFn: () => api.get<OutboxMessageDetail>(`/outbox/messages/${id}`), enabled: id !== null });
}

/** Retry (a dead message) or cancel (a queued one). */
export function useOutboxAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'retry' | 'cancel' }) => api.post<OutboxMessageDetail>(`/outbox/messages/${id}/${action}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: OUTBOX_KEY }),
  });
}

export interface TemplateKey {
  event: OutboxEvent;
  channel: OutboxChannel;
  locale: Locale;
}
const templatePath = (k: TemplateKey) => `/message-templates/${k.event}/${k.channel}/${k.locale}`;

export function useMessageTemplates() {
  return useQuery({ queryKey: TEMPLATES_KEY, queryFn: () => api.get<{ items: MessageTemplate[] }>('/message-templates') });
}

export function useSaveTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ key, subject, body, version }: { key: TemplateKey; subject: string | null; body: string; version: number }) =>
      api.put<MessageTemplate>(templatePath(key), { subject, body, version }),
    onSuccess: () => void client.invalidateQueries({ queryKey: TEMPLATES_KEY }),
  });
}

export function useRestoreTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (key: TemplateKey) => api.delete(templatePath(key)),
    onSuccess: () => void client.invalidateQueries({ queryKey: TEMPLATES_KEY }),
  });
}
