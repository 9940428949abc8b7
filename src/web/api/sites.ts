import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../shared/schemas/common';
import type { Site } from '../../shared/schemas/org';
import type { SiteKind } from '../../shared/roles';
import { api, type Query } from './client';

export interface SiteInput {
  name: string;
  code: string;
  parentId?: string | null;
  kind: SiteKind;
  address?: string;
  phone?: string;
}
export type SitePatch = Partial<SiteInput> & { active?: boolean; version?: number };

export function useSites(query: Query, enabled = true) {
  return useQuery({
    queryKey: ['sites', 'list', query],
    queryFn: () => api.get<Page<Site>>('/sites', query),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Every site the caller may see, flat; the tree is built from parentId. */
export function useSiteTree(enabled = true) {
  return useQuery({
    queryKey: ['sites', 'tree'],
    queryFn: async () => (await api.get<{ items: Site[] }>('/sites/tree')).items,
    staleTime: 60_000,
    enabled,
  });
}

export function useSaveSite() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: SiteInput | SitePatch }) =>
      id ? api.patch<Site>(`/sites/${id}`, body) : api.post<Site>('/sites', body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['sites'] }),
  });
}
