import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CaseDetail } from '../../shared/schemas/cases';
import type { CompensationLimit, CompensationType } from '../../shared/schemas/recovery';
import { api } from './client';

export interface RecoveryInput {
  attributionClass: 1 | 2 | 3 | 4;
  failureReportedAt?: string;
  explanation: { givenAt: string; method: string; text: string } | null;
  compensation: { type: CompensationType; amountFen: number; note?: string };
  version?: number;
}

/** Recovery writes answer the whole case, like every other case change. */
function useRecoveryChange<T>(id: string, send: (body: T) => Promise<CaseDetail>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (detail) => {
      client.setQueryData(['cases', 'detail', id], detail);
      void client.invalidateQueries({ queryKey: ['cases', 'list'] });
    },
  });
}

export function useSaveRecovery(id: string) {
  return useRecoveryChange<RecoveryInput>(id, (body) => api.put<CaseDetail>(`/cases/${id}/recovery`, body));
}

export function useDecideRecovery(id: string) {
  return useRecoveryChange<{ verdict: 'approve' | 'reject'; note?: string; version: number }>(id, ({ verdict, ...body }) =>
    api.post<CaseDetail>(`/cases/${id}/recovery/${verdict}`, body),
  );
}

const LIMITS_KEY = ['compensation-limits'] as const;

export function useCompensationLimits(enabled = true) {
  return useQuery({ queryKey: LIMITS_KEY, queryFn: async () => (await api.get<{ items: CompensationLimit[] }>('/compensation-limits')).items, enabled });
}

export function useSaveCompensationLimits() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (limits: Array<{ role: string; limitFen: number | null }>) => api.put<{ items: CompensationLimit[] }>('/compensation-limits', { limits }),
    onSuccess: (data) => {
      client.setQueryData(LIMITS_KEY, data.items);
      // Every case page shows the reader's limit.
      void client.invalidateQueries({ queryKey: ['cases', 'detail'] });
    },
  });
}
