import type { SavedViewRow } from '../../db/types.js';
import type { Executor } from '../context.js';

/** The person's saved views, in their chosen order. */
export function findViews(db: Executor, orgId: string, userId: string): Promise<SavedViewRow[]> {
  return db.selectFrom('saved_views').selectAll().where('org_id', '=', orgId).where('user_id', '=', userId).orderBy('position').orderBy('created_at').orderBy('id').execute();
}

/** One of the person's views; another person's view is not found. */
export function findView(db: Executor, orgId: string, userId: string, id: string): Promise<SavedViewRow | undefined> {
  return db.selectFrom('saved_views').selectAll().where('org_id', '=', orgId).where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
}

export async function countViews(db: Executor, orgId: string, userId: string): Promise<{ count: number; lastPosition: number }> {
  const row = await db
    .selectFrom('saved_views')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.max<number | null>('position').as('last')])
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), lastPosition: row.last === null ? -1 : Number(row.last) };
}

export async function insertView(db: Executor, row: SavedViewRow): Promise<void> {
  await db.insertInto('saved_views').values(row).execute();
}

export async function updateView(db: Executor, orgId: string, userId: string, id: string, changes: Partial<SavedViewRow>): Promise<void> {
  await db.updateTable('saved_views').set(changes).where('org_id', '=', orgId).where('user_id', '=', userId).where('id', '=', id).execute();
}

export async function deleteView(db: Executor, orgId: string, userId: string, id: string): Promise<void> {
  await db.deleteFrom('saved_views').where('org_id', '=', orgId).where('user_id', '=', userId).where('id', '=', id).execute();
}
