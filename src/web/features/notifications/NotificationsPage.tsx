import { Button, Card, Empty, List, Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Notification } from '../../../shared/schemas/notifications';
import { useMarkAllNotificationsRead, useMarkNotificationRead, useNotifications } from '../../api/notifications';
import { NotificationItem } from '../../components/NotificationBell';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useListParams } from '../../components/useListParams';
import { notificationTarget } from './notificationText';

/** Every notification of the signed-in user, newest first; unread only on request. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useListParams(['unread'] as const);
  const unreadOnly = list.filters.unread === 'true';
  const notifications = useNotifications({ unread: unreadOnly ? 'true' : undefined, page: list.page, pageSize: list.pageSize });
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();

  const open = (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id);
    const target = notificationTarget(n);
    if (target) navigate(target);
  };

  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        extra={
          <Button onClick={() => markAll.mutate()} loading={markAll.isPending}>
            {t('notifications.markAllRead')}
          </Button>
        }
      />
      <Card size="small">
        <Segmented<'all' | 'unread'>
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(value) => list.setFilters({ unread: value === 'unread' ? 'true' : undefined })}
          options={[
            { value: 'all', label: t('notifications.all') },
            { value: 'unread', label: t('notifications.unreadOnly') },
          ]}
          style={{ marginBottom: 12 }}
        />
        <QueryError error={notifications.error} onRetry={() => void notifications.refetch()} />
        <List
          loading={notifications.isFetching}
          dataSource={notifications.data?.items ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} /> }}
          renderItem={(n) => <NotificationItem n={n} onOpen={() => open(n)} />}
          pagination={
            (notifications.data?.total ?? 0) > list.pageSize || list.page > 1
              ? { current: list.page, pageSize: list.pageSize, total: notifications.data?.total ?? 0, onChange: list.setPage, showTotal: (total) => t('common.total', { total }) }
              : false
          }
          data-testid="notification-list"
        />
      </Card>
    </>
  );
}
