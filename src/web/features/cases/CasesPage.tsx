import { PlusOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, DatePicker, Divider, Input, Segmented, Select, Space, Typography } from 'antd';
import type { ColumnsType, SortOrder } from 'antd/es/table/interface';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { CASE_STATUSES, nextStatus, OPEN_STATUSES, type CaseStatus } from '../../../shared/cases/state-machine';
import { CASE_SORT_FIELDS, CASE_SORTS, CASE_TYPES, type Case, type CasePriority, type CaseSort, type CaseSortField, type CaseType } from '../../../shared/schemas/cases';
import type { SavedView } from '../../../shared/schemas/views';
import { useCases, useCauseCodes } from '../../api/cases';
import type { Query } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { PagedTable } from '../../components/PagedTable';
import { QueryError } from '../../components/QueryError';
import { useSession } from '../../components/session';
import { SiteTreeSelect } from '../../components/SiteTreeSelect';
import { useSavedViews } from '../../api/views';
import { useCreateParam } from '../../components/useCreateParam';
import { useListParams } from '../../components/useListParams';
import { dayBoundary, formatDateTime } from '../../format';
import { currentLocale } from '../../i18n';
import { BulkAssignModal } from './BulkAssignModal';
import { AT_RISK_STAGES, type Stage } from '../../../shared/ladder/ladder';
import { StageTag } from '../ladder/StageTag';
import { CaseFormDrawer } from './CaseFormDrawer';
import { SavedViews } from './SavedViews';
import { CaseStatusTag, CaseTypeTag, DueClock, EscalationTag, PriorityTag, useNow } from './caseTags';

/** Filters kept in the address bar; besides them, a queue or a saved view (`view`) sets the rest of the query. */
const URL_FILTERS = ['q', 'status', 'type', 'siteId', 'causeCode', 'from', 'to', 'sort'] as const;
const FILTERS = ['queue', 'view', ...URL_FILTERS] as const;
const QUEUES = ['mine', 'team', 'unassigned', 'at_risk', 'overdue', 'all'] as const;
type Queue = (typeof QUEUES)[number];
/** Queues about one's own work, shown to people who work cases. */
const WORKER_QUEUES: readonly Queue[] = ['mine', 'team'];

/** What each queue asks the server; a status the user picks replaces the queue's own statuses. */
const QUEUE_QUERY: Record<Queue, Query> = {
  mine: { assigneeId: 'me', status: OPEN_STATUSES.join(',') },
  team: { team: 'true', status: OPEN_STATUSES.join(',') },
  unassigned: { assigneeId: 'none', status: 'new' },
  // Open cases whose customer has voiced dissatisfaction, the highest rung first, then the oldest.
  at_risk: { stage: AT_RISK_STAGES.join(','), status: OPEN_STATUSES.join(','), sort: '-stage' },
  overdue: { overdue: 'true' },
  all: {},
};

/** The table columns that sort, by the sort field they set. */
const SORTABLE_COLUMNS: Partial<Record<CaseSortField, true>> = { createdAt: true, resolutionDueAt: true, priority: true };
const DEFAULT_SORT: CaseSort = '-createdAt';

/** Query values as a saved view stores them: strings, nothing empty, no paging. */
function savedQuery(query: Query): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (key === 'page' || key === 'pageSize' || value === undefined || value === null || value === '') continue;
    out[key] = String(value);
  }
  return out;
}

export function CasesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { can } = useSession();
  const canWrite = can('cases.write');
  const canAssign = can('cases.assign');
  const list = useListParams(FILTERS);
  const { q, status, type, siteId, causeCode, from, to } = list.filters;
  // People who work cases start on their own; readers (managers, admins) on everything.
  const queue: Queue = (QUEUES as readonly string[]).includes(list.filters.queue ?? '') ? (list.filters.queue as Queue) : canWrite ? 'mine' : 'all';
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<Case[]>([]);
  const [bulkOpen, setBulkOpen] = useState(false);
  useCreateParam(() => setCreating(true), canWrite);
  const now = useNow();
  const causes = useCauseCodes();
  const locale = currentLocale();
  const views = useSavedViews();
  const activeView = list.filters.view ? views.data?.find((v) => v.id === list.filters.view) : undefined;

  const statuses = status ? status.split(',').filter((s): s is CaseStatus => (CASE_STATUSES as readonly string[]).includes(s)) : [];
  // A saved view contributes what the address bar does not hold (whose cases, overdue, team); its
  // other filters were put into the address bar when it was opened.
  const base: Query = activeView
    ? Object.fromEntries(Object.entries(activeView.query).filter(([key]) => !(URL_FILTERS as readonly string[]).includes(key)))
    : QUEUE_QUERY[queue];
  // A queue may have its own order (at risk: highest rung first); a sort picked in the address bar wins.
  const defaultSort = (CASE_SORTS as readonly string[]).includes(String(base.sort ?? '')) ? (base.sort as CaseSort) : DEFAULT_SORT;
  const sort = (CASE_SORTS as readonly string[]).includes(list.filters.sort ?? '') ? (list.filters.sort as CaseSort) : defaultSort;
  const filterQuery: Query = {
    ...base,
    ...(statuses.length ? { status: statuses.join(',') } : {}),
    q,
    type,
    siteId,
    causeCode,
    from: dayBoundary(from, 'start'),
    to: dayBoundary(to, 'end'),
    sort: sort === DEFAULT_SORT ? undefined : sort,
  };
  const setSort = (value: CaseSort) => list.setFilters({ sort: value === defaultSort ? undefined : value });
  const cases = useCases({ ...filterQuery, page: list.page, pageSize: list.pageSize });
  // How much waits in each working queue, whatever the filters: one row asked for, the total read.
  const counts = {
    mine: useCases({ ...QUEUE_QUERY.mine, pageSize: 1 }, canWrite).data?.total,
    team: useCases({ ...QUEUE_QUERY.team, pageSize: 1 }, canWrite).data?.total,
    unassigned: useCases({ ...QUEUE_QUERY.unassigned, pageSize: 1 }).data?.total,
    overdue: useCases({ ...QUEUE_QUERY.overdue, pageSize: 1 }).data?.total,
    at_risk: useCases({ ...QUEUE_QUERY.at_risk, pageSize: 1 }).data?.total,
  } as Partial<Record<Queue, number>>;

  const openView = (view: SavedView) => {
    const day = (iso?: string) => (iso ? dayjs(iso).format('YYYY-MM-DD') : undefined);
    setSelected([]);
    list.setFilters({
      view: view.id,
      queue: undefined,
      q: view.query.q,
      status: view.query.status,
      type: view.query.type,
      siteId: view.query.siteId,
      causeCode: view.query.causeCode,
      from: day(view.query.from),
      to: day(view.query.to),
      sort: view.query.sort,
    });
  };
  const sortOrder = (field: CaseSortField): SortOrder => (sort === field ? 'ascend' : sort === `-${field}` ? 'descend' : null);
  const sortable = (field: CaseSortField) => (SORTABLE_COLUMNS[field] ? { key: field, sorter: true, sortOrder: sortOrder(field), sortDirections: ['descend', 'ascend'] as SortOrder[] } : {});
  // Current versions: a live update may have refreshed a selected row since it was ticked.
  const selectedNow = selected.map((c) => cases.data?.items.find((x) => x.id === c.id) ?? c);

  const columns: ColumnsType<Case> = [
    {
      title: t('cases.case'),
      dataIndex: 'number',
      // Wide enough for a whole number (FW-20261123-0011) beside the selection checkboxes.
      width: 180,
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
    { title: t('cases.priority'), dataIndex: 'priority', width: 96, ...sortable('priority'), render: (v: CasePriority) => <PriorityTag priority={v} /> },
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
      width: 112,
      render: (name: string | null) => name ?? <Typography.Text type="secondary">{t('cases.unassigned')}</Typography.Text>,
    },
    {
      title: t('cases.resolutionDue'),
      key: 'due',
      width: 128,
      ...sortable('resolutionDueAt'),
      render: (_: unknown, c) => (
        <>
          <DueClock due={c.resolutionDueAt} doneAt={c.resolvedAt} status={c.status} pausable now={now} />
          <EscalationTag level={c.escalationLevel} />
        </>
      ),
    },
    { title: t('cases.createdAt'), dataIndex: 'createdAt', width: 148, ...sortable('createdAt'), render: (v: string) => formatDateTime(v) },
  ];

  const filtered = Boolean(q || status || type || siteId || causeCode || from || to || list.filters.sort);

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
        <div className="queue-bar">
        <Segmented<Queue | ''>
          value={activeView ? '' : queue}
          onChange={(value) => {
            setSelected([]);
            list.setFilters({ queue: value || undefined, view: undefined });
          }}
          options={QUEUES.filter((value) => canWrite || !WORKER_QUEUES.includes(value)).map((value) => ({
            value,
            label: (
              <Space size={6}>
                {t(`cases.queues.${value}`)}
                {counts[value] ? <Badge count={counts[value]} overflowCount={999} color={value === 'overdue' ? 'red' : value === 'at_risk' ? 'orange' : 'blue'} size="small" /> : null}
              </Space>
            ),
          }))}
          data-testid="case-queues"
        />
        <Divider orientation="vertical" />
        <SavedViews
          activeId={activeView?.id}
          current={savedQuery(filterQuery)}
          onOpen={openView}
          onClosed={() => list.setFilters({ view: undefined })}
        />
        </div>
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
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            value={causeCode}
            placeholder={t('cases.cause')}
            loading={causes.isLoading}
            onChange={(value?: string) => list.setFilters({ causeCode: value })}
            options={[
              { value: 'none', label: t('cases.causeNone') },
              ...(causes.data ?? []).filter((c) => c.active || c.code === causeCode).map((c) => ({ value: c.code, label: c.name[locale] })),
            ]}
            style={{ width: 180 }}
            data-testid="cause-filter"
          />
          <DatePicker.RangePicker
            value={from && to ? [dayjs(from), dayjs(to)] : null}
            placeholder={[t('cases.createdFrom'), t('cases.createdTo')]}
            onChange={(range) =>
              list.setFilters({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })
            }
            style={{ width: 250 }}
          />
          <Select<CaseSort>
            value={sort}
            onChange={setSort}
            options={CASE_SORT_FIELDS.flatMap((field) => [`-${field}`, field] as CaseSort[]).map((value) => ({ value, label: t(`cases.sort.${value.startsWith('-') ? 'desc' : 'asc'}.${value.replace(/^-/, '')}`) }))}
            style={{ width: 212 }}
            prefix={t('cases.sort.label')}
            data-testid="case-sort"
          />
          {filtered ? (
            <Button onClick={() => list.setFilters({ q: undefined, status: undefined, type: undefined, siteId: undefined, causeCode: undefined, from: undefined, to: undefined, sort: undefined })}>
              {t('common.reset')}
            </Button>
          ) : null}
        </div>
        {canAssign && selected.length ? (
          <div className="bulk-bar" data-testid="bulk-bar">
            <span>{t('cases.bulk.selected', { count: selected.length })}</span>
            <Space>
              <Button type="primary" icon={<UserSwitchOutlined />} onClick={() => setBulkOpen(true)} data-testid="bulk-assign">
                {t('cases.bulk.assignTo')}
              </Button>
              <Button onClick={() => setSelected([])}>{t('cases.bulk.clear')}</Button>
            </Space>
          </div>
        ) : null}
        <QueryError error={cases.error} onRetry={() => void cases.refetch()} />
        <PagedTable<Case>
          query={cases}
          list={list}
          columns={columns}
          scroll={{ x: 1330 }}
          onRow={(c) => ({ onDoubleClick: () => navigate(`/cases/${c.id}`) })}
          onChange={(_pagination, _filters, sorter, extra) => {
            if (extra.action !== 'sort') return;
            const one = Array.isArray(sorter) ? sorter[0] : sorter;
            const field = one?.order ? (one.columnKey as CaseSortField) : undefined;
            setSort(field ? ((one.order === 'descend' ? `-${field}` : field) as CaseSort) : defaultSort);
          }}
          rowSelection={
            canAssign
              ? {
                  selectedRowKeys: selected.map((c) => c.id),
                  preserveSelectedRowKeys: true,
                  onChange: (_keys, rows) => setSelected(rows.filter(Boolean)),
                  // Only cases that can still be (re)assigned: open ones.
                  getCheckboxProps: (c) => ({ disabled: nextStatus(c.status, 'assign', { hasAssignee: true }) === null, 'aria-label': c.number }),
                }
              : undefined
          }
          locale={activeView ? { emptyText: t('views.empty') } : undefined}
        />
      </Card>
      <BulkAssignModal
        open={bulkOpen}
        cases={selectedNow}
        onCancel={() => setBulkOpen(false)}
        onDone={(count) => {
          setBulkOpen(false);
          setSelected([]);
          message.success(t('cases.bulk.done', { count }));
        }}
      />
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
