import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Page } from '../../shared/schemas/common';
import type { AuditEvent } from '../../shared/schemas/org';
import { api, type Query } from './client';

export function useAuditEvents(query: Query, enabled = true) {
  return useQuery({
    queryKey: ['audit', query],
    queryFn: () => api.get<Page<AuditEvent>>('/audit-events', query),
    placeholderData: keepPreviousData,
    enabled,
  });
}
