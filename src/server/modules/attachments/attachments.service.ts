import { createHash } from 'node:crypto';
import type fs from 'node:fs';
import { AppError } from '../../../shared/errors.js';
import type { Attachment } from '../../../shared/schemas/attachments.js';
import type { Config } from '../../config.js';
import type { CaseAttachmentRow } from '../../db/types.js';
import { newId, nowIso } from '../../lib/ids.js';
import { assertInScope, siteScope } from '../access/access.policy.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import { afterCaseWrite } from '../cases/case-effects.js';
import { findCase, insertCaseEvent } from '../cases/cases.repository.js';
import type { Executor, ServiceContext } from '../context.js';
import * as repo from './attachments.repository.js';
import { openAttachmentFile, removeAttachmentFiles, writeAttachmentFile } from './attachments.storage.js';
import type { UploadedFile } from './attachments.upload.js';

/**
 * The files one write puts on disk. A write stores its rows first and its files second, inside
 * its transaction: a failed file write rolls the rows back; a transaction that fails after the
 * files were written calls `discard()` so no file outlives its row.
 */
export interface FileSink {
  save(db: Executor, input: { orgId: string; caseId: string; eventId: string | null; files: UploadedFile[]; uploadedBy: string | null; public: boolean }): Promise<CaseAttachmentRow[]>;
  discard(): Promise<void>;
}

export function fileSink(config: Config, orgId: string): FileSink {
  const written: string[] = [];
  return {
    async save(db, input) {
      const now = nowIso();
      const rows: CaseAttachmentRow[] = input.files.map((file) => ({
        id: newId(),
        org_id: input.orgId,
        case_id: input.caseId,
        event_id: input.eventId,
        file_name: file.fileName,
        content_type: file.contentType,
        size_bytes: file.bytes.length,
        sha256: createHash('sha256').update(file.bytes).digest('hex'),
        uploaded_by: input.uploadedBy,
        public: input.public ? 1 : 0,
        created_at: now,
      }));
      await repo.insertAttachments(db, rows);
      for (const [i, row] of rows.entries()) {
        written.push(row.id);
        await writeAttachmentFile(config, orgId, row.id, input.files[i].bytes);
      }
      return rows;
    },
    async discard() {
      await removeAttachmentFiles(config, orgId, written);
    },
  };
}

/** Runs a write that stores files; when it fails, the files it wrote are removed again. */
export async function withFiles<T>(config: Config, orgId: string, work: (sink: FileSink) => Promise<T>): Promise<T> {
  const sink = fileSink(config, orgId);
  try {
    return await work(sink);
  } catch (error) {
    await sink.discard();
    throw error;
  }
}

/** Staff attach files to a case; public ones are shown to the customer on the portal. */
export async function uploadCaseAttachments(ctx: ServiceContext, caseId: string, input: { files: UploadedFile[]; public: boolean }): Promise<Attachment[]> {
  const scope = await siteScope(ctx.db, ctx.actor, 'cases.write');
  if (input.files.length === 0) {
    throw new AppError('validation_failed', 'Choose at least one file', [{ path: 'files', message: 'required', code: 'required' }]);
  }
  const orgId = ctx.actor.orgId;
  const ids = await withFiles(ctx.config, orgId, (sink) =>
    ctx.db.kysely.transaction().execute(async (trx) => {
      const row = await findCase(trx, orgId, caseId);
      if (!row) throw new AppError('not_found', 'Case not found');
      assertInScope(scope, row.site_id, 'Case');
      if (row.status === 'merged' || row.status === 'cancelled') {
        throw new AppError('illegal_transition', `A case that is ${row.status} takes no more files`, { from: row.status, action: 'attach' });
      }
      const eventId = await insertCaseEvent(trx, orgId, caseId, {
        kind: 'attachment',
        public: input.public,
        actorId: ctx.actor.userId,
        actorName: ctx.actor.name,
        data: { files: input.files.map((f) => f.fileName) },
      });
      const rows = await sink.save(trx, { orgId, caseId, eventId, files: input.files, uploadedBy: ctx.actor.userId, public: input.public });
      // Like a comment, a file does not conflict with other edits: no version is demanded, but readers see the change.
      await trx.updateTable('cases').set({ updated_at: nowIso(), version: row.version + 1 }).where('id', '=', caseId).where('org_id', '=', orgId).execute();
      await insertAuditEvent(trx, ctx.actor, orgId, {
        action: 'attach',
        entity: 'case',
        entityId: caseId,
        after: { files: rows.map((r) => ({ id: r.id, name: r.file_name, type: r.content_type, size: r.size_bytes })), public: input.public },
      });
      await afterCaseWrite({ ...ctx.db, kysely: trx }, orgId, caseId, { kind: 'attachment', actor: ctx.actor });
      return rows.map((r) => r.id);
    }),
  );
  const all = await repo.findCaseAttachments(ctx.db.kysely, orgId, caseId);
  return all.filter((a) => ids.includes(a.id)).map(repo.toAttachment);
}

/** A case's attachments as staff see them (the caller has checked access to the case). */
export async function listCaseAttachments(db: Executor, orgId: string, caseId: string): Promise<Attachment[]> {
  return (await repo.findCaseAttachments(db, orgId, caseId)).map(repo.toAttachment);
}

export interface AttachmentDownload {
  attachment: Attachment;
  stream: fs.ReadStream;
}

/** Opens an attachment's bytes; a missing file on disk is reported as not found rather than a broken response. */
export async function openAttachment(config: Config, row: repo.AttachmentWithUploader): Promise<AttachmentDownload> {
  const stream = openAttachmentFile(config, row.org_id, row.id);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  }).catch(() => {
    throw new AppError('not_found', 'The file is no longer available');
  });
  return { attachment: repo.toAttachment(row), stream };
}

/** Staff download: the case must be on a site the caller may read. */
export async function downloadCaseAttachment(ctx: ServiceContext, caseId: string, attachmentId: string): Promise<AttachmentDownload> {
  const scope = await siteScope(ctx.db, ctx.actor, 'cases.read');
  const row = await findCase(ctx.db.kysely, ctx.actor.orgId, caseId);
  if (!row) throw new AppError('not_found', 'Case not found');
  assertInScope(scope, row.site_id, 'Case');
  const attachment = await repo.findCaseAttachment(ctx.db.kysely, ctx.actor.orgId, caseId, attachmentId);
  if (!attachment) throw new AppError('not_found', 'Attachment not found');
  return openAttachment(ctx.config, attachment);
}
