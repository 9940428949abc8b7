import { DownloadOutlined, EyeInvisibleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Input, Popconfirm, Select, Space, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CUSTOMER_TIERS, type CustomerTier } from '../../../shared/roles';
import type { Customer } from '../../../shared/schemas/org';
import { exportCustomers, useCustomers, useDeleteCustomer } from '../../api/customers';
import { errorText } from '../../components/errors';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useSession } from '../../components/session';
import { SiteTreeSelect } from '../../components/SiteTreeSelect';
import { TierTag } from '../../components/tags';
import { useCreateParam } from '../../components/useCreateParam';
import { useListParams } from '../../components/useListParams';
import { formatDateTime } from '../../format';
import { currentLocale } from '../../i18n';
import { CustomerFormDrawer } from './CustomerFormDrawer';
import { PagedTable } from '../../components/PagedTable';

const FILTERS = ['q', 'siteId', 'tier', 'tag'] as const;

export function CustomersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const canWrite = can('customers.write');
  const list = useListParams(FILTERS);
  const { q, siteId, tier, tag } = list.filters;
  const [editing, setEditing] = useState<{ customer?: Customer } | null>(null);
  const [exporting, setExporting] = useState(false);
  useCreateParam(() => setEditing({}), canWrite);

  const customers = useCustomers({ page: list.page, pageSize: list.pageSize, q, siteId, tier, tag });
  const remove = useDeleteCustomer();

  const runExport = async () => {
    setExporting(true);
    try {
      await exportCustomers({ q, siteId, tier, tag }, currentLocale());
    } catch (error) {
      message.error(errorText(t, error));
    } finally {
      setExporting(false);
    }
  };

  const onDelete = async (customer: Customer) => {
    try {
      await remove.mutateAsync(customer.id);
      message.success(t('customers.deleted', { name: customer.name }));
    } catch (error) {
      message.error(errorText(t, error));
    }
  };

  const columns: ColumnsType<Customer> = [
    {
      title: t('customers.name'),
      dataIndex: 'name',
      width: 120,
      render: (name: string, c) => (
        <Space size={4}>
          <Link to={`/customers/${c.id}`} style={{ fontWeight: c.tier === 'vip' ? 600 : undefined }}>
            {name}
          </Link>
          {c.masked ? (
            <Tooltip title={t('customers.maskedHint')}>
              <EyeInvisibleOutlined style={{ color: '#8c8c8c' }} />
            </Tooltip>
          ) : null}
        </Space>
      ),
    },
    { title: t('customers.phone'), dataIndex: 'phone', width: 140 },
    { title: t('customers.tier'), dataIndex: 'tier', width: 90, render: (v: CustomerTier) => <TierTag tier={v} /> },
    { title: t('customers.site'), dataIndex: 'siteName', width: 150, ellipsis: true },
    { title: t('customers.unit'), dataIndex: 'unit', width: 120, render: (v: string | null) => v || '-' },
    {
      title: t('customers.tags'),
      dataIndex: 'tags',
      render: (tags: string[]) =>
        tags.map((value) => (
          <Tag key={value} style={{ cursor: 'pointer' }} onClick={() => list.setFilters({ tag: value })}>
            {value}
          </Tag>
        )),
    },
    { title: t('customers.createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 130,
            fixed: 'right' as const,
            render: (_: unknown, customer: Customer) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing({ customer })} disabled={customer.masked}>
                  {t('common.edit')}
                </Button>
                <Popconfirm
                  title={t('customers.deleteConfirm', { name: customer.name })}
                  description={t('customers.deleteHint')}
                  okButtonProps={{ danger: true }}
                  okText={t('common.delete')}
                  onConfirm={() => onDelete(customer)}
                >
                  <Button type="link" size="small" danger>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title={t('nav.customers')}
        extra={
          <Space>
            {can('customers.export') ? (
              <Button icon={<DownloadOutlined />} loading={exporting} onClick={runExport}>
                {t('customers.export')}
              </Button>
            ) : null}
            {canWrite ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
                {t('customers.create')}
              </Button>
            ) : null}
          </Space>
        }
      />
      {can('customers.pii') ? null : <Alert type="info" showIcon title={t('customers.maskedBanner')} style={{ marginBottom: 16 }} />}
      <Card size="small">
        <div className="filter-bar">
          <Input.Search
            allowClear
            defaultValue={q}
            key={`q-${q ?? ''}`}
            placeholder={t('customers.searchPlaceholder')}
            onSearch={(value) => list.setFilters({ q: value.trim() || undefined })}
            style={{ width: 280 }}
          />
          <SiteTreeSelect value={siteId} onChange={(value) => list.setFilters({ siteId: value })} style={{ width: 220 }} />
          <Select
            allowClear
            value={tier}
            placeholder={t('customers.tier')}
            onChange={(value?: string) => list.setFilters({ tier: value })}
            options={CUSTOMER_TIERS.map((value) => ({ value, label: t(`tiers.${value}`) }))}
            style={{ width: 120 }}
          />
          <Input.Search
            allowClear
            defaultValue={tag}
            key={`tag-${tag ?? ''}`}
            placeholder={t('customers.tagFilter')}
            onSearch={(value) => list.setFilters({ tag: value.trim() || undefined })}
            style={{ width: 160 }}
          />
          {q || siteId || tier || tag ? <Button onClick={list.reset}>{t('common.reset')}</Button> : null}
        </div>
        <QueryError error={customers.error} onRetry={() => void customers.refetch()} />
        <PagedTable<Customer>
          query={customers}
          list={list}
          columns={columns}
          scroll={{ x: 1100 }}
        />
      </Card>
      <CustomerFormDrawer open={editing !== null} customer={editing?.customer} onClose={() => setEditing(null)} />
    </>
  );
}
