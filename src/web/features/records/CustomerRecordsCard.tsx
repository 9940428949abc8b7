import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { ContactChannel } from '../../../shared/schemas/plans';
import type { CommunicationRecord } from '../../../shared/schemas/records';
import { useRecords } from '../../api/records';
import { QueryError } from '../../components/QueryError';
import { useSession } from '../../components/session';
import { formatDateTime } from '../../format';
import { ChannelTag } from '../plans/planTags';
import { ProblemSummary } from './recordParts';

/** 沟通记录 of one customer, latest first, on the customer's page. */
export function CustomerRecordsCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useSession();
  const records = useRecords({ customerId, pageSize: 10 });
  const total = records.data?.total ?? 0;
  return (
    <Card
      size="small"
      title={t('records.title')}
      data-testid="customer-records"
      extra={
        <>
          {total > 10 ? (
            <Link to={`/records?customerId=${customerId}`}>
              <Button type="link" size="small">
                {t('records.all', { total })}
              </Button>
            </Link>
          ) : null}
          {can('revisits.write') ? (
            <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => navigate(`/records/new?customerId=${customerId}`)}>
              {t('records.create')}
            </Button>
          ) : null}
        </>
      }
    >
      <QueryError error={records.error} onRetry={() => void records.refetch()} />
      <Table<CommunicationRecord>
        size="small"
        rowKey="id"
        pagination={false}
        loading={records.isLoading}
        dataSource={records.data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('records.emptyCustomer')} /> }}
        onRow={(r) => ({ onClick: () => navigate(`/records/${r.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('records.occurredAt'), dataIndex: 'occurredAt', width: 140, render: (v: string) => formatDateTime(v) },
          { title: t('records.channel'), dataIndex: 'channel', width: 90, render: (v: ContactChannel) => <ChannelTag channel={v} /> },
          { title: t('records.staff'), dataIndex: 'staffName', width: 90 },
          { title: t('records.topics'), dataIndex: 'topics', render: (topics: string[]) => topics.map((v) => <Tag key={v}>{v}</Tag>) },
          { title: t('records.problems'), dataIndex: 'problems', width: 180, render: (p: CommunicationRecord['problems']) => <ProblemSummary problems={p} /> },
        ]}
      />
    </Card>
  );
}
