import type { Attachment, AttachmentType } from '../../../shared/schemas/attachments.js';
import type { CaseAttachmentRow } from '../../db/types.js';
import type { Executor } from '../context.js';

export type AttachmentWithUploader = CaseAttachmentRow & { uploader_name: string | null };

function withUploader(db: Executor) {
  return db
    .selectFrom('case_attachments')
    .leftJoin('users', 'users.id', 'case_attachments.uploaded_by')
    .selectAll('case_attachments')
    .select('users.name as uploader_name');
}

export async function insertAttachments(db: Executor, rows: CaseAttachmentRow[]): Promise<void> {
  if (rows.length) await db.insertInto('case_attachments').values(rows).execute();
}

/** A case's attachments, oldest first; `publicOnly` for the portal. */
export async function findCaseAttachments(db: Executor, orgId: string, caseId: string, publicOnly = false): Promise<AttachmentWithUploader[]> {
  let query = withUploader(db).where('case_attachments.org_id', '=', orgId).where('case_attachments.case_id', '=', caseId);
  if (publicOnly) query = query.where('case_attachments.public', '=', 1);
  return query.orderBy('case_attachments.created_at').orderBy('case_attachments.id').execute();
}

export async function findCaseAttachment(db: Executor, orgId: string, caseId: string, id: string): Promise<AttachmentWithUploader | undefined> {
  return withUploader(db)
    .where('case_attachments.org_id', '=', orgId)
    .where('case_attachments.case_id', '=', caseId)
    .where('case_attachments.id', '=', id)
    .executeTakeFirst();
}

/** The API shape of a stored attachment. */
export function toAttachment(row: AttachmentWithUploader): Attachment {
  return {
    id: row.id,
    caseId: row.case_id,
    eventId: row.event_id,
    fileName: row.file_name,
    contentType: row.content_type as AttachmentType,
    size: Number(row.size_bytes),
    sha256: row.sha256,
    uploadedById: row.uploaded_by,
    uploadedByName: row.uploader_name,
    public: Boolean(row.public),
    createdAt: row.created_at,
  };
}
