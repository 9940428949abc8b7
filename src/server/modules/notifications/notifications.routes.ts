import { z } from 'zod';
import { pageOf } from '../../../shared/schemas/common.js';
import { notificationIdParams, notificationListQuery, notificationSchema, unreadCountSchema } from '../../../shared/schemas/notifications.js';
import { contextFor } from '../../plugins/auth.js';
import type { RoutesPlugin } from '../routes.js';
import { listNotifications, markAllNotificationsRead, markNotificationRead, unreadCount } from './notifications.service.js';

/** The caller's own in-app notifications; nobody reads or marks anyone else's. */
export const notificationsRoutes: RoutesPlugin = async (app, { db, config }) => {
  const tags = ['notifications'];
  app.get('/notifications', { schema: { tags, summary: 'My notifications, newest first', querystring: notificationListQuery, response: { 200: pageOf(notificationSchema) } } }, async (request) =>
    listNotifications(contextFor(request, db, config), request.query),
  );
  app.get('/notifications/unread-count', { schema: { tags, summary: 'How many of my notifications are unread', response: { 200: unreadCountSchema } } }, async (request) =>
    unreadCount(contextFor(request, db, config)),
  );
  app.post('/notifications/:id/read', { schema: { tags, summary: 'Mark one of my notifications read', params: notificationIdParams, response: { 200: notificationSchema } } }, async (request) =>
    markNotificationRead(contextFor(request, db, config), request.params.id),
  );
  app.post('/notifications/read-all', { schema: { tags, summary: 'Mark all my notifications read', response: { 200: z.object({ count: z.number().int() }) } } }, async (request) =>
    markAllNotificationsRead(contextFor(request, db, config)),
  );
};
