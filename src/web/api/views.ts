import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SavedView } from '../../shared/schemas/views';
import { api } from './client';

const VIEWS_KEY = ['saved-views'] as const;

/** The signed-in person's saved case-list views. */
export function useSavedViews(enabled = true) {
  return useQuery({
    queryKey: VIEWS_KEY,
    queryFn: async () => (await api.get<{ items: SavedView[] }>('/saved-views')).items,
    staleTime: 5 * 60_000,
    enabled,
  });
}

export function useCreateView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; query: Record<string, string> }) => api.post<SavedView>('/saved-views', body),
    onSuccess: () => client.invalidateQueries({ queryKey: VIEWS_KEY }),
  });
}

export function useUpdateView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: { name?: string; query?: Record<string, string>; position?: number } }) => api.patch<SavedView>(`/saved-views/${id}`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: VIEWS_KEY }),
  });
}

export function useDeleteView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/saved-views/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: VIEWS_KEY }),
  });
}
