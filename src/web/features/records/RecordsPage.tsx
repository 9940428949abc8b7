import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { CustomerTier } from '../../../shared/roles';
import type { ContactChannel } from '../../../shared/schemas/plans';
import type { CommunicationRecord } from '../../../shared/schemas/records';
import { useRecords } from '../../api/records';
import { useUsers } from '../../api/users';
import { PagedTable } from '../../components/PagedTable';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useSession } from '../../components/session';
import { SiteTreeSelect } from '../../components/SiteTreeSelect';
import { TierTag } from '../../components/tags';
import { useListParams } from '../../components/useListParams';
import { dayBoundary, formatDateTime } from '../../format';
import { ChannelTag } from '../plans/planTags';
import { ProblemSummary } from './recordParts';

const FILTERS = ['siteId', 'staffId', 'customerId', 'from', 'to'] as const;

/** 沟通记录: every recorded contact with customers on the caller's sites, latest first. */
export function RecordsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useSession();
  const list = useListParams(FILTERS);
  const { siteId, staffId, customerId, from, to } = list.filters;
  const [staffSearch, setStaffSearch] = useState('');
  const staff = useUsers({ q: staffSearch.trim() || undefined, active: 'true', pageSize: 50 }, can('users.read'));
  const records = useRecords({ page: list.page, pageSize: list.pageSize, siteId, staffId, customerId, from: dayBoundary(from, 'start'), to: dayBoundary(to, 'end') });

  const columns: ColumnsType<CommunicationRecord> = [
    { title: t('records.occurredAt'), dataIndex: 'occurredAt', width: 140, render: (v: string, r) => <Link to={`/records/${r.id}`}>{formatDateTime(v)}</Link> },
    {
      title: t('records.customer'),
      key: 'customer',
      width: 200,
      render: (_: unknown, r) => (
        <Space size={4} wrap>
          <Link to={`/customers/${r.customerId}`} onClick={(e) => e.stopPropagation()}>
            {r.customerName}
          </Link>
          <TierTag tier={r.customerTier as CustomerTier} />
        </Space>
      ),
    },
    { title: t('records.site'), dataIndex: 'siteName', width: 130, ellipsis: true },
    { title: t('records.channel'), dataIndex: 'channel', width: 100, render: (v: ContactChannel) => <ChannelTag channel={v} /> },
    { title: t('records.staff'), dataIndex: 'staffName', width: 90 },
    { title: t('records.topics'), dataIndex: 'topics', width: 180, render: (topics: string[]) => topics.map((v) => <Tag key={v}>{v}</Tag>) },
    { title: t('records.opinion'), dataIndex: 'opinion', ellipsis: true, render: (v: string | null) => v ?? <Typography.Text type="secondary">-</Typography.Text> },
    { title: t('records.problems'), dataIndex: 'problems', width: 190, render: (p: CommunicationRecord['problems']) => <ProblemSummary problems={p} /> },
  ];

  return (
    <>
      <PageHeader
        title={t('records.title')}
        extra={
          can('revisits.write') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(customerId ? `/records/new?customerId=${customerId}` : '/records/new')} data-testid="record-create">
              {t('records.create')}
            </Button>
          ) : null
        }
      />
      <Card size="small">
        <div className="filter-bar">
          <SiteTreeSelect value={siteId} onChange={(value) => list.setFilters({ siteId: value })} style={{ width: 200 }} />
          {can('users.read') ? (
            <Select
              allowClear
              value={staffId}
              placeholder={t('records.staff')}
              showSearch={{ filterOption: false, onSearch: setStaffSearch }}
              onChange={(value?: string) => list.setFilters({ staffId: value })}
              options={(staff.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
              style={{ width: 150 }}
            />
          ) : null}
          <DatePicker.RangePicker
            value={from && to ? [dayjs(from), dayjs(to)] : null}
            placeholder={[t('records.from'), t('records.to')]}
            onChange={(range) => list.setFilters({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
            style={{ width: 250 }}
          />
          {customerId ? (
            <Tag closable onClose={() => list.setFilters({ customerId: undefined })}>
              {t('records.oneCustomer')}
            </Tag>
          ) : null}
          {siteId || staffId || customerId || from || to ? <Button onClick={list.reset}>{t('common.reset')}</Button> : null}
        </div>
        <QueryError error={records.error} onRetry={() => void records.refetch()} />
        <PagedTable<CommunicationRecord>
          query={records}
          list={list}
          columns={columns}
          scroll={{ x: 1200 }}
          locale={{ emptyText: t('records.empty') }}
          onRow={(r) => ({ onClick: () => navigate(`/records/${r.id}`), style: { cursor: 'pointer' } })}
        />
      </Card>
    </>
  );
}
