import type { NotificationRow } from '../../db/types.js';
import type { Executor } from '../context.js';

export async function insertNotifications(db: Executor, rows: NotificationRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) await db.insertInto('notifications').values(rows.slice(i, i + 100)).execute();
}

/** One user's notifications, newest first. */
export async function findNotifications(db: Executor, orgId: string, userId: string, filter: { unread: boolean; page: number; pageSize: number }) {
  let query = db.selectFrom('notifications').where('org_id', '=', orgId).where('user_id', '=', userId);
  if (filter.unread) query = query.where('read_at', 'is', null);
  const [{ total }, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    query
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
  ]);
  return { total: Number(total), rows };
}

export async function countUnread(db: Executor, orgId: string, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findOwnNotification(db: Executor, orgId: string, userId: string, id: string): Promise<NotificationRow | undefined> {
  return db.selectFrom('notifications').selectAll().where('org_id', '=', orgId).where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
}

/** Marks read what is still unread; the first reading time is kept. */
export async function markRead(db: Executor, orgId: string, userId: string, at: string, id?: string): Promise<number> {
  let query = db.updateTable('notifications').set({ read_at: at }).where('org_id', '=', orgId).where('user_id', '=', userId).where('read_at', 'is', null);
  if (id) query = query.where('id', '=', id);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The case facts a notification quotes. */
export async function findCaseHeadline(db: Executor, orgId: string, caseId: string) {
  return db.selectFrom('cases').select(['number', 'title', 'assignee_id']).where('org_id', '=', orgId).where('id', '=', caseId).executeTakeFirst();
}

/** Housekeeping: read notifications older than `readBefore`, and any older than `anyBefore`. */
export async function deleteOldNotifications(db: Executor, readBefore: string, anyBefore: string): Promise<number> {
  const result = await db
    .deleteFrom('notifications')
    .where((eb) => eb.or([eb.and([eb('read_at', 'is not', null), eb('created_at', '<', readBefore)]), eb('created_at', '<', anyBefore)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
