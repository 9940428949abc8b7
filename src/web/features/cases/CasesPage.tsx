import { PlusOutlined } from '@ant-design/icons';
import { Badge, Button, Card, DatePicker, Input, Segmented, Select, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { CASE_STATUSES, OPEN_STATUSES, type CaseStatus } from '../../../shared/cases/state-machine';
import { CASE_TYPES, type Case, type CasePriority, type CaseType } from '../../../shared/schemas/cases';
import { useCases } from '../../api/cases';
import type { Query } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { PagedTable } from '../../components/PagedTable';
import { QueryError } from '../../components/QueryError';
import { useSession } from '../../components/session';
import { SiteTreeSelect } from '../../components/SiteTreeSelect';
import { useCreateParam } from '../../components/useCreateParam';
import { useListParams } from '../../components/useListParams';
import { dayBoundary, formatDateTime } from '../../format';
import { AT_RISK_STAGES, type Stage } from '../../../shared/ladder/ladder';
import { StageTag } from '../ladder/StageTag';
import { CaseFormDrawer } from './CaseFormDrawer';
import { CaseStatusTag, CaseTypeTag, DueClock, PriorityTag, useNow } from './caseTags';

const FILTERS = ['queue', 'q', 'status', 'type', 'siteId', 'from', 'to'] as const;
const QUEUES = ['mine', 'unassigned', 'at_risk', 'overdue', 'all'] as const;
type Queue = (typeof QUEUES)[number];

/** What each queue asks the server; a status the user picks replaces the queue's own statuses. */
const QUEUE_QUERY: Record<Queue, Query> = {
  mine: { assigneeId: 'me', status: OPEN_STATUSES.join(',') },
  unassigned: { assigneeId: 'none', status: 'new' },
  // Open cases whose customer has voiced dissatisfaction, the highest rung first, then the oldest.
  at_risk: { stage: AT_RISK_STAGES.join(','), status: OPEN_STATUSES.join(','), sort: 'stage' },
  overdue: { overdue: 'true' },
  all: {},
};

export function CasesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useSession();
  const canWrite = can('cases.write');
  const list = useListParams(FILTERS);
  const { q, status, type, siteId, from, to } = list.filters;
  // People who work cases start on their own; readers (managers, admins) on everything.
  const queue: Queue = (QUEUES as readonly string[]).includes(list.filters.queue ?? '') ? (list.filters.queue as Queue) : canWrite ? 'mine' : 'all';
  const [creating, setCreating] = useState(false);
  useCreateParam(() => setCreating(true), canWrite);
  const now = useNow();

  const statuses = status ? status.split(',').filter((s): s is CaseStatus => (CASE_STATUSES as readonly string[]).includes(s)) : [];
  const query: Query = {
    ...QUEUE_QUERY[queue],
    ...(statuses.length ? { status: statuses.join(',') } : {}),
    page: list.page,
    pageSize: list.pageSize,
    q,
    type,
    siteId,
    from: dayBoundary(from, 'start'),
    to: dayBoundary(to, 'end'),
  };
  const cases = useCases(query);
  // How much waits in each working queue, whatever the filters: one row asked for, the total read.
  const counts = {
    mine: useCases({ ...QUEUE_QUERY.mine, pageSize: 1 }, canWrite).data?.total,
    unassigned: useCases({ ...QUEUE_QUERY.unassigned, pageSize: 1 }).data?.total,
    overdue: useCases({ ...QUEUE_QUERY.overdue, pageSize: 1 }).data?.total,
    at_risk: useCases({ ...QUEUE_QUERY.at_risk, pageSize: 1 }).data?.total,
  } as Partial<Record<Queue, number>>;

  const columns: ColumnsType<Case> = [
    {
      title: t('cases.case'),
      dataIndex: 'number',
      ellipsis: true,
      render: (number: string, c) => (
        <Link to={`/cases/${c.id}`} style={{ display: 'block' }}>
          <div>{number}</div>
          <Typography.Text ellipsis style={{ display: 'block' }} title={c.title}>
            {c.title}
          </Typography.Text>
        </Link>
      ),
    },
    { title: t('cases.type'), dataIndex: 'type', width: 96, render: (v: CaseType) => <CaseTypeTag type={v} /> },
    { title: t('cases.priority'), dataIndex: 'priority', width: 84, render: (v: CasePriority) => <PriorityTag priority={v} /> },
    { title: t('cases.status'), dataIndex: 'status', width: 132, render: (v: CaseStatus) => <CaseStatusTag status={v} /> },
    { title: t('ladder.column'), dataIndex: 'stage', width: 150, render: (v: Stage) => <StageTag stage={v} /> },
    { title: t('cases.site'), dataIndex: 'siteName', width: 130, ellipsis: true },
    {
      title: t('cases.customer'),
      dataIndex: 'customer',
      width: 120,
      render: (customer: Case['customer']) =>
        customer ? (
          <Space orientation="vertical" size={0}>
            <span>{customer.name}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {customer.phone}
            </Typography.Text>
          </Space>
        ) : (
          '-'
        ),
    },
    {
      title: t('cases.assignee'),
      dataIndex: 'assigneeName',
      width: 96,
      render: (name: string | null) => name ?? <Typography.Text type="secondary">{t('cases.unassigned')}</Typography.Text>,
    },
    {
      title: t('cases.resolutionDue'),
      key: 'due',
      width: 116,
      render: (_: unknown, c) => <DueClock due={c.resolutionDueAt} doneAt={c.resolvedAt} status={c.status} pausable now={now} />,
    },
    { title: t('cases.createdAt'), dataIndex: 'createdAt', width: 136, render: (v: string) => formatDateTime(v) },
  ];

  const filtered = Boolean(q || status || type || siteId || from || to);

  return (
    <>
      <PageHeader
        title={t('nav.cases')}
        extra={
          canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('cases.create')}
            </Button>
          ) : null
        }
      />
      <Card size="small">
        <Segmented<Queue>
          value={queue}
          onChange={(value) => list.setFilters({ queue: value })}
          options={QUEUES.filter((value) => canWrite || value !== 'mine').map((value) => ({
            value,
            label: (
              <Space size={6}>
                {t(`cases.queues.${value}`)}
                {counts[value] ? <Badge count={counts[value]} overflowCount={999} color={value === 'overdue' ? 'red' : value === 'at_risk' ? 'orange' : 'blue'} size="small" /> : null}
              </Space>
            ),
          }))}
          style={{ marginBottom: 12 }}
          data-testid="case-queues"
        />
        <div className="filter-bar">
          <Input.Search
            allowClear
            defaultValue={q}
            key={`q-${q ?? ''}`}
            placeholder={t('cases.searchPlaceholder')}
            onSearch={(value) => list.setFilters({ q: value.trim() || undefined })}
            style={{ width: 280 }}
          />
          <Select<CaseStatus[]>
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            value={statuses}
            placeholder={t('cases.status')}
            onChange={(value) => list.setFilters({ status: value.length ? value.join(',') : undefined })}
            options={CASE_STATUSES.map((value) => ({ value, label: t(`cases.statuses.${value}`) }))}
            style={{ width: 220 }}
          />
          <Select<CaseType>
            allowClear
            value={type as CaseType | undefined}
            placeholder={t('cases.type')}
            onChange={(value?: CaseType) => list.setFilters({ type: value })}
            options={CASE_TYPES.map((value) => ({ value, label: t(`cases.types.${value}`) }))}
            style={{ width: 120 }}
          />
          <SiteTreeSelect value={siteId} onChange={(value) => list.setFilters({ siteId: value })} style={{ width: 200 }} />
          <DatePicker.RangePicker
            value={from && to ? [dayjs(from), dayjs(to)] : null}
            placeholder={[t('cases.createdFrom'), t('cases.createdTo')]}
            onChange={(range) =>
              list.setFilters({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })
            }
            style={{ width: 250 }}
          />
          {filtered ? <Button onClick={() => list.setFilters({ q: undefined, status: undefined, type: undefined, siteId: undefined, from: undefined, to: undefined })}>{t('common.reset')}</Button> : null}
        </div>
        <QueryError error={cases.error} onRetry={() => void cases.refetch()} />
        <PagedTable<Case>
          query={cases}
          list={list}
          columns={columns}
          scroll={{ x: 1270 }}
          onRow={(c) => ({ onDoubleClick: () => navigate(`/cases/${c.id}`) })}
        />
      </Card>
      <CaseFormDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(created) => {
          setCreating(false);
          navigate(`/cases/${created.id}`);
        }}
      />
    </>
  );
}
