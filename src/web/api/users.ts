import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../shared/schemas/common';
import type { User } from '../../shared/schemas/org';
import type { Locale, RoleGrant } from '../../shared/roles';
import { api, type Query } from './client';

export interface UserCreateInput {
  username: string;
  name: string;
  password: string;
  roles: RoleGrant[];
  phone?: string;
  email?: string;
  locale?: Locale;
}
export interface UserPatch {
  name?: string;
  roles?: RoleGrant[];
  phone?: string;
  email?: string | null;
  locale?: Locale;
  active?: boolean;
  password?: string;
  unlock?: true;
  version?: number;
}

export function useUsers(query: Query, enabled = true) {
  return useQuery({
    queryKey: ['users', 'list', query],
    queryFn: () => api.get<Page<User>>('/users', query),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UserCreateInput) => api.post<User>('/users', body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UserPatch }) => api.patch<User>(`/users/${id}`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
}
