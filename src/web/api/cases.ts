import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CaseAction } from '../../shared/cases/state-machine';
import type { Case, CaseChannel, CaseDetail, CasePriority, CaseType } from '../../shared/schemas/cases';
import type { Page } from '../../shared/schemas/common';
import { api, type Query } from './client';

export interface CaseCreateInput {
  type: CaseType;
  channel: CaseChannel;
  siteId: string;
  priority?: CasePriority;
  customerId?: string;
  customer?: { name: string; phone: string };
  title: string;
  description: string;
}

export interface TransitionInput {
  action: CaseAction;
  assigneeId?: string;
  intoCaseId?: string;
  note?: string;
  version: number;
}

const detailKey = (id: string) => ['cases', 'detail', id] as const;

export function useCases(query: Query, enabled = true) {
  return useQuery({
    queryKey: ['cases', 'list', query],
    queryFn: () => api.get<Page<Case>>('/cases', query),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCase(id: string) {
  return useQuery({
    queryKey: detailKey(id),
    queryFn: () => api.get<CaseDetail>(`/cases/${id}`),
    // Somebody else may be working the same case; a short freshness keeps the buttons honest.
    staleTime: 5_000,
  });
}

export function useCreateCase() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CaseCreateInput) => api.post<CaseDetail>('/cases', body),
    onSuccess: (detail) => {
      client.setQueryData(detailKey(detail.id), detail);
      void client.invalidateQueries({ queryKey: ['cases', 'list'] });
      void client.invalidateQueries({ queryKey: ['customers'] });
    },
  });
}

/** Every change answers the whole case; the page shows that answer at once and lists refresh behind it. */
function useCaseChange<T>(id: string, send: (body: T) => Promise<CaseDetail>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (detail) => {
      client.setQueryData(detailKey(id), detail);
      void client.invalidateQueries({ queryKey: ['cases', 'list'] });
    },
  });
}

export function useTransitionCase(id: string) {
  return useCaseChange<TransitionInput>(id, (body) => api.post<CaseDetail>(`/cases/${id}/transitions`, body));
}

export function useCommentCase(id: string) {
  return useCaseChange<{ body: string; public: boolean }>(id, (body) => api.post<CaseDetail>(`/cases/${id}/comments`, body));
}
