import { Card, DatePicker, Input, Select, Tag, Typography, Button } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AuditEvent } from '../../../shared/schemas/org';
import { useAuditEvents } from '../../api/audit';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useListParams } from '../../components/useListParams';
import { dayBoundary, formatDateTimeSeconds } from '../../format';
import { AuditDiff } from './AuditDiff';
import { actionLabel, AUDIT_ACTIONS, AUDIT_ENTITIES, entityLabel } from './labels';
import { PagedTable } from '../../components/PagedTable';

const FILTERS = ['entity', 'entityId', 'actor', 'action', 'from', 'to'] as const;

const ACTION_COLOR: Record<string, string> = {
  create: 'green',
  update: 'blue',
  delete: 'red',
  revoke: 'red',
  export: 'purple',
  login_failed: 'orange',
  account_locked: 'volcano',
};

export function AuditPage() {
  const { t } = useTranslation();
  const list = useListParams(FILTERS);
  const { entity, entityId, actor, action, from, to } = list.filters;
  const events = useAuditEvents({
    page: list.page,
    pageSize: list.pageSize,
    entity,
    entityId,
    actor,
    action,
    from: dayBoundary(from, 'start'),
    to: dayBoundary(to, 'end'),
  });

  const columns: ColumnsType<AuditEvent> = [
    { title: t('audit.time'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTimeSeconds(v) },
    { title: t('audit.actor'), dataIndex: 'actorName', width: 130, render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('audit.system')}</Typography.Text> },
    { title: t('audit.action'), dataIndex: 'action', width: 150, render: (v: string) => <Tag color={ACTION_COLOR[v]}>{actionLabel(t, v)}</Tag> },
    { title: t('audit.entity'), dataIndex: 'entity', width: 110, render: (v: string) => entityLabel(t, v) },
    {
      title: t('audit.entityId'),
      dataIndex: 'entityId',
      ellipsis: true,
      render: (v: string | null) =>
        v ? (
          <Typography.Link onClick={() => list.setFilters({ entityId: v })} title={t('audit.filterByEntity')}>
            <Typography.Text code style={{ fontSize: 12 }}>
              {v}
            </Typography.Text>
          </Typography.Link>
        ) : (
          '-'
        ),
    },
    { title: t('audit.ip'), dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? '-' },
  ];

  const anyFilter = entity || entityId || actor || action || from || to;

  return (
    <>
      <PageHeader title={t('nav.audit')} />
      <Card size="small">
        <div className="filter-bar">
          <Select
            allowClear
            value={entity}
            placeholder={t('audit.entity')}
            onChange={(value?: string) => list.setFilters({ entity: value })}
            options={AUDIT_ENTITIES.map((value) => ({ value, label: entityLabel(t, value) }))}
            style={{ width: 140 }}
          />
          <Select
            allowClear
            value={action}
            placeholder={t('audit.action')}
            onChange={(value?: string) => list.setFilters({ action: value })}
            options={AUDIT_ACTIONS.map((value) => ({ value, label: actionLabel(t, value) }))}
            style={{ width: 140 }}
          />
          <Input.Search
            allowClear
            defaultValue={actor}
            key={`actor-${actor ?? ''}`}
            placeholder={t('audit.actorPlaceholder')}
            onSearch={(value) => list.setFilters({ actor: value.trim() || undefined })}
            style={{ width: 180 }}
          />
          <DatePicker.RangePicker
            value={from && to ? [dayjs(from), dayjs(to)] : null}
            onChange={(range) =>
              list.setFilters({ from: range?.[0]?.format('YYYY-MM-DD') ?? undefined, to: range?.[1]?.format('YYYY-MM-DD') ?? undefined })
            }
            disabledDate={(day) => day.isAfter(dayjs(), 'day')}
          />
          {entityId ? (
            <Tag closable onClose={() => list.setFilters({ entityId: undefined })} style={{ alignSelf: 'center' }}>
              {t('audit.entityId')}: {entityId.slice(0, 8)}…
            </Tag>
          ) : null}
          {anyFilter ? <Button onClick={list.reset}>{t('common.reset')}</Button> : null}
        </div>
        <QueryError error={events.error} onRetry={() => void events.refetch()} />
        <PagedTable<AuditEvent>
          query={events}
          list={list}
          columns={columns}
          scroll={{ x: 900 }}
          expandable={{
            expandedRowRender: (event) => <AuditDiff event={event} />,
            rowExpandable: (event) => event.before != null || event.after != null,
          }}
        />
      </Card>
    </>
  );
}
