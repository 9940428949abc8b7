import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Input, Popconfirm, Row, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SITE_KINDS, type SiteKind } from '../../../shared/roles';
import type { Site } from '../../../shared/schemas/org';
import { useSaveSite, useSites, useSiteTree } from '../../api/sites';
import { errorText } from '../../components/errors';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useSession } from '../../components/session';
import { SiteKindTag } from '../../components/tags';
import { useCreateParam } from '../../components/useCreateParam';
import { useListParams } from '../../components/useListParams';
import { SiteFormModal } from './SiteFormModal';
import { SiteTreeCard } from './SiteTreeCard';
import { PagedTable } from '../../components/PagedTable';

const FILTERS = ['q', 'kind', 'parentId'] as const;

type Editing = { site?: Site; parentId?: string } | null;

export function SitesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const canWrite = can('sites.write');
  const list = useListParams(FILTERS);
  const { q, kind, parentId } = list.filters;
  const [editing, setEditing] = useState<Editing>(null);
  useCreateParam(() => setEditing({}), canWrite);

  const tree = useSiteTree();
  const sites = useSites({ page: list.page, pageSize: list.pageSize, q, kind, parentId });
  const save = useSaveSite();
  const names = useMemo(() => new Map((tree.data ?? []).map((s) => [s.id, s.name])), [tree.data]);

  const setActive = async (site: Site, active: boolean) => {
    try {
      await save.mutateAsync({ id: site.id, body: { active, version: site.version } });
      message.success(t(active ? 'sites.activated' : 'sites.deactivated', { name: site.name }));
    } catch (error) {
      message.error(errorText(t, error));
    }
  };

  const columns: ColumnsType<Site> = [
    {
      title: t('sites.name'),
      dataIndex: 'name',
      width: 200,
      render: (name: string, site) => (
        <Space size={4}>
          <Typography.Text strong={site.kind !== 'site'} type={site.active ? undefined : 'secondary'}>
            {name}
          </Typography.Text>
          {site.active ? null : <Tag>{t('common.inactive')}</Tag>}
        </Space>
      ),
    },
    { title: t('sites.code'), dataIndex: 'code', width: 100 },
    { title: t('sites.kind'), dataIndex: 'kind', width: 100, render: (k: SiteKind) => <SiteKindTag kind={k} /> },
    { title: t('sites.parent'), dataIndex: 'parentId', width: 170, ellipsis: true, render: (id: string | null) => (id ? (names.get(id) ?? '-') : '-') },
    {
      title: t('sites.addressAndPhone'),
      dataIndex: 'address',
      ellipsis: true,
      render: (address: string | null, site) => (
        <>
          <div style={{ overflow: 'hidden', textOverflow: 'ellipsis' }} title={address ?? undefined}>
            {address || '-'}
          </div>
          {site.phone ? <Typography.Text type="secondary">{site.phone}</Typography.Text> : null}
        </>
      ),
    },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 130,
            fixed: 'right' as const,
            render: (_: unknown, site: Site) => (
              <Space size={4}>
                <Button type="link" size="small" onClick={() => setEditing({ site })}>
                  {t('common.edit')}
                </Button>
                {site.active ? (
                  <Popconfirm title={t('sites.deactivateConfirm', { name: site.name })} description={t('sites.deactivateHint')} onConfirm={() => setActive(site, false)}>
                    <Button type="link" size="small" danger>
                      {t('common.deactivate')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button type="link" size="small" onClick={() => setActive(site, true)}>
                    {t('common.activate')}
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
        title={t('nav.sites')}
        extra={
          canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ parentId })}>
              {t('sites.create')}
            </Button>
          ) : null
        }
      />
      <Row gutter={16}>
        <Col xs={24} lg={8} xl={6} style={{ marginBottom: 16 }}>
          <SiteTreeCard sites={tree.data} loading={tree.isLoading} selectedId={parentId} onSelect={(id) => list.setFilters({ parentId: id })} />
        </Col>
        <Col xs={24} lg={16} xl={18}>
          <Card size="small" title={parentId ? t('sites.childrenOf', { name: names.get(parentId) ?? '' }) : t('sites.allSites')}>
            <div className="filter-bar">
              <Input.Search
                allowClear
                defaultValue={q}
                key={`q-${q ?? ''}`}
                placeholder={t('sites.searchPlaceholder')}
                onSearch={(value) => list.setFilters({ q: value.trim() || undefined })}
                style={{ width: 260 }}
              />
              <Select
                allowClear
                value={kind}
                placeholder={t('sites.kind')}
                onChange={(value?: string) => list.setFilters({ kind: value })}
                options={SITE_KINDS.map((k) => ({ value: k, label: t(`siteKinds.${k}`) }))}
                style={{ width: 150 }}
              />
              {q || kind || parentId ? <Button onClick={list.reset}>{t('common.reset')}</Button> : null}
            </div>
            <QueryError error={sites.error} onRetry={() => void sites.refetch()} />
            <PagedTable<Site>
              query={sites}
              list={list}
              columns={columns}
              scroll={{ x: 900 }}
            />
          </Card>
        </Col>
      </Row>
      <SiteFormModal open={editing !== null} site={editing?.site} defaultParentId={editing?.parentId} onClose={() => setEditing(null)} />
    </>
  );
}
