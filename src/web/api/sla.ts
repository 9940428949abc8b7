import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BusinessCalendarInput, BusinessCalendarView, SlaPolicies } from '../../shared/schemas/sla';
import type { CasePriority, CaseType } from '../../shared/schemas/cases';
import { api } from './client';

export interface PolicyInput {
  caseType: CaseType;
  priority: CasePriority;
  firstResponseMinutes: number;
  resolutionMinutes: number;
  version?: number;
}

const POLICIES_KEY = ['sla-policies'] as const;
const CALENDAR_KEY = ['business-calendar'] as const;

export function useSlaPolicies() {
  return useQuery({ queryKey: POLICIES_KEY, queryFn: () => api.get<SlaPolicies>('/sla-policies') });
}

export function usePutSlaPolicies() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { siteId: string | null; policies: PolicyInput[] }) => api.put<SlaPolicies>('/sla-policies', body),
    onSuccess: (data) => client.setQueryData(POLICIES_KEY, data),
  });
}

export function useDeleteSlaPolicy() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/sla-policies/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: POLICIES_KEY }),
  });
}

export function useBusinessCalendar() {
  return useQuery({ queryKey: CALENDAR_KEY, queryFn: () => api.get<BusinessCalendarView>('/business-calendar') });
}

export function usePutBusinessCalendar() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: BusinessCalendarInput) => api.put<BusinessCalendarView>('/business-calendar', body),
    onSuccess: (data) => client.setQueryData(CALENDAR_KEY, data),
  });
}
