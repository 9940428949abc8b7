import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Notification } from '../../shared/schemas/notifications';
import { useMarkAllNotificationsRead, useMarkNotificationRead, useNotifications, useUnreadCount } from '../api/notifications';
import { notificationTarget, notificationText } from '../features/notifications/notificationText';
import { formatDateTime } from '../format';

dayjs.extend(relativeTime);

const RECENT = 8;

/** The header's bell: how many notifications are unread, and the latest ones one click away. */
export function NotificationBell() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount();
  const count = unread.data?.count ?? 0;
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      arrow={false}
      content={<RecentNotifications onDone={() => setOpen(false)} />}
      styles={{ container: { padding: 0 } }}
    >
      <Badge count={count} overflowCount={99} size="small" offset={[-4, 4]}>
        <Button type="text" icon={<BellOutlined style={{ fontSize: 18 }} />} aria-label={t('notifications.bell')} data-testid="notification-bell" />
      </Badge>
    </Popover>
  );
}

function RecentNotifications({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const recent = useNotifications({ pageSize: RECENT });
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  const items = recent.data?.items ?? [];
  const anyUnread = items.some((n) => !n.readAt);

  const openOne = (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id);
    onDone();
    const target = notificationTarget(n);
    if (target) navigate(target);
  };

  return (
    <div style={{ width: 380 }} data-testid="notification-dropdown">
      <div className="notification-head">
        <Typography.Text strong>{t('notifications.title')}</Typography.Text>
        <Button type="link" size="small" disabled={!anyUnread} loading={markAll.isPending} onClick={() => markAll.mutate()}>
          {t('notifications.markAllRead')}
        </Button>
      </div>
      {recent.isLoading ? (
        <Spin style={{ display: 'block', padding: 24 }} />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} style={{ padding: '16px 0' }} />
      ) : (
        <List
          size="small"
          dataSource={items}
          style={{ maxHeight: 420, overflowY: 'auto' }}
          renderItem={(n) => <NotificationItem n={n} onOpen={() => openOne(n)} />}
        />
      )}
      <div className="notification-foot">
        <Link to="/notifications" onClick={onDone}>
          {t('notifications.viewAll')}
        </Link>
      </div>
    </div>
  );
}

/** One notification: its sentence, the case title, when; unread ones stand out. */
export function NotificationItem({ n, onOpen }: { n: Notification; onOpen: () => void }) {
  const { t } = useTranslation();
  const urgent = n.kind === 'sla_breach' || n.kind === 'escalation';
  return (
    <List.Item className={`notification-item${n.readAt ? '' : ' notification-unread'}`} onClick={onOpen} data-testid="notification-item">
      <div style={{ minWidth: 0, width: '100%' }}>
        <Typography.Text strong={!n.readAt} type={urgent ? 'danger' : undefined}>
          {notificationText(t, n)}
        </Typography.Text>
        {n.data.title ? (
          <Typography.Text type="secondary" ellipsis style={{ display: 'block', fontSize: 12 }}>
            {n.data.title}
          </Typography.Text>
        ) : null}
        <Typography.Text type="secondary" style={{ fontSize: 12 }} title={formatDateTime(n.createdAt)}>
          {dayjs(n.createdAt).fromNow()}
        </Typography.Text>
      </div>
    </List.Item>
  );
}
