import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { attachmentParams, attachmentSchema, isImageType } from '../../../shared/schemas/attachments.js';
import { idParams } from '../../../shared/schemas/common.js';
import { contextFor } from '../../plugins/auth.js';
import type { RoutesPlugin } from '../routes.js';
import { downloadCaseAttachment, uploadCaseAttachments, type AttachmentDownload } from './attachments.service.js';
import { readUpload } from './attachments.upload.js';

/** RFC 6266: an ASCII fallback for old clients and the exact UTF-8 name for everyone else. */
function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * Sends a stored file. Images open in the browser; anything else (PDF) downloads, so a document
 * never runs in the application's origin. The sandbox policy keeps even an image URL opened
 * directly from doing anything but show itself.
 */
export function sendAttachment(reply: FastifyReply, { attachment, stream }: AttachmentDownload) {
  return reply
    .header('content-type', attachment.contentType)
    .header('content-length', String(attachment.size))
    .header('content-disposition', contentDisposition(isImageType(attachment.contentType) ? 'inline' : 'attachment', attachment.fileName))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
    .header('cache-control', 'private, max-age=3600')
    .send(stream);
}

/** Multipart flags arrive as text. */
export const isTicked = (value: string | undefined) => value === 'true' || value === '1' || value === 'on';

export const attachmentsRoutes: RoutesPlugin = async (app, { db, config }) => {
  const tags = ['cases'];
  app.post(
    '/cases/:id/attachments',
    {
      schema: {
        tags,
        summary: 'Attach images or PDF documents to a case (multipart/form-data: files, public=true|false)',
        consumes: ['multipart/form-data'],
        params: idParams,
        response: { 201: z.object({ items: z.array(attachmentSchema) }) },
      },
    },
    async (request, reply) => {
      const ctx = contextFor(request, db, config);
      const upload = await readUpload(request, config);
      const items = await uploadCaseAttachments(ctx, request.params.id, { files: upload.files, public: isTicked(upload.fields.public) });
      return reply.status(201).send({ items });
    },
  );
  app.get(
    '/cases/:id/attachments/:attachmentId',
    { schema: { tags, summary: 'Download an attachment of a case', params: attachmentParams } },
    async (request, reply) => sendAttachment(reply, await downloadCaseAttachment(contextFor(request, db, config), request.params.id, request.params.attachmentId)),
  );
};
