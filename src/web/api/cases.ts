import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CaseAction } from '../../shared/cases/state-machine';
import type { Case, CaseChannel, CaseDetail, CaseList, CasePriority, CaseType } from '../../shared/schemas/cases';
import type { CauseCode, CauseSuggestionItem } from '../../shared/schemas/causes';
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

/** Query keys of cases in the cache; live updates invalidate them when someone changes a case. */
export const caseKeys = {
  /** every case list, whatever its filters */
  lists: ['cases', 'list'] as const,
  list: (query: Query) => ['cases', 'list', query] as const,
  detail: (id: string) => ['cases', 'detail', id] as const,
};
const detailKey = caseKeys.detail;

export function useCases(query: Query, enabled = true) {
  return useQuery({
    queryKey: caseKeys.list(query),
    queryFn: () => api.get<CaseList>('/cases', query),
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

/** The organisation's cause taxonomy (retired causes included, for naming old codes). */
export function useCauseCodes(enabled = true) {
  return useQuery({
    queryKey: ['cause-codes'],
    queryFn: async () => (await api.get<{ items: CauseCode[] }>('/cause-codes')).items,
    staleTime: 5 * 60_000,
    enabled,
  });
}

export function useCauseSuggestions(id: string, enabled = true) {
  return useQuery({
    queryKey: ['cases', 'cause-suggestions', id],
    queryFn: () => api.get<{ items: CauseSuggestionItem[]; modelExamples: number }>(`/cases/${id}/cause-suggestions`),
    enabled,
  });
}

export function useSetCause(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { causeCode: string | null; version: number }) => api.put<CaseDetail>(`/cases/${id}/cause`, body),
    onSuccess: (detail) => {
      client.setQueryData(detailKey(id), detail);
      void client.invalidateQueries({ queryKey: ['cases', 'list'] });
      // The model learnt from this case: suggestions elsewhere may change.
      void client.invalidateQueries({ queryKey: ['cases', 'cause-suggestions'] });
    },
  });
}

/** Assigns the cases (each with the version the list showed) to one person: all of them or none. */
export function useBulkAssign() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { cases: { id: string; version: number }[]; assigneeId: string }) => api.post<{ items: Case[] }>('/cases/bulk-assign', body),
    onSettled: () => {
      // Refused or not, the list may be out of date (that is usually why it was refused).
      void client.invalidateQueries({ queryKey: caseKeys.lists });
    },
    onSuccess: (result) => {
      for (const c of result.items) void client.invalidateQueries({ queryKey: detailKey(c.id) });
    },
  });
}
