import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Campaign, CampaignCreated, CampaignProgress } from '../../shared/schemas/campaigns';
import type { Page } from '../../shared/schemas/common';
import { api, type Query } from './client';

export function useCampaigns(query: Query) {
  return useQuery({ queryKey: ['campaigns', 'list', query], queryFn: () => api.get<Page<Campaign>>('/campaigns', query), placeholderData: keepPreviousData });
}

export function useCampaign(id: string | undefined) {
  return useQuery({ queryKey: ['campaigns', 'one', id], queryFn: () => api.get<Campaign>(`/campaigns/${id}`), enabled: !!id });
}

/** Progress refreshes every 15 s while the page is open: responses arrive from customers, not from this tab. */
export function useCampaignProgress(id: string | undefined) {
  return useQuery({ queryKey: ['campaigns', 'progress', id], queryFn: () => api.get<CampaignProgress>(`/campaigns/${id}/progress`), enabled: !!id, refetchInterval: 15_000 });
}

export function useCreateCampaign() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<CampaignCreated>('/campaigns', body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['campaigns'] }),
  });
}
