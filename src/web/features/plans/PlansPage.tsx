import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Popconfirm, Select, Space, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CADENCES, type Cadence } from '../../../shared/revisits/cadence';
import { CUSTOMER_TIERS, type CustomerTier } from '../../../shared/roles';
import type { ContactChannel, RevisitPlan } from '../../../shared/schemas/plans';
import { useDeactivatePlan, usePlans, useSavePlan } from '../../api/plans';
import { errorText } from '../../components/errors';
import { PagedTable } from '../../components/PagedTable';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useSession } from '../../components/session';
import { SiteTreeSelect } from '../../components/SiteTreeSelect';
import { TierTag } from '../../components/tags';
import { useCreateParam } from '../../components/useCreateParam';
import { useListParams } from '../../components/useListParams';
import { CadenceTag, ChannelTag } from './planTags';
import { PlanFormDrawer } from './PlanFormDrawer';

const FILTERS = ['q', 'siteId', 'tier', 'cadence', 'active'] as const;

/** VIP revisit plans: who is called or visited how often, by whom, and when next. */
export function PlansPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const canManage = can('revisits.manage');
  const list = useListParams(FILTERS);
  const { q, siteId, tier, cadence } = list.filters;
  const active = list.filters.active ?? 'true';
  const [editing, setEditing] = useState<{ plan?: RevisitPlan } | null>(null);
  useCreateParam(() => setEditing({}), canManage);
  const plans = usePlans({ page: list.page, pageSize: list.pageSize, q, siteId, tier, cadence, active: active === 'all' ? undefined : active });
  const deactivate = useDeactivatePlan();
  const save = useSavePlan();

  const stop = async (plan: RevisitPlan) => {
    try {
      await deactivate.mutateAsync({ id: plan.id, version: plan.version });
      message.success(t('plans.stopped', { name: plan.name }));
    } catch (error) {
      message.error(errorText(t, error));
    }
  };
  const resume = async (plan: RevisitPlan) => {
    try {
      await save.mutateAsync({ id: plan.id, body: { active: true, version: plan.version } });
      message.success(t('plans.resumed', { name: plan.name }));
    } catch (error) {
      message.error(errorText(t, error));
    }
  };

  const columns: ColumnsType<RevisitPlan> = [
    {
      title: t('plans.name'),
      dataIndex: 'name',
      width: 200,
      render: (name: string, p) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{name}</Typography.Text>
          {p.note ? (
            <Typography.Text type="secondary" ellipsis style={{ maxWidth: 190, fontSize: 12 }}>
              {p.note}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('plans.target'),
      key: 'target',
      width: 220,
      render: (_: unknown, p) =>
        p.customerId ? (
          <Space size={4} wrap>
            <Link to={`/customers/${p.customerId}`}>{p.customerName}</Link>
            <Typography.Text type="secondary">{p.siteName}</Typography.Text>
          </Space>
        ) : (
          <Space size={4} wrap>
            <Typography.Text>{t('plans.everyCustomerOf')}</Typography.Text>
            <TierTag tier={p.tier as CustomerTier} />
            <Typography.Text type="secondary">{p.siteName ?? t('plans.allSites')}</Typography.Text>
          </Space>
        ),
    },
    { title: t('plans.cadence'), dataIndex: 'cadence', width: 90, render: (v: Cadence) => <CadenceTag cadence={v} /> },
    { title: t('plans.channel'), dataIndex: 'channel', width: 100, render: (v: ContactChannel) => <ChannelTag channel={v} /> },
    { title: t('plans.owner'), dataIndex: 'ownerName', width: 100, render: (v: string | null) => v ?? '-' },
    {
      title: t('plans.nextDue'),
      dataIndex: 'nextDue',
      width: 260,
      render: (next: RevisitPlan['nextDue'], p) =>
        p.active ? (
          next.map((o) => (
            <Tooltip key={o.period} title={o.period}>
              <Tag>{o.date}</Tag>
            </Tooltip>
          ))
        ) : (
          <Tag>{t('common.inactive')}</Tag>
        ),
    },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 130,
            fixed: 'right' as const,
            render: (_: unknown, p: RevisitPlan) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing({ plan: p })}>
                  {t('common.edit')}
                </Button>
                {p.active ? (
                  <Popconfirm title={t('plans.stopConfirm', { name: p.name })} description={t('plans.stopHint')} okButtonProps={{ danger: true }} okText={t('plans.stop')} onConfirm={() => stop(p)}>
                    <Button type="link" size="small" danger>
                      {t('plans.stop')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button type="link" size="small" onClick={() => resume(p)}>
                    {t('plans.resume')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title={t('plans.title')}
        extra={
          canManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="plan-create">
              {t('plans.create')}
            </Button>
          ) : null
        }
      />
      <Typography.Paragraph type="secondary">{t('plans.intro')}</Typography.Paragraph>
      <Card size="small">
        <div className="filter-bar">
          <Input.Search allowClear defaultValue={q} key={`q-${q ?? ''}`} placeholder={t('plans.searchPlaceholder')} onSearch={(value) => list.setFilters({ q: value.trim() || undefined })} style={{ width: 220 }} />
          <SiteTreeSelect value={siteId} onChange={(value) => list.setFilters({ siteId: value })} style={{ width: 200 }} />
          <Select allowClear value={tier} placeholder={t('plans.tier')} onChange={(value?: string) => list.setFilters({ tier: value })} options={CUSTOMER_TIERS.map((value) => ({ value, label: t(`tiers.${value}`) }))} style={{ width: 120 }} />
          <Select allowClear value={cadence} placeholder={t('plans.cadence')} onChange={(value?: string) => list.setFilters({ cadence: value })} options={CADENCES.map((value) => ({ value, label: t(`plans.cadences.${value}`) }))} style={{ width: 120 }} />
          <Select
            value={active}
            onChange={(value: string) => list.setFilters({ active: value === 'true' ? undefined : value })}
            options={[
              { value: 'true', label: t('common.active') },
              { value: 'false', label: t('common.inactive') },
              { value: 'all', label: t('plans.allStatuses') },
            ]}
            style={{ width: 110 }}
          />
          {q || siteId || tier || cadence || list.filters.active ? <Button onClick={list.reset}>{t('common.reset')}</Button> : null}
        </div>
        <QueryError error={plans.error} onRetry={() => void plans.refetch()} />
        <PagedTable<RevisitPlan> query={plans} list={list} columns={columns} scroll={{ x: 1100 }} locale={{ emptyText: t('plans.empty') }} />
      </Card>
      <PlanFormDrawer open={editing !== null} plan={editing?.plan} onClose={() => setEditing(null)} />
    </>
  );
}
