import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Campaign, CampaignStatus } from '../../../shared/schemas/campaigns';
import { useCampaigns } from '../../api/campaigns';
import { PagedTable } from '../../components/PagedTable';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useSession } from '../../components/session';
import { useListParams } from '../../components/useListParams';
import { currentLocale } from '../../i18n';
import { CampaignCreateDrawer } from './CampaignCreateDrawer';

const STATUS_COLOR: Record<CampaignStatus, string> = { scheduled: 'blue', open: 'green', ended: 'default' };

export function CampaignStatusTag({ status }: { status: CampaignStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]}>{t(`campaigns.status.${status}`)}</Tag>;
}

/** Survey campaigns on the caller's sites: the survey, the period, invitations and responses. */
export function CampaignsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
  const list = useListParams(['q', 'status'] as const);
  const campaigns = useCampaigns({ page: list.page, pageSize: list.pageSize, q: list.filters.q, status: list.filters.status });
  const [creating, setCreating] = useState(false);
  const locale = currentLocale();

  const columns: ColumnsType<Campaign> = [
    { title: t('campaigns.name'), dataIndex: 'name', render: (name: string, c) => <Link to={`/campaigns/${c.id}`}>{name}</Link> },
    { title: t('campaigns.survey'), render: (_, c) => `${c.surveyTitle[locale] || c.surveyTitle['zh-CN']} · v${c.versionNo}` },
    { title: t('campaigns.period'), render: (_, c) => `${c.startsOn} ~ ${c.endsOn}` },
    { title: t('campaigns.statusLabel'), dataIndex: 'status', render: (s: CampaignStatus) => <CampaignStatusTag status={s} /> },
    { title: t('campaigns.sites'), render: (_, c) => c.sites.length, align: 'right' },
    { title: t('campaigns.invited'), dataIndex: 'invited', align: 'right' },
    { title: t('campaigns.responses'), dataIndex: 'responses', align: 'right' },
  ];

  return (
    <>
      <PageHeader
        title={t('campaigns.title')}
        extra={can('surveys.manage') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('campaigns.create')}</Button> : null}
      />
      <Card>
        {campaigns.error ? <QueryError error={campaigns.error} /> : null}
        <PagedTable columns={columns} query={campaigns} list={list} locale={{ emptyText: t("campaigns.empty") }} />
      </Card>
      <CampaignCreateDrawer open={creating} onClose={() => setCreating(false)} onCreated={(id) => navigate(`/campaigns/${id}`)} />
    </>
  );
}
