import type { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import type { Page } from '../../../shared/schemas/common.js';
import type { Site, siteCreateBody, siteListQuery, siteUpdateBody } from '../../../shared/schemas/org.js';
import { isUniqueViolation } from '../../db/dialect.js';
import type { SiteRow } from '../../db/types.js';
import { assertVersion, changedFields } from '../../lib/concurrency.js';
import { newId, nowIso } from '../../lib/ids.js';
import { assertInScope, scopeCovers, siteScope } from '../access/access.policy.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import type { ServiceContext } from '../context.js';
import * as repo from './sites.repository.js';

const parentNotFound = () =>
  new AppError('validation_failed', 'The parent site does not exist', [{ path: 'parentId', message: 'not_found', code: 'not_found' }]);
const duplicateCode = () =>
  new AppError('duplicate', 'Another site already uses this code', [{ path: 'code', message: 'duplicate', code: 'duplicate' }]);

/** Lists the sites the caller may see. */
export async function listSites(ctx: ServiceContext, query: z.infer<typeof siteListQuery>): Promise<Page<Site>> {
  const scope = await siteScope(ctx.db, ctx.actor, 'sites.read');
  const { items, total } = await repo.findSites(ctx.db, ctx.actor.orgId, scope, query, query);
  return { items, total, page: query.page, pageSize: query.pageSize };
}

/** Every site the caller may see, unpaged, for trees and pickers. */
export async function listSiteTree(ctx: ServiceContext): Promise<{ items: Site[] }> {
  const scope = await siteScope(ctx.db, ctx.actor, 'sites.read');
  return { items: await repo.findAllSites(ctx.db, ctx.actor.orgId, scope) };
}

/** One site, or 404 when it is outside the caller's sites. */
export async function getSite(ctx: ServiceContext, id: string): Promise<Site> {
  const scope = await siteScope(ctx.db, ctx.actor, 'sites.read');
  const row = await repo.findSiteRow(ctx.db.kysely, ctx.actor.orgId, id);
  if (!row) throw new AppError('not_found', 'Site not found');
  assertInScope(scope, row.id, 'Site');
  return repo.toSite(row);
}

/** Creates a site under a parent the caller administers (top level needs organisation-wide rights). */
export async function createSite(ctx: ServiceContext, input: z.infer<typeof siteCreateBody>): Promise<Site> {
  const scope = await siteScope(ctx.db, ctx.actor, 'sites.write');
  const parentId = input.parentId ?? null;
  if (parentId === null && !scope.all) {
    throw new AppError('forbidden', 'Only organisation-wide administrators may create top-level sites');
  }
  const now = nowIso();
  const row: SiteRow = {
    id: newId(),
    org_id: ctx.actor.orgId,
    parent_id: parentId,
    kind: input.kind,
    code: input.code,
    name: input.name,
    address: input.address ?? null,
    phone: input.phone ?? null,
    active: 1,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      if (parentId) {
        const parent = await repo.findSiteRow(trx, ctx.actor.orgId, parentId);
        if (!parent || !scopeCovers(scope, parent.id)) throw parentNotFound();
      }
      await repo.insertSite(trx, row);
      await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'create', entity: 'site', entityId: row.id, after: repo.toSite(row) });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateCode();
    throw error;
  }
  return repo.toSite(row);
}

/** Renames, moves, re-codes or (de)activates a site. A site cannot be moved below itself. */
export async function updateSite(ctx: ServiceContext, id: string, input: z.infer<typeof siteUpdateBody>): Promise<Site> {
  const scope = await siteScope(ctx.db, ctx.actor, 'sites.write');
  try {
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      const row = await repo.findSiteRow(trx, ctx.actor.orgId, id);
      if (!row) throw new AppError('not_found', 'Site not found');
      assertInScope(scope, row.id, 'Site');
      assertVersion(row.version, input.version, 'The site');
      const changes: Partial<SiteRow> = {};
      if (input.name !== undefined) changes.name = input.name;
      if (input.code !== undefined) changes.code = input.code;
      if (input.kind !== undefined) changes.kind = input.kind;
      if (input.address !== undefined) changes.address = input.address || null;
      if (input.phone !== undefined) changes.phone = input.phone || null;
      if (input.active !== undefined) changes.active = input.active ? 1 : 0;
      if (input.parentId !== undefined && input.parentId !== row.parent_id) {
        if (input.parentId === null) {
          if (!scope.all) throw new AppError('forbidden', 'Only organisation-wide administrators may make a site top-level');
        } else {
          const parent = await repo.findSiteRow(trx, ctx.actor.orgId, input.parentId);
          if (!parent || !scopeCovers(scope, parent.id)) throw parentNotFound();
          const subtree = await repo.findSubtreeIds(trx, ctx.actor.orgId, row.id);
          if (subtree.has(parent.id)) {
            throw new AppError('validation_failed', 'A site cannot be moved below itself', [
              { path: 'parentId', message: 'cycle', code: 'cycle' },
            ]);
          }
        }
        changes.parent_id = input.parentId;
      }
      const diff = changedFields(repo.toSite(row), repo.toSite({ ...row, ...changes }));
      // Nothing actually changes: no write, no version bump, no audit noise.
      if (Object.keys(diff.after).length === 0) return repo.toSite(row);
      changes.updated_at = nowIso();
      if (!(await repo.updateSiteRow(trx, ctx.actor.orgId, id, row.version, changes))) {
        throw new AppError('stale_version', 'The site was changed by someone else; reload and try again');
      }
      const updated = { ...row, ...changes, version: row.version + 1 };
      await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'update', entity: 'site', entityId: id, ...diff });
      return repo.toSite(updated);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateCode();
    throw error;
  }
}
