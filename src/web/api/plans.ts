import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Cadence } from '../../shared/revisits/cadence';
import type { CustomerTier } from '../../shared/roles';
import type { Page } from '../../shared/schemas/common';
import type { ContactChannel, PlanRevisitSummary, RevisitPlan } from '../../shared/schemas/plans';
import { api, type Query } from './client';

export interface PlanInput {
  customerId?: string;
  tier?: CustomerTier;
  siteId?: string | null;
  name?: string;
  cadence?: Cadence;
  channel?: ContactChannel;
  ownerId?: string;
  startDate?: string;
  note?: string | null;
  active?: boolean;
  version?: number;
}

export function usePlans(query: Query, enabled = true) {
  return useQuery({
    queryKey: ['revisit-plans', 'list', query],
    queryFn: () => api.get<Page<RevisitPlan>>('/revisit-plans', query),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Overdue plan revisits and those open today on the caller's sites. */
export function usePlanRevisitSummary(enabled = true) {
  return useQuery({
    queryKey: ['revisit-plans', 'summary'],
    queryFn: () => api.get<PlanRevisitSummary>('/revisit-plans/summary'),
    enabled,
  });
}

export function useSavePlan() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: PlanInput }) => (id ? api.patch<RevisitPlan>(`/revisit-plans/${id}`, body) : api.post<RevisitPlan>('/revisit-plans', body)),
    onSuccess: () => client.invalidateQueries({ queryKey: ['revisit-plans'] }),
  });
}

export function useDeactivatePlan() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) => api.post<RevisitPlan>(`/revisit-plans/${id}/deactivate`, { version }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['revisit-plans'] }),
  });
}
