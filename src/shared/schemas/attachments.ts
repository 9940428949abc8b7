import { z } from 'zod';

/** What a file may be, decided from its first bytes. */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** Files one upload may carry. */
export const MAX_FILES_PER_UPLOAD = 5;

export const isImageType = (contentType: string): boolean => contentType.startsWith('image/');

export const attachmentSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  eventId: z.string().nullable(),
  fileName: z.string(),
  contentType: z.enum(ATTACHMENT_TYPES),
  size: z.number().int(),
  sha256: z.string(),
  /** null: the customer uploaded it on the portal */
  uploadedById: z.string().nullable(),
  uploadedByName: z.string().nullable(),
  /** shown to the customer on the portal */
  public: z.boolean(),
  createdAt: z.string(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const attachmentParams = z.object({ id: z.uuid(), attachmentId: z.uuid() });
