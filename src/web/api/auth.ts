import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me } from '../../shared/schemas/auth';
import type { Locale } from '../../shared/roles';
import { api, ApiError, setCsrfToken } from './client';

export const ME_KEY = ['me'] as const;

export interface SessionUser {
  id: string;
  username: string;
  name: string;
  locale: Locale;
  mustChangePassword: boolean;
}

/** The signed-in user, or null when nobody is signed in. */
async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/me');
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000 });
}

export function useLogin() {
  return useMutation({
    mutationFn: (body: { username: string; password: string }) => api.post<{ user: SessionUser }>('/auth/login', body),
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/auth/logout'),
    onSettled: () => {
      setCsrfToken(null);
      client.clear();
      client.setQueryData(ME_KEY, null);
    },
  });
}

export function useChangePassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => api.post<void>('/auth/password', body),
    onSuccess: () => client.invalidateQueries({ queryKey: ME_KEY }),
  });
}

export function saveMyLocale(locale: Locale): Promise<void> {
  return api.patch<void>('/me', { locale });
}
