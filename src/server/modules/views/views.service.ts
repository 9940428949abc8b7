import type { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import type { SavedView, savedViewCreateBody, savedViewUpdateBody } from '../../../shared/schemas/views.js';
import { isUniqueViolation } from '../../db/dialect.js';
import type { SavedViewRow } from '../../db/types.js';
import { newId, nowIso } from '../../lib/ids.js';
import { requirePermission } from '../access/access.policy.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import type { ServiceContext } from '../context.js';
import * as repo from './views.repository.js';

/** Enough for every queue a person works plus their own slices; more would not fit beside the queues. */
export const MAX_VIEWS_PER_USER = 30;

function present(row: SavedViewRow): SavedView {
  return { id: row.id, name: row.name, query: JSON.parse(row.query) as Record<string, string>, position: row.position, createdAt: row.created_at, updatedAt: row.updated_at };
}

const duplicateName = () => new AppError('validation_failed', 'You already have a view with this name', [{ path: 'name', message: 'duplicate', code: 'duplicate' }]);

/** The caller's own saved case-list views. */
export async function listViews(ctx: ServiceContext): Promise<{ items: SavedView[] }> {
  requirePermission(ctx.actor, 'cases.read');
  return { items: (await repo.findViews(ctx.db.kysely, ctx.actor.orgId, ctx.actor.userId)).map(present) };
}

/** Saves the case list's current filters and sort under a name, after the caller's other views. */
export async function createView(ctx: ServiceContext, input: z.infer<typeof savedViewCreateBody>): Promise<SavedView> {
  requirePermission(ctx.actor, 'cases.read');
  try {
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      const { count, lastPosition } = await repo.countViews(trx, ctx.actor.orgId, ctx.actor.userId);
      if (count >= MAX_VIEWS_PER_USER) {
        throw new AppError('validation_failed', `At most ${MAX_VIEWS_PER_USER} saved views`, [{ path: '', message: 'too_big', code: 'too_big' }]);
      }
      const now = nowIso();
      const row: SavedViewRow = { id: newId(), org_id: ctx.actor.orgId, user_id: ctx.actor.userId, name: input.name, query: JSON.stringify(input.query), position: lastPosition + 1, created_at: now, updated_at: now };
      await repo.insertView(trx, row);
      await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'create', entity: 'saved_view', entityId: row.id, after: { name: row.name, query: input.query } });
      return present(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName();
    throw error;
  }
}

/** Renames, re-filters or moves one of the caller's views; anyone else's is not found. */
export async function updateView(ctx: ServiceContext, id: string, input: z.infer<typeof savedViewUpdateBody>): Promise<SavedView> {
  requirePermission(ctx.actor, 'cases.read');
  try {
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      const row = await repo.findView(trx, ctx.actor.orgId, ctx.actor.userId, id);
      if (!row) throw new AppError('not_found', 'View not found');
      const changes: Partial<SavedViewRow> = {};
      if (input.name !== undefined && input.name !== row.name) changes.name = input.name;
      if (input.query !== undefined && JSON.stringify(input.query) !== row.query) changes.query = JSON.stringify(input.query);
      if (input.position !== undefined && input.position !== row.position) changes.position = input.position;
      if (Object.keys(changes).length === 0) return present(row);
      changes.updated_at = nowIso();
      await repo.updateView(trx, ctx.actor.orgId, ctx.actor.userId, id, changes);
      const before = Object.fromEntries(Object.keys(changes).filter((k) => k !== 'updated_at').map((k) => [k, row[k as keyof SavedViewRow]]));
      const after = Object.fromEntries(Object.entries(changes).filter(([k]) => k !== 'updated_at'));
      await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'update', entity: 'saved_view', entityId: id, before, after });
      return present({ ...row, ...changes });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName();
    throw error;
  }
}

/** Deletes one of the caller's views; anyone else's is not found. */
export async function deleteView(ctx: ServiceContext, id: string): Promise<void> {
  requirePermission(ctx.actor, 'cases.read');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await repo.findView(trx, ctx.actor.orgId, ctx.actor.userId, id);
    if (!row) throw new AppError('not_found', 'View not found');
    await repo.deleteView(trx, ctx.actor.orgId, ctx.actor.userId, id);
    await insertAuditEvent(trx, ctx.actor, ctx.actor.orgId, { action: 'delete', entity: 'saved_view', entityId: id, before: { name: row.name } });
  });
}
