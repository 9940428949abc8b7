import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../shared/errors.js';
import { MAX_FILES_PER_UPLOAD, type AttachmentType } from '../../../shared/schemas/attachments.js';
import type { Config } from '../../config.js';
import { cleanFileName, sniffType } from './attachments.sniff.js';

export interface UploadedFile {
  fileName: string;
  /** from the file's first bytes */
  contentType: AttachmentType;
  bytes: Buffer;
}

export interface ParsedUpload {
  /** text fields of the form; a repeated name keeps its last value */
  fields: Record<string, string>;
  files: UploadedFile[];
}

/**
 * Reads a multipart/form-data request whole: its text fields and up to five files, each within
 * ATTACHMENT_MAX_BYTES and of an accepted type by content. Nothing is stored here, so a refused
 * upload leaves no trace.
 */
export async function readUpload(request: FastifyRequest, config: Config): Promise<ParsedUpload> {
  if (!request.isMultipart()) {
    throw new AppError('unsupported_media_type', 'Send files as multipart/form-data');
  }
  const fields: Record<string, string> = {};
  const raw: { name: string; bytes: Buffer }[] = [];
  try {
    const parts = request.parts({
      limits: { fileSize: config.attachmentMaxBytes, files: MAX_FILES_PER_UPLOAD, fields: 20, fieldSize: 64 * 1024, parts: 30 },
    });
    for await (const part of parts) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        // An empty file input still sends a part: no name, no bytes.
        if (!part.filename && bytes.length === 0) continue;
        raw.push({ name: part.filename, bytes });
      } else {
        fields[part.fieldname] = typeof part.value === 'string' ? part.value : String(part.value ?? '');
      }
    }
  } catch (error) {
    throw uploadError(error, config);
  }
  for (const [key, value] of Object.entries(fields)) {
    if (value.includes('\u0000')) {
      throw new AppError('validation_failed', 'Text must not contain NUL characters', [{ path: key, message: 'nul_character', code: 'nul_character' }]);
    }
  }
  const files = raw.map((file, i) => {
    const contentType = sniffType(file.bytes);
    if (!contentType) {
      throw new AppError('unsupported_file_type', 'Only JPEG, PNG, WebP and GIF images and PDF documents can be attached', [
        { path: `files.${i}`, message: file.name.replace(/\u0000/g, ''), code: 'unsupported_file_type' },
      ]);
    }
    return { fileName: cleanFileName(file.name, contentType), contentType, bytes: file.bytes };
  });
  return { fields, files };
}

function uploadError(error: unknown, config: Config): unknown {
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return new AppError('file_too_large', `A file is larger than ${config.attachmentMaxBytes} bytes`, { maxBytes: config.attachmentMaxBytes });
  }
  if (code === 'FST_FILES_LIMIT') {
    return new AppError('validation_failed', `At most ${MAX_FILES_PER_UPLOAD} files at a time`, [{ path: 'files', message: 'too_many_files', code: 'too_many_files' }]);
  }
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PROTO_VIOLATION' || code === 'FST_MP_PREMATURE_CLOSE') {
    return new AppError('bad_request', 'The form could not be read');
  }
  // busboy reports malformed bodies as plain errors ("Unexpected end of form", "Malformed part header").
  if (error instanceof Error && !(error instanceof AppError) && !(error as { statusCode?: number }).statusCode) {
    return new AppError('bad_request', 'The form could not be read');
  }
  return error;
}
