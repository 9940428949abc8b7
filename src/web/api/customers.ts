import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../shared/schemas/common';
import type { Customer } from '../../shared/schemas/org';
import type { CustomerTier, Locale } from '../../shared/roles';
import { api, downloadFile, type Query } from './client';

export interface CustomerInput {
  name?: string;
  phone?: string;
  siteId?: string;
  tier?: CustomerTier;
  unit?: string;
  address?: string;
  phone2?: string | null;
  email?: string | null;
  tags?: string[];
  consent?: { sms: boolean; email: boolean; survey: boolean };
  notes?: string;
  version?: number;
}

export function useCustomers(query: Query, enabled = true) {
  return useQuery({
    queryKey: ['customers', 'list', query],
    queryFn: () => api.get<Page<Customer>>('/customers', query),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useSaveCustomer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: CustomerInput }) =>
      id ? api.patch<Customer>(`/customers/${id}`, body) : api.post<Customer>('/customers', body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['customers'] }),
  });
}

export function useDeleteCustomer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/customers/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['customers'] }),
  });
}

/** Downloads the customers matching the filter as an Excel file, headers in the given language. */
export function exportCustomers(filter: Query, locale: Locale): Promise<void> {
  return downloadFile('/customers/export.xlsx', { ...filter, locale }, 'customers.xlsx');
}

export function useCustomer(id: string | undefined) {
  return useQuery({ queryKey: ['customers', 'detail', id], queryFn: () => api.get<Customer>(`/customers/${id}`), enabled: Boolean(id) });
}
