import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Attachment } from '../../shared/schemas/attachments';
import { api } from './client';

/** Where a staff member's browser fetches an attachment (the session cookie authorises it). */
export const staffAttachmentUrl = (caseId: string, attachmentId: string) => `/api/v1/cases/${caseId}/attachments/${attachmentId}`;

export function useUploadAttachments(caseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ files, isPublic }: { files: File[]; isPublic: boolean }) => {
      const form = new FormData();
      form.set('public', String(isPublic));
      for (const file of files) form.append('files', file, file.name);
      return api.post<{ items: Attachment[] }>(`/cases/${caseId}/attachments`, form);
    },
    // The case's version, timeline and attachment list all changed.
    onSuccess: () => client.invalidateQueries({ queryKey: ['cases', 'detail', caseId] }),
  });
}

/** 10485760 → "10 MB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}
