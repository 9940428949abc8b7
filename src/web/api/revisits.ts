import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Revisit,
  RevisitCalendar,
  RevisitDetail,
  RevisitList,
  RevisitOutcome,
  RevisitPolicies,
  RevisitPoliciesInput,
  RevisitStats,
} from '../../shared/schemas/revisits';
import { api, downloadFile, type Query } from './client';

export const revisitKeys = {
  all: ['revisits'] as const,
  list: (query: Query) => ['revisits', 'list', query] as const,
  calendar: (query: Query) => ['revisits', 'calendar', query] as const,
  detail: (id: string) => ['revisits', 'detail', id] as const,
  stats: (query: Query) => ['revisits', 'stats', query] as const,
  policies: ['revisit-policies'] as const,
};

export function useRevisits(query: Query, enabled = true) {
  return useQuery({ queryKey: revisitKeys.list(query), queryFn: () => api.get<RevisitList>('/revisits', query), placeholderData: keepPreviousData, enabled });
}

export function useRevisitCalendar(query: Query, enabled = true) {
  return useQuery({ queryKey: revisitKeys.calendar(query), queryFn: () => api.get<RevisitCalendar>('/revisits/calendar', query), placeholderData: keepPreviousData, enabled });
}

export function useRevisit(id: string | undefined) {
  return useQuery({ queryKey: revisitKeys.detail(id ?? ''), queryFn: () => api.get<RevisitDetail>(`/revisits/${id}`), enabled: Boolean(id) });
}

export interface AttemptInput {
  outcome: RevisitOutcome;
  solved?: boolean;
  satisfaction?: number;
  comment?: string;
  version: number;
}

/** An attempt may close or reopen the case: the case pages and lists are refreshed too. */
export function useRecordAttempt(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: AttemptInput) => api.post<RevisitDetail>(`/revisits/${id}/attempts`, body),
    onSuccess: (detail) => {
      client.setQueryData(revisitKeys.detail(id), detail);
      void client.invalidateQueries({ queryKey: revisitKeys.all });
      void client.invalidateQueries({ queryKey: ['cases'] });
    },
  });
}

export function useAssignRevisits() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { ids: string[]; ownerId: string }) => api.post<{ items: Revisit[] }>('/revisits/assign', body),
    onSuccess: () => void client.invalidateQueries({ queryKey: revisitKeys.all }),
  });
}

export function useRevisitStats(query: Query) {
  return useQuery({ queryKey: revisitKeys.stats(query), queryFn: () => api.get<RevisitStats>('/revisit-stats', query), placeholderData: keepPreviousData });
}

export function exportRevisitStats(query: Query): Promise<void> {
  return downloadFile('/revisit-stats/export.xlsx', query, 'revisit-figures.xlsx');
}

export function useRevisitPolicies(enabled = true) {
  return useQuery({ queryKey: revisitKeys.policies, queryFn: () => api.get<RevisitPolicies>('/revisit-policies'), enabled });
}

export function useSaveRevisitPolicies() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RevisitPoliciesInput) => api.put<RevisitPolicies>('/revisit-policies', body),
    onSuccess: (data) => client.setQueryData(revisitKeys.policies, data),
  });
}

export function useDeleteRevisitPolicy() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/revisit-policies/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: revisitKeys.policies }),
  });
}
