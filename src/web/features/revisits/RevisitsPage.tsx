import { BarChartOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Calendar, Card, Modal, Select, Space, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ROLE_PERMISSIONS } from '../../../shared/roles';
import type { Revisit } from '../../../shared/schemas/revisits';
import { ApiError, type Query } from '../../api/client';
import { useAssignRevisits, useRevisitCalendar, useRevisits } from '../../api/revisits';
import { useSites } from '../../api/sites';
import { useUsers } from '../../api/users';
import { errorText } from '../../components/errors';
import { PageHeader } from '../../components/PageHeader';
import { PagedTable } from '../../components/PagedTable';
import { QueryError } from '../../components/QueryError';
import { useSession } from '../../components/session';
import { SiteTreeSelect } from '../../components/SiteTreeSelect';
import { subtreeIds } from '../../components/siteTree';
import { useListParams } from '../../components/useListParams';
import { dayBoundary, formatDateTime, nowInOrg } from '../../format';
import { RevisitDrawer, RevisitStatusTag } from './RevisitDrawer';

const TABS = ['today', 'overdue', 'upcoming', 'done', 'calendar'] as const;
type Tab = (typeof TABS)[number];

const today = () => nowInOrg().format('YYYY-MM-DD');
const tomorrow = () => nowInOrg().add(1, 'day').format('YYYY-MM-DD');

/** The list query of a tab: due by the end of today, overdue, due from tomorrow, finished; or one calendar day. */
function tabQuery(tab: Tab, day: string | undefined): Query {
  switch (tab) {
    case 'today':
      return { status: 'due', to: dayBoundary(today(), 'end') };
    case 'overdue':
      return { status: 'overdue' };
    case 'upcoming':
      return { status: 'due', from: dayBoundary(tomorrow(), 'start') };
    case 'done':
      return { status: 'done' };
    case 'calendar':
      return day ? { from: dayBoundary(day, 'start'), to: dayBoundary(day, 'end') } : {};
  }
}

/**
 * The revisit work list: my (or a site's, or anyone's) revisits due today, overdue, upcoming and
 * done, a month calendar with counts per day, reassignment of the selected revisits, and the drawer
 * in which a call is recorded.
 */
export function RevisitsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
  const list = useListParams(['tab', 'owner', 'siteId', 'day', 'open'] as const);
  const tab = (TABS as readonly string[]).includes(list.filters.tab ?? '') ? (list.filters.tab as Tab) : 'today';
  const owner = list.filters.owner ?? 'me';
  const manager = can('revisits.manage');
  const [selected, setSelected] = useState<Revisit[]>([]);
  const [assigning, setAssigning] = useState(false);
  const [month, setMonth] = useState<Dayjs>(() => dayjs(nowInOrg().format('YYYY-MM-DD')));

  const ownerQuery = owner === 'all' ? undefined : owner;
  const query: Query = { ...tabQuery(tab, list.filters.day), ownerId: ownerQuery, siteId: list.filters.siteId, page: list.page, pageSize: list.pageSize };
  const showList = tab !== 'calendar' || Boolean(list.filters.day);
  const revisits = useRevisits(query, showList);
  const calendar = useRevisitCalendar(
    { ownerId: ownerQuery, siteId: list.filters.siteId, from: month.startOf('month').startOf('week').toISOString(), to: month.endOf('month').endOf('week').add(1, 'ms').toISOString() },
    tab === 'calendar',
  );
  const users = useUsers({ active: 'true', pageSize: 200 }, manager);
  const ownerOptions = [
    { value: 'me', label: t('revisits.filters.me') },
    { value: 'all', label: t('revisits.filters.everyone') },
    ...(manager
      ? [
          { value: 'none', label: t('revisits.unassigned') },
          ...(users.data?.items ?? []).filter((u) => u.roles.some((r) => ROLE_PERMISSIONS[r.role].includes('revisits.write'))).map((u) => ({ value: u.id, label: u.name })),
        ]
      : []),
  ];

  const columns: ColumnsType<Revisit> = [
    {
      title: t('revisits.fields.customer'),
      key: 'customer',
      render: (_, r) =>
        r.customer ? (
          <Space direction="vertical" size={0}>
            <Typography.Text strong>{r.customer.name}</Typography.Text>
            <Typography.Text type="secondary">{r.customer.phone}</Typography.Text>
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('revisits.fields.source'),
      key: 'source',
      render: (_, r) =>
        r.case ? (
          <Space direction="vertical" size={0}>
            <Link to={`/cases/${r.case.id}`} onClick={(e) => e.stopPropagation()}>
              {r.case.number}
            </Link>
            <Typography.Text type="secondary" ellipsis style={{ maxWidth: 240 }}>
              {t(`cases.types.${r.case.type}`)} · {r.case.title}
            </Typography.Text>
          </Space>
        ) : (
          <Space direction="vertical" size={0}>
            <Tag color="gold">{t('revisits.kinds.plan')}</Tag>
            <Typography.Text type="secondary">
              {r.planName} · {r.planPeriod}
            </Typography.Text>
          </Space>
        ),
    },
    { title: t('revisits.fields.site'), dataIndex: 'siteName', responsive: ['lg'] },
    { title: t('revisits.fields.owner'), key: 'owner', render: (_, r) => r.ownerName ?? <Typography.Text type="secondary">{t('revisits.unassigned')}</Typography.Text> },
    {
      title: tab === 'done' ? t('revisits.fields.completedAt') : t('revisits.fields.dueAt'),
      key: 'due',
      render: (_, r) =>
        tab === 'done' ? (
          formatDateTime(r.completedAt)
        ) : (
          <Space direction="vertical" size={0}>
            <span>{formatDateTime(r.dueAt)}</span>
            <Typography.Text type={r.overdue ? 'danger' : 'secondary'}>{t('revisits.deadline', { at: formatDateTime(r.deadlineAt) })}</Typography.Text>
          </Space>
        ),
    },
    { title: t('revisits.fields.attempts'), key: 'attempts', render: (_, r) => t('revisits.attemptsOf', { count: r.attemptCount, max: r.maxAttempts }) },
    { title: t('revisits.fields.status'), key: 'status', render: (_, r) => <RevisitStatusTag revisit={r} /> },
  ];

  const table = (
    <>
      {revisits.error ? <QueryError error={revisits.error} onRetry={() => void revisits.refetch()} /> : null}
      <PagedTable<Revisit>
        query={revisits}
        list={list}
        columns={columns}
        data-testid="revisit-table"
        rowSelection={manager && tab !== 'done' ? { selectedRowKeys: selected.map((r) => r.id), onChange: (_, rows) => setSelected(rows), getCheckboxProps: (r) => ({ disabled: r.status !== 'due' }) } : undefined}
        onRow={(r) => ({ onClick: () => list.setFilters({ open: r.id }), style: { cursor: 'pointer' } })}
        locale={{ emptyText: t(`revisits.empty.${tab}`) }}
      />
    </>
  );

  const counts = new Map((calendar.data?.days ?? []).map((d) => [d.date, d]));
  const calendarView = (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Calendar
        value={list.filters.day ? dayjs(list.filters.day) : month}
        onPanelChange={(d) => setMonth(d)}
        onSelect={(d, info) => {
          if (info.source === 'date') list.setFilters({ day: d.format('YYYY-MM-DD') });
          else setMonth(d);
        }}
        cellRender={(d, info) => {
          if (info.type !== 'date') return info.originNode;
          const c = counts.get(d.format('YYYY-MM-DD'));
          if (!c) return null;
          return (
            <Space direction="vertical" size={0} data-testid={`calendar-${d.format('YYYY-MM-DD')}`}>
              {c.open - c.overdue > 0 ? <Badge status="processing" text={t('revisits.calendar.open', { count: c.open - c.overdue })} /> : null}
              {c.overdue > 0 ? <Badge status="error" text={t('revisits.calendar.overdue', { count: c.overdue })} /> : null}
              {c.done > 0 ? <Badge status="success" text={t('revisits.calendar.done', { count: c.done })} /> : null}
            </Space>
          );
        }}
      />
    </Card>
  );

  return (
    <>
      <PageHeader
        title={t('revisits.title')}
        extra={
          <Space>
            {manager ? (
              <Button icon={<UserSwitchOutlined />} disabled={selected.length === 0} onClick={() => setAssigning(true)} data-testid="revisit-assign">
                {t('revisits.assign.button', { count: selected.length })}
              </Button>
            ) : null}
            <Button icon={<BarChartOutlined />} onClick={() => navigate('/revisits/figures')}>
              {t('revisits.figures.title')}
            </Button>
          </Space>
        }
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Select style={{ width: 200 }} value={owner} options={ownerOptions} onChange={(v) => list.setFilters({ owner: v === 'me' ? undefined : v })} data-testid="revisit-owner-filter" showSearch optionFilterProp="label" />
        <SiteTreeSelect style={{ width: 240 }} value={list.filters.siteId} onChange={(v) => list.setFilters({ siteId: v })} placeholder={t('revisits.filters.allSites')} />
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(key) => {
          setSelected([]);
          list.setFilters({ tab: key === 'today' ? undefined : key, day: undefined });
        }}
        items={TABS.map((key) => ({ key, label: t(`revisits.tabs.${key}`) }))}
      />
      {tab === 'calendar' ? calendarView : null}
      {tab === 'calendar' && !list.filters.day ? <Alert type="info" showIcon message={t('revisits.calendar.pick')} /> : null}
      {tab === 'calendar' && list.filters.day ? <Typography.Title level={5}>{t('revisits.calendar.dayTitle', { day: list.filters.day })}</Typography.Title> : null}
      {showList ? table : null}
      <RevisitDrawer id={list.filters.open} onClose={() => list.setFilters({ open: undefined })} />
      <AssignModal open={assigning} revisits={selected} onCancel={() => setAssigning(false)} onDone={() => { setAssigning(false); setSelected([]); }} />
    </>
  );
}

/** Gives the selected revisits to one person who makes revisits on all their sites; all or none. */
function AssignModal({ open, revisits, onCancel, onDone }: { open: boolean; revisits: Revisit[]; onCancel: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [ownerId, setOwnerId] = useState<string>();
  const users = useUsers({ active: 'true', pageSize: 200 }, open);
  const sites = useSites({ pageSize: 200 }, open);
  const assign = useAssignRevisits();
  const siteIds = [...new Set(revisits.map((r) => r.siteId))];
  const allSites = sites.data?.items ?? [];
  const covers = (grantSite: string | null, site: string) => grantSite === null || subtreeIds(allSites, grantSite).has(site);
  const people = (users.data?.items ?? [])
    .filter((u) => {
      const grants = u.roles.filter((r) => ROLE_PERMISSIONS[r.role].includes('revisits.write'));
      return siteIds.every((s) => grants.some((g) => covers(g.siteId, s)));
    })
    .map((u) => ({ value: u.id, label: `${u.name} · ${u.roles.map((r) => t(`roles.${r.role}`)).join('、')}` }));
  return (
    <Modal
      open={open}
      title={t('revisits.assign.title', { count: revisits.length })}
      okText={t('revisits.assign.ok')}
      okButtonProps={{ disabled: !ownerId, loading: assign.isPending }}
      onCancel={() => {
        assign.reset();
        onCancel();
      }}
      onOk={() => ownerId && assign.mutate({ ids: revisits.map((r) => r.id), ownerId }, { onSuccess: onDone })}
      destroyOnHidden
    >
      {assign.error ? <Alert type="error" showIcon style={{ marginBottom: 12 }} message={assign.error instanceof ApiError ? errorText(t, assign.error) : String(assign.error)} /> : null}
      <Select style={{ width: '100%' }} placeholder={t('revisits.assign.pick')} options={people} value={ownerId} onChange={setOwnerId} showSearch optionFilterProp="label" notFoundContent={t('revisits.assign.nobody')} />
    </Modal>
  );
}
