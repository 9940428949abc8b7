import { Button, Card, Col, Descriptions, Empty, List, Result, Row, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useCustomer } from '../../api/customers';
import { usePlans } from '../../api/plans';
import { QueryError } from '../../components/QueryError';
import { PageHeader } from '../../components/PageHeader';
import { useSession } from '../../components/session';
import { TierTag } from '../../components/tags';
import { formatDateTime } from '../../format';
import { CadenceTag, ChannelTag } from '../plans/planTags';
import { PlanFormDrawer } from '../plans/PlanFormDrawer';
import { CustomerRecordsCard } from '../records/CustomerRecordsCard';

/** One customer: who they are, the revisit plans for them, and every recorded contact (沟通记录). */
export function CustomerPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { can } = useSession();
  const customer = useCustomer(id);
  const plans = usePlans({ forCustomerId: id, active: 'true', pageSize: 20 }, can('cases.read'));
  const [planning, setPlanning] = useState(false);

  if (customer.isLoading) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  if (customer.error instanceof ApiError && customer.error.status === 404) {
    return (
      <Result
        status="404"
        title={t('errors.not_found')}
        extra={
          <Link to="/customers">
            <Button type="primary">{t('records.customerPage.backToList')}</Button>
          </Link>
        }
      />
    );
  }
  if (!customer.data) return <QueryError error={customer.error} onRetry={() => void customer.refetch()} />;
  const c = customer.data;

  return (
    <>
      <PageHeader
        title={
          <Space>
            {c.name}
            <TierTag tier={c.tier} />
          </Space>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card size="small" title={t('records.customerPage.profile')} style={{ marginBottom: 16 }}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('customers.phone')}>{c.phone}</Descriptions.Item>
              {c.phone2 ? <Descriptions.Item label={t('customers.phone2')}>{c.phone2}</Descriptions.Item> : null}
              <Descriptions.Item label={t('customers.site')}>{c.siteName}</Descriptions.Item>
              <Descriptions.Item label={t('customers.unit')}>{c.unit || '-'}</Descriptions.Item>
              {c.address ? <Descriptions.Item label={t('customers.address')}>{c.address}</Descriptions.Item> : null}
              {c.email ? <Descriptions.Item label={t('customers.email')}>{c.email}</Descriptions.Item> : null}
              <Descriptions.Item label={t('customers.tags')}>{c.tags.length ? c.tags.map((v) => <Tag key={v}>{v}</Tag>) : '-'}</Descriptions.Item>
              {c.notes ? <Descriptions.Item label={t('customers.notes')}>{c.notes}</Descriptions.Item> : null}
              <Descriptions.Item label={t('customers.createdAt')}>{formatDateTime(c.createdAt)}</Descriptions.Item>
            </Descriptions>
          </Card>
          {can('cases.read') ? (
            <Card
              size="small"
              title={t('plans.title')}
              extra={
                can('revisits.manage') && !c.masked ? (
                  <Button size="small" onClick={() => setPlanning(true)}>
                    {t('plans.create')}
                  </Button>
                ) : null
              }
            >
              <List
                size="small"
                loading={plans.isLoading}
                dataSource={plans.data?.items ?? []}
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('records.customerPage.noPlans')} /> }}
                renderItem={(p) => (
                  <List.Item>
                    <Space orientation="vertical" size={2}>
                      <Space size={4} wrap>
                        <Typography.Text strong>{p.name}</Typography.Text>
                        <CadenceTag cadence={p.cadence} />
                        <ChannelTag channel={p.channel} />
                        {p.active ? null : <Tag>{t('common.inactive')}</Tag>}
                      </Space>
                      {p.active && p.nextDue[0] ? (
                        <Typography.Text type="secondary">{t('records.customerPage.nextDue', { date: p.nextDue[0].date, owner: p.ownerName ?? '-' })}</Typography.Text>
                      ) : null}
                    </Space>
                  </List.Item>
                )}
              />
            </Card>
          ) : null}
        </Col>
        <Col xs={24} lg={15}>{can('cases.read') ? <CustomerRecordsCard customerId={c.id} /> : null}</Col>
      </Row>
      <PlanFormDrawer open={planning} customer={{ id: c.id, name: c.name, siteName: c.siteName }} onClose={() => setPlanning(false)} />
    </>
  );
}
