import type { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import type { Organization, organizationUpdateBody } from '../../../shared/schemas/org.js';
import { isUniqueViolation } from '../../db/dialect.js';
import { changedFields } from '../../lib/concurrency.js';
import { nowIso } from '../../lib/ids.js';
import { requirePermission, siteScope } from '../access/access.policy.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import type { Executor, ServiceContext } from '../context.js';

async function findOrganization(db: Executor, orgId: string): Promise<Organization> {
  const row = await db.selectFrom('organizations').selectAll().where('id', '=', orgId).executeTakeFirstOrThrow();
  return { id: row.id, slug: row.slug, name: row.name, timezone: row.timezone, createdAt: row.created_at, updatedAt: row.updated_at };
}

/** The caller's organisation. */
export async function getOrganization(ctx: ServiceContext): Promise<Organization> {
  requirePermission(ctx.actor, 'sites.read');
  return findOrganization(ctx.db.kysely, ctx.actor.orgId);
}

/** Renames the organisation or changes its slug or time zone; organisation-wide administrators only. */
export async function updateOrganization(ctx: ServiceContext, input: z.infer<typeof organizationUpdateBody>): Promise<Organization> {
  const scope = await siteScope(ctx.db, ctx.actor, 'org.manage');
  if (!scope.all) throw new AppError('forbidden', 'Only organisation-wide administrators may change the organisation');
  try {
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      const before = await findOrganization(trx, ctx.actor.orgId);
      const diff = changedFields(before, input);
      if (Object.keys(diff.after).length === 0) return before;
      const now = nowIso();
      await trx
        .updateTable('organizations')
        .set({ ...diff.after, updated_at: now })
        .where('id', '=', ctx.actor.orgId)
        .execute();
      await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'update', entity: 'organization', entityId: ctx.actor.orgId, ...diff });
      return { ...before, ...diff.after, updatedAt: now };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('duplicate', 'Another organisation already uses this address', [{ path: 'slug', message: 'duplicate', code: 'duplicate' }]);
    }
    throw error;
  }
}
