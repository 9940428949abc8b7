import { timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import type { AttachmentType } from '../../../shared/schemas/attachments.js';
import type { CaseStatus } from '../../../shared/cases/state-machine.js';
import { PORTAL_CASE_TYPES, type PortalCaseInput, type PortalCaseView, type PortalForm, type portalAttachmentSchema } from '../../../shared/schemas/portal.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { newId, nowIso, randomSecret, sha256 } from '../../lib/ids.js';
import { openAttachment, withFiles, type AttachmentDownload } from '../attachments/attachments.service.js';
import type { UploadedFile } from '../attachments/attachments.upload.js';
import { findCaseAttachment, findCaseAttachments, type AttachmentWithUploader } from '../attachments/attachments.repository.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import { afterCaseWrite } from '../cases/case-effects.js';
import { findCase, findCustomerByPhone, insertCaseEvent } from '../cases/cases.repository.js';
import { insertNewCase } from '../cases/cases.service.js';
import { insertCustomer, newCustomerRow } from '../customers/customers.repository.js';
import { reindexCase } from '../search/search.repository.js';
import type { Executor } from '../context.js';
import { consentTexts } from './portal.consent.js';
import * as repo from './portal.repository.js';

/** Statuses in which the customer can no longer add to the case: they submit a new request instead. */
const FINISHED: readonly CaseStatus[] = ['closed', 'cancelled', 'merged'];

async function requireOrg(db: Executor, slug: string) {
  const org = await repo.findOrgBySlug(db, slug.toLowerCase());
  if (!org) throw new AppError('not_found', 'No such organisation');
  return org;
}

/** What the public form needs: the organisation, the sites to choose from, the types, the consent text. */
export async function getPortalForm(db: Db, config: Config, slug: string, siteCode: string | undefined): Promise<PortalForm> {
  const org = await requireOrg(db.kysely, slug);
  const sites = await repo.findLeafSites(db.kysely, org.id);
  let site: PortalForm['site'] = null;
  if (siteCode) {
    site = sites.find((s) => s.code.toLowerCase() === siteCode.toLowerCase()) ?? null;
    if (!site) throw new AppError('not_found', 'No such site');
  }
  return {
    organization: { name: org.name, slug: org.slug },
    sites,
    site,
    types: [...PORTAL_CASE_TYPES],
    consent: consentTexts(org.name),
    maxFileBytes: config.attachmentMaxBytes,
  };
}

/** A title for a request sent without one: its first line, shortened. */
function titleFrom(description: string): string {
  const line = description.split(/\r?\n/).find((l) => l.trim())?.trim() ?? description.trim();
  const chars = [...line];
  return chars.length > 30 ? `${chars.slice(0, 30).join('')}…` : line;
}

/**
 * A customer's request from the public portal: a new case on the chosen site, the customer found
 * again by phone or registered, and a private tracking token returned once (only its hash is kept).
 */
export async function createPortalCase(
  db: Db,
  config: Config,
  slug: string,
  input: PortalCaseInput,
  files: UploadedFile[],
  ip: string,
): Promise<{ number: string; trackingToken: string }> {
  // The honeypot. A filled one is refused like any other invalid field, and nothing is stored.
  // We do not pretend success: a person whose browser autofilled the hidden field would believe
  // their complaint was received when it was thrown away, which is worse for a service desk than
  // letting a robot see a 400. The form's script clears the field when this error comes back, so
  // a person only has to press submit again; robots do not run it.
  if (input.website && input.website.trim() !== '') {
    throw new AppError('validation_failed', 'The request could not be accepted', [{ path: 'website', message: 'must_be_empty', code: 'honeypot' }]);
  }
  const org = await requireOrg(db.kysely, slug);
  const sites = await repo.findLeafSites(db.kysely, org.id);
  const site = input.siteId ? sites.find((s) => s.id === input.siteId) : sites.find((s) => s.code.toLowerCase() === input.siteCode?.toLowerCase());
  if (!site) {
    throw new AppError('validation_failed', 'Choose a site from the list', [{ path: input.siteId ? 'siteId' : 'siteCode', message: 'not_found', code: 'not_found' }]);
  }
  const token = randomSecret(32);
  const number = await withFiles(config, org.id, (sink) =>
    db.kysely.transaction().execute(async (trx) => {
      const now = nowIso();
      let customerId = (await findCustomerByPhone(trx, org.id, input.phone, site.id))?.id;
      if (!customerId) {
        customerId = newId();
        await insertCustomer(trx, newCustomerRow({ id: customerId, org_id: org.id, site_id: site.id, name: input.name, phone: input.phone, created_at: now }));
        await insertAuditEvent(trx, null, org.id, { action: 'create', entity: 'customer', entityId: customerId, after: { name: input.name, via: 'portal' } });
      }
      const row = await insertNewCase({ ...db, kysely: trx }, org.id, null, {
        type: input.type,
        channel: 'portal',
        priority: 'normal',
        siteId: site.id,
        customerId,
        title: input.title || titleFrom(input.description),
        description: input.description,
      });
      await repo.insertPortalToken(trx, { case_id: row.id, org_id: org.id, token_hash: sha256(token), created_at: now });
      if (files.length) await sink.save(trx, { orgId: org.id, caseId: row.id, eventId: null, files, uploadedBy: null, public: true });
      await insertAuditEvent(trx, null, org.id, {
        action: 'create',
        entity: 'case',
        entityId: row.id,
        after: { number: row.number, type: row.type, siteId: row.site_id, channel: 'portal', files: files.length, ip },
      });
      return row.number;
    }),
  );
  return { number, trackingToken: token };
}

/**
 * The case a tracking link names, or 404. Numbers repeat across organisations, so every case with
 * the number is checked; token hashes are compared in constant time. A wrong token and an unknown
 * number answer alike.
 */
async function findTracked(db: Executor, number: string, token: string | undefined): Promise<{ orgId: string; caseId: string }> {
  const given = Buffer.from(sha256(token ?? ''), 'hex');
  const rows = token ? await repo.findTokensByNumber(db, number.trim().toUpperCase()) : [];
  let found: { orgId: string; caseId: string } | null = null;
  for (const row of rows) {
    const stored = Buffer.from(row.token_hash, 'hex');
    if (stored.length === given.length && timingSafeEqual(stored, given)) found = { orgId: row.org_id, caseId: row.case_id };
  }
  if (!found) throw new AppError('not_found', 'Case not found');
  return found;
}

/**
 * Customers learn that a person answered (王**), not who: the first character and two stars,
 * whatever the length, so staff can be neither looked up nor told apart by name length.
 */
function staffLabel(name: string | null): string | null {
  const first = name ? [...name.trim()][0] : undefined;
  return first ? `${first}**` : null;
}

type PortalAttachment = z.infer<typeof portalAttachmentSchema>;
const toPortalAttachment = (a: AttachmentWithUploader): PortalAttachment => ({
  id: a.id,
  fileName: a.file_name,
  contentType: a.content_type as AttachmentType,
  size: Number(a.size_bytes),
  createdAt: a.created_at,
});

async function portalView(db: Executor, orgId: string, caseId: string): Promise<PortalCaseView> {
  const row = await findCase(db, orgId, caseId);
  if (!row) throw new AppError('not_found', 'Case not found');
  const [organization, events, attachments] = await Promise.all([
    repo.findOrgById(db, orgId),
    repo.findPublicEvents(db, orgId, caseId),
    findCaseAttachments(db, orgId, caseId, true),
  ]);
  const byEvent = new Map<string, PortalAttachment[]>();
  const withRequest: PortalAttachment[] = [];
  for (const a of attachments) {
    if (a.event_id && events.some((e) => e.id === a.event_id)) {
      byEvent.set(a.event_id, [...(byEvent.get(a.event_id) ?? []), toPortalAttachment(a)]);
    } else {
      withRequest.push(toPortalAttachment(a));
    }
  }
  const status = row.status as CaseStatus;
  return {
    number: row.number,
    type: row.type as PortalCaseView['type'],
    status,
    organizationName: organization.name,
    organizationSlug: organization.slug,
    siteName: row.site_name,
    title: row.title,
    description: row.description,
    attachments: withRequest,
    messages: events.map((e) => ({
      id: e.id,
      from: e.kind === 'customer_reply' ? ('customer' as const) : ('staff' as const),
      staffName: e.kind === 'customer_reply' ? null : staffLabel(e.actor_name),
      body: e.body ?? '',
      attachments: byEvent.get(e.id) ?? [],
      createdAt: e.created_at,
    })),
    canReply: !FINISHED.includes(status),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The public view of a case for the holder of its tracking link. */
export async function getPortalCase(db: Db, number: string, token: string | undefined): Promise<PortalCaseView> {
  const { orgId, caseId } = await findTracked(db.kysely, number, token);
  return portalView(db.kysely, orgId, caseId);
}

/**
 * The customer answers on the portal. A resolved case stays resolved: whether the answer reopens
 * it is for staff to decide (the reply shows in their timeline and search), since "thank you" and
 * "it is still leaking" read alike to a machine. Closed, cancelled and merged cases take no replies.
 */
export async function replyOnPortal(db: Db, config: Config, number: string, token: string | undefined, body: string, files: UploadedFile[]): Promise<PortalCaseView> {
  const { orgId, caseId } = await findTracked(db.kysely, number, token);
  await withFiles(config, orgId, (sink) =>
    db.kysely.transaction().execute(async (trx) => {
      const row = await findCase(trx, orgId, caseId);
      if (!row) throw new AppError('not_found', 'Case not found');
      if (FINISHED.includes(row.status as CaseStatus)) {
        throw new AppError('case_closed', 'This case is closed and takes no more replies; please submit a new request', { status: row.status });
      }
      const eventId = await insertCaseEvent(trx, orgId, caseId, { kind: 'customer_reply', body, public: true, actorId: null, actorName: null });
      if (files.length) await sink.save(trx, { orgId, caseId, eventId, files, uploadedBy: null, public: true });
      await reindexCase({ ...db, kysely: trx }, orgId, caseId);
      await trx.updateTable('cases').set({ updated_at: nowIso(), version: row.version + 1 }).where('id', '=', caseId).where('org_id', '=', orgId).execute();
      await insertAuditEvent(trx, null, orgId, { action: 'customer_reply', entity: 'case', entityId: caseId, after: { files: files.length } });
      await afterCaseWrite({ ...db, kysely: trx }, orgId, caseId, { kind: 'customer_reply', actor: null });
    }),
  );
  return portalView(db.kysely, orgId, caseId);
}

/** A public attachment of a tracked case; internal files answer 404 like unknown ones. */
export async function downloadPortalAttachment(db: Db, config: Config, number: string, token: string | undefined, attachmentId: string): Promise<AttachmentDownload> {
  const { orgId, caseId } = await findTracked(db.kysely, number, token);
  const row = await findCaseAttachment(db.kysely, orgId, caseId, attachmentId);
  if (!row || !row.public) throw new AppError('not_found', 'Attachment not found');
  return openAttachment(config, row);
}
