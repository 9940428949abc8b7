import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Organization } from '../../shared/schemas/org';
import { ME_KEY } from './auth';
import { api } from './client';

const ORG_KEY = ['organization'] as const;

export function useOrganization() {
  return useQuery({ queryKey: ORG_KEY, queryFn: () => api.get<Organization>('/organization') });
}

export function useSaveOrganization() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name?: string; slug?: string; timezone?: string }) => api.patch<Organization>('/organization', body),
    onSuccess: (organization) => {
      client.setQueryData(ORG_KEY, organization);
      // The header shows the organisation's name and times follow its zone.
      void client.invalidateQueries({ queryKey: ME_KEY });
    },
  });
}
