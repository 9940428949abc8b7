import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CasePriority, CaseType } from '../../shared/schemas/cases';
import type { Page } from '../../shared/schemas/common';
import type { ContactChannel } from '../../shared/schemas/plans';
import type { CommunicationRecord } from '../../shared/schemas/records';
import { api, type Query } from './client';

export interface RecordInput {
  customerId: string;
  revisitId?: string;
  channel: ContactChannel;
  occurredAt?: string;
  staffId?: string;
  topics: string[];
  opinion?: string;
  problems: { description: string }[];
}

export function useRecords(query: Query, enabled = true) {
  return useQuery({
    queryKey: ['communication-records', 'list', query],
    queryFn: () => api.get<Page<CommunicationRecord>>('/communication-records', query),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useRecord(id: string) {
  return useQuery({ queryKey: ['communication-records', 'detail', id], queryFn: () => api.get<CommunicationRecord>(`/communication-records/${id}`) });
}

export function useCreateRecord() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RecordInput) => api.post<CommunicationRecord>('/communication-records', body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['communication-records'] }),
  });
}

/** Turns one problem of a record into a case; answers the record with the problem's case. */
export function useProblemToCase(recordId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ problemId, body }: { problemId: string; body: { type?: CaseType; priority?: CasePriority; title?: string } }) =>
      api.post<CommunicationRecord>(`/communication-records/${recordId}/problems/${problemId}/case`, body),
    onSuccess: (record) => {
      client.setQueryData(['communication-records', 'detail', recordId], record);
      void client.invalidateQueries({ queryKey: ['communication-records', 'list'] });
      void client.invalidateQueries({ queryKey: ['cases'] });
    },
  });
}
