import type { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import type { Page } from '../../../shared/schemas/common.js';
import type { Notification, NotificationData, NotificationKind, notificationListQuery } from '../../../shared/schemas/notifications.js';
import type { Db } from '../../db/database.js';
import type { NotificationRow } from '../../db/types.js';
import { newId, nowIso } from '../../lib/ids.js';
import type { CaseChange } from '../cases/case-effects.js';
import type { ServiceContext } from '../context.js';
import * as repo from './notifications.repository.js';

/**
 * Writes one notification per user, inside the caller's transaction (`db.kysely`), so that a
 * notification exists exactly when the change it reports does.
 */
export async function notify(db: Db, orgId: string, userIds: readonly string[], n: { kind: NotificationKind; caseId: string | null; data: NotificationData }): Promise<void> {
  const users = [...new Set(userIds)];
  if (users.length === 0) return;
  const now = nowIso();
  const data = JSON.stringify(n.data);
  await repo.insertNotifications(
    db.kysely,
    users.map((userId) => ({ id: newId(), org_id: orgId, user_id: userId, kind: n.kind, case_id: n.caseId, data, created_at: now, read_at: null })),
  );
}

/**
 * Tells a case's owner what others did to it: an assignment by someone else, a reply or note by a
 * colleague, or the customer's reply (actor null). Called from afterCaseWrite.
 */
export async function notifyCaseChange(db: Db, orgId: string, caseId: string, change: CaseChange): Promise<void> {
  const assigned = change.kind === 'transition' && change.action === 'assign';
  const replied = change.kind === 'comment' || change.kind === 'note';
  if (!assigned && !replied) return;
  const c = await repo.findCaseHeadline(db.kysely, orgId, caseId);
  // Nobody to tell, or the owner did it themselves.
  if (!c?.assignee_id || c.assignee_id === change.actor?.userId) return;
  const data: NotificationData = { number: c.number, title: c.title, actorName: change.actor?.name ?? null };
  if (assigned) await notify(db, orgId, [c.assignee_id], { kind: 'case_assigned', caseId, data });
  else await notify(db, orgId, [c.assignee_id], { kind: 'case_reply', caseId, data: { ...data, public: change.kind === 'comment' } });
}

function present(row: NotificationRow): Notification {
  let data: NotificationData = {};
  try {
    data = JSON.parse(row.data) as NotificationData;
  } catch {
    // An unreadable payload still shows as a notification of its kind.
  }
  return { id: row.id, kind: row.kind as Notification['kind'], caseId: row.case_id, data, createdAt: row.created_at, readAt: row.read_at };
}

/** The caller's own notifications, newest first; only unread ones with `unread=true`. */
export async function listNotifications(ctx: ServiceContext, query: z.infer<typeof notificationListQuery>): Promise<Page<Notification>> {
  const { rows, total } = await repo.findNotifications(ctx.db.kysely, ctx.actor.orgId, ctx.actor.userId, { unread: query.unread === 'true', page: query.page, pageSize: query.pageSize });
  return { items: rows.map(present), total, page: query.page, pageSize: query.pageSize };
}

/** How many of the caller's notifications are unread (the bell's badge). */
export async function unreadCount(ctx: ServiceContext): Promise<{ count: number }> {
  return { count: await repo.countUnread(ctx.db.kysely, ctx.actor.orgId, ctx.actor.userId) };
}

/** Marks one of the caller's notifications read; anyone else's is not found. */
export async function markNotificationRead(ctx: ServiceContext, id: string): Promise<Notification> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await repo.findOwnNotification(trx, ctx.actor.orgId, ctx.actor.userId, id);
    if (!row) throw new AppError('not_found', 'Notification not found');
    if (row.read_at) return present(row);
    const at = nowIso();
    await repo.markRead(trx, ctx.actor.orgId, ctx.actor.userId, at, id);
    return present({ ...row, read_at: at });
  });
}

/** Marks all of the caller's notifications read; answers how many were unread. */
export async function markAllNotificationsRead(ctx: ServiceContext): Promise<{ count: number }> {
  return { count: await repo.markRead(ctx.db.kysely, ctx.actor.orgId, ctx.actor.userId, nowIso()) };
}
