import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PortalCaseView, PortalForm } from '../../shared/schemas/portal';
import { api } from './client';

/** The tracking token travels in a header, so it stays out of API URLs (and their logs). */
const tokenHeader = (token: string) => ({ 'x-portal-token': token });

export function usePortalForm(orgSlug: string, siteCode: string | undefined) {
  return useQuery({
    queryKey: ['portal', 'form', orgSlug, siteCode ?? ''],
    queryFn: () => api.get<PortalForm>(`/portal/${encodeURIComponent(orgSlug)}`, { site: siteCode }),
    retry: false,
    staleTime: 5 * 60_000,
  });
}

export interface PortalSubmission {
  type: string;
  siteId: string;
  name: string;
  phone: string;
  title?: string;
  description: string;
  consent: boolean;
  /** the honeypot's value, as the page holds it */
  website: string;
  photos: File[];
}

export function useSubmitPortalCase(orgSlug: string) {
  return useMutation({
    mutationFn: (input: PortalSubmission) => {
      const form = new FormData();
      for (const [key, value] of Object.entries(input)) {
        if (key === 'photos' || value === undefined) continue;
        form.set(key, String(value));
      }
      for (const photo of input.photos) form.append('photo', photo, photo.name);
      return api.post<{ number: string; trackingToken: string }>(`/portal/${encodeURIComponent(orgSlug)}/cases`, form);
    },
  });
}

const trackKey = (number: string) => ['portal', 'case', number] as const;

export function usePortalCase(number: string, token: string) {
  return useQuery({
    queryKey: trackKey(number),
    queryFn: () => api.get<PortalCaseView>(`/portal/cases/${encodeURIComponent(number)}`, undefined, tokenHeader(token)),
    retry: false,
    enabled: Boolean(token),
    // Staff may answer while the page is open.
    refetchInterval: 60_000,
  });
}

export function usePortalReply(number: string, token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, photos }: { body: string; photos: File[] }) => {
      const form = new FormData();
      form.set('body', body);
      for (const photo of photos) form.append('photo', photo, photo.name);
      return api.post<PortalCaseView>(`/portal/cases/${encodeURIComponent(number)}/replies`, form, tokenHeader(token));
    },
    onSuccess: (view) => client.setQueryData(trackKey(number), view),
  });
}

/** An attachment as an <img>/<a> address: the page cannot send headers there, so the token goes in the query (logs redact it). */
export const portalAttachmentUrl = (number: string, token: string, attachmentId: string) =>
  `/api/v1/portal/cases/${encodeURIComponent(number)}/attachments/${attachmentId}?token=${encodeURIComponent(token)}`;

/** The private link the customer keeps. */
export const trackingLink = (number: string, token: string) => `${window.location.origin}/p/track/${encodeURIComponent(number)}?token=${encodeURIComponent(token)}`;
