import { MailOutlined, MessageOutlined } from '@ant-design/icons';
import { App, Alert, Button, Card, DatePicker, Descriptions, Drawer, Input, Popconfirm, Select, Space, Spin, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { OUTBOX_CHANNELS, OUTBOX_EVENTS } from '../../../shared/outbox/templates';
import { OUTBOX_STATUSES, type OutboxMessage, type OutboxStatus } from '../../../shared/schemas/outbox';
import { useOutboxAction, useOutboxMessage, useOutboxMessages, useOutboxSummary } from '../../api/outbox';
import { errorText } from '../../components/errors';
import { PagedTable } from '../../components/PagedTable';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useListParams } from '../../components/useListParams';
import { dayBoundary, formatDateTime, formatDateTimeSeconds } from '../../format';

const FILTERS = ['status', 'channel', 'event', 'q', 'from', 'to'] as const;

export const STATUS_COLOR: Record<OutboxStatus, string> = { queued: 'blue', sending: 'processing', sent: 'green', dead: 'red', cancelled: 'default' };

export function ChannelTag({ channel }: { channel: string }) {
  const { t } = useTranslation();
  return (
    <Tag icon={channel === 'email' ? <MailOutlined /> : <MessageOutlined />} color={channel === 'email' ? 'geekblue' : 'cyan'}>
      {t(`outbox.channel.${channel}`)}
    </Tag>
  );
}

/** The email and SMS outbox: what was queued, sent, dead-lettered or cancelled, with retry and cancel. */
export function OutboxPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useListParams(FILTERS);
  const { status, channel, event, q, from, to } = list.filters;
  const [openId, setOpenId] = useState<string | null>(null);
  const summary = useOutboxSummary();
  const messages = useOutboxMessages({ page: list.page, pageSize: list.pageSize, status, channel, event, q, from: dayBoundary(from, 'start'), to: dayBoundary(to, 'end') });
  const counts = summary.data?.counts;
  const total = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : undefined;

  const columns: ColumnsType<OutboxMessage> = [
    { title: t('outbox.createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
    { title: t('outbox.channelLabel'), dataIndex: 'channel', width: 90, render: (v: string) => <ChannelTag channel={v} /> },
    { title: t('outbox.eventLabel'), dataIndex: 'event', width: 130, render: (v: string) => t(`outbox.event.${v}`, { defaultValue: v }) },
    { title: t('outbox.recipient'), dataIndex: 'recipient', width: 170, ellipsis: true },
    {
      title: t('outbox.subject'),
      dataIndex: 'subject',
      ellipsis: true,
      render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('outbox.noSubject')}</Typography.Text>,
    },
    { title: t('outbox.statusLabel'), dataIndex: 'status', width: 100, render: (v: OutboxStatus) => <Tag color={STATUS_COLOR[v]}>{t(`outbox.status.${v}`)}</Tag> },
    { title: t('outbox.attempts'), dataIndex: 'attempts', width: 70, align: 'right' },
    {
      title: t('outbox.when'),
      key: 'when',
      width: 160,
      render: (_: unknown, m) =>
        m.status === 'sent' ? (
          formatDateTime(m.sentAt)
        ) : m.status === 'queued' ? (
          <Typography.Text type="secondary">{m.attempts === 0 ? t('outbox.waiting') : t('outbox.nextAttemptShort', { time: formatDateTime(m.nextAttemptAt) })}</Typography.Text>
        ) : (
          formatDateTime(m.updatedAt)
        ),
    },
    {
      title: t('outbox.lastError'),
      dataIndex: 'lastError',
      width: 180,
      ellipsis: true,
      render: (v: string | null) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : '-'),
    },
  ];

  const anyFilter = channel || event || q || from || to;
  const tabLabel = (key: string, n: number | undefined) => (n === undefined ? t(key) : `${t(key)} ${n.toLocaleString()}`);

  return (
    <>
      <PageHeader title={t('outbox.title')} extra={<Button onClick={() => navigate('/admin/outbox/templates')}>{t('outbox.templatesLink')}</Button>} />
      <Card size="small">
        <Tabs
          activeKey={status ?? 'all'}
          onChange={(key) => list.setFilters({ status: key === 'all' ? undefined : key })}
          items={[
            { key: 'all', label: tabLabel('outbox.all', total) },
            ...OUTBOX_STATUSES.map((s) => ({ key: s, label: tabLabel(`outbox.status.${s}`, counts?.[s]) })),
          ]}
        />
        <div className="filter-bar">
          <Select
            allowClear
            value={channel}
            placeholder={t('outbox.channelLabel')}
            onChange={(value?: string) => list.setFilters({ channel: value })}
            options={OUTBOX_CHANNELS.map((value) => ({ value, label: t(`outbox.channel.${value}`) }))}
            style={{ width: 120 }}
          />
          <Select
            allowClear
            value={event}
            placeholder={t('outbox.eventLabel')}
            onChange={(value?: string) => list.setFilters({ event: value })}
            options={OUTBOX_EVENTS.map((value) => ({ value, label: t(`outbox.event.${value}`) }))}
            style={{ width: 150 }}
          />
          <Input.Search
            allowClear
            defaultValue={q}
            key={`q-${q ?? ''}`}
            placeholder={t('outbox.recipientPlaceholder')}
            onSearch={(value) => list.setFilters({ q: value.trim() || undefined })}
            style={{ width: 220 }}
          />
          <DatePicker.RangePicker
            value={from && to ? [dayjs(from), dayjs(to)] : null}
            onChange={(range) => list.setFilters({ from: range?.[0]?.format('YYYY-MM-DD') ?? undefined, to: range?.[1]?.format('YYYY-MM-DD') ?? undefined })}
            disabledDate={(day) => day.isAfter(dayjs(), 'day')}
          />
          {anyFilter ? <Button onClick={() => list.setFilters({ channel: undefined, event: undefined, q: undefined, from: undefined, to: undefined })}>{t('common.reset')}</Button> : null}
        </div>
        <QueryError error={messages.error} onRetry={() => void messages.refetch()} />
        <PagedTable<OutboxMessage>
          query={messages}
          list={list}
          columns={columns}
          scroll={{ x: 1120 }}
          locale={{ emptyText: t(status === 'dead' ? 'outbox.emptyDead' : 'outbox.empty') }}
          onRow={(m) => ({ onClick: () => setOpenId(m.id), style: { cursor: 'pointer' } })}
        />
      </Card>
      <MessageDrawer id={openId} onClose={() => setOpenId(null)} />
    </>
  );
}

function MessageDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const detail = useOutboxMessage(id);
  const action = useOutboxAction();
  const m = detail.data;
  const run = (kind: 'retry' | 'cancel') =>
    action.mutate(
      { id: id!, action: kind },
      {
        onSuccess: () => {
          void message.success(t(kind === 'retry' ? 'outbox.retried' : 'outbox.cancelled'));
          void detail.refetch();
        },
        onError: (error) => void message.error(errorText(t, error)),
      },
    );
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={640}
      title={t('outbox.detailTitle')}
      extra={
        m ? (
          <Space>
            {m.status === 'dead' ? (
              <Button type="primary" loading={action.isPending} onClick={() => run('retry')}>
                {t('outbox.retry')}
              </Button>
            ) : null}
            {m.status === 'queued' ? (
              <Popconfirm title={t('outbox.cancelConfirm')} onConfirm={() => run('cancel')} okText={t('outbox.cancel')} cancelText={t('common.cancel')}>
                <Button danger loading={action.isPending}>
                  {t('outbox.cancel')}
                </Button>
              </Popconfirm>
            ) : null}
          </Space>
        ) : null
      }
    >
      <QueryError error={detail.error} onRetry={() => void detail.refetch()} />
      {!m ? (
        <Spin />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {m.status === 'dead' ? <Alert type="error" showIcon title={t('outbox.deadHint', { count: m.attempts })} description={m.lastError ?? undefined} /> : null}
          <Descriptions size="small" column={1} bordered styles={{ label: { width: 140 } }}>
            <Descriptions.Item label={t('outbox.statusLabel')}>
              <Tag color={STATUS_COLOR[m.status]}>{t(`outbox.status.${m.status}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('outbox.channelLabel')}>
              <ChannelTag channel={m.channel} /> {t(`outbox.event.${m.event}`, { defaultValue: m.event })} · {t(`outbox.locale.${m.locale}`, { defaultValue: m.locale })}
            </Descriptions.Item>
            <Descriptions.Item label={t('outbox.recipient')}>
              {m.recipient}
              {m.recipientName ? <Typography.Text type="secondary">（{m.recipientName}）</Typography.Text> : null}
            </Descriptions.Item>
            <Descriptions.Item label={t('outbox.attempts')}>{t('outbox.attemptsOf', { count: m.attempts, max: m.maxAttempts })}</Descriptions.Item>
            <Descriptions.Item label={t('outbox.createdAt')}>{formatDateTimeSeconds(m.createdAt)}</Descriptions.Item>
            {m.sentAt ? <Descriptions.Item label={t('outbox.sentAt')}>{formatDateTimeSeconds(m.sentAt)}</Descriptions.Item> : null}
            {m.status === 'queued' ? <Descriptions.Item label={t('outbox.nextAttempt')}>{formatDateTimeSeconds(m.nextAttemptAt)}</Descriptions.Item> : null}
            {m.lastError && m.status !== 'dead' ? (
              <Descriptions.Item label={t('outbox.lastError')}>
                <Typography.Text type="danger">{m.lastError}</Typography.Text>
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          <Card size="small" title={m.subject ?? t('outbox.smsText')}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} data-testid="outbox-body">
              {m.body}
            </Typography.Paragraph>
          </Card>
        </Space>
      )}
    </Drawer>
  );
}
