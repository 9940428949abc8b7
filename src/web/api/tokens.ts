import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiToken } from '../../shared/schemas/auth';
import { api } from './client';

export type CreatedToken = ApiToken & { token: string };

export function useTokens() {
  return useQuery({
    queryKey: ['tokens'],
    queryFn: async () => (await api.get<{ items: ApiToken[] }>('/tokens')).items,
  });
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; userId?: string }) => api.post<CreatedToken>('/tokens', body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['tokens'] }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/tokens/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['tokens'] }),
  });
}
