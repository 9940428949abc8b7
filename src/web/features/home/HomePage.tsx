import { ApartmentOutlined, CrownOutlined, StarOutlined, TeamOutlined, UserOutlined, UsergroupAddOutlined } from '@ant-design/icons';
import { Avatar, Button, Card, Col, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Page } from '../../../shared/schemas/common';
import type { AuditEvent } from '../../../shared/schemas/org';
import { useAuditEvents } from '../../api/audit';
import { useCustomers } from '../../api/customers';
import { useSites } from '../../api/sites';
import { useUsers } from '../../api/users';
import { QueryError } from '../../components/QueryError';
import { RoleTag } from '../../components/tags';
import { useSession } from '../../components/session';
import { formatDateTime } from '../../format';
import { actionLabel, entityLabel } from '../audit/labels';
import { OverdueRevisitsCard } from '../plans/OverdueRevisitsCard';

interface Figure {
  key: string;
  title: string;
  icon: React.ReactNode;
  color: string;
  query: UseQueryResult<Page<unknown>>;
  link: string;
}

function FigureCard({ figure }: { figure: Figure }) {
  const navigate = useNavigate();
  return (
    <Card hoverable size="small" onClick={() => navigate(figure.link)} data-testid={`figure-${figure.key}`}>
      <Space size={12} align="center">
        <Avatar size={40} icon={figure.icon} style={{ backgroundColor: figure.color, flex: 'none' }} />
        <Statistic title={figure.title} value={figure.query.data?.total ?? '-'} loading={figure.query.isLoading} />
      </Space>
    </Card>
  );
}

/** The workbench: real counts from the API for what this user may see, their roles, and recent activity. */
export function HomePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { me, can } = useSession();

  const sites = useSites({ pageSize: 1, kind: 'site' }, can('sites.read'));
  const users = useUsers({ pageSize: 1, active: 'true' }, can('users.read'));
  const customers = useCustomers({ pageSize: 1 }, can('customers.read'));
  const vip = useCustomers({ pageSize: 1, tier: 'vip' }, can('customers.read'));
  const key = useCustomers({ pageSize: 1, tier: 'key' }, can('customers.read'));
  const ordinary = useCustomers({ pageSize: 1, tier: 'ordinary' }, can('customers.read'));
  const audit = useAuditEvents({ pageSize: 8 }, can('audit.read'));

  const figures: Figure[] = [
    ...(can('sites.read') ? [{ key: 'sites', title: t('home.sites'), icon: <ApartmentOutlined />, color: '#1677ff', query: sites, link: '/org/sites?kind=site' }] : []),
    ...(can('users.read') ? [{ key: 'users', title: t('home.activeUsers'), icon: <UserOutlined />, color: '#13a8a8', query: users, link: '/org/users?active=true' }] : []),
    ...(can('customers.read')
      ? [
          { key: 'customers', title: t('home.customers'), icon: <TeamOutlined />, color: '#2f54eb', query: customers, link: '/customers' },
          { key: 'vip', title: t('home.vipCustomers'), icon: <CrownOutlined />, color: '#d48806', query: vip, link: '/customers?tier=vip' },
          { key: 'key', title: t('home.keyCustomers'), icon: <StarOutlined />, color: '#722ed1', query: key, link: '/customers?tier=key' },
          { key: 'ordinary', title: t('home.ordinaryCustomers'), icon: <UsergroupAddOutlined />, color: '#8c8c8c', query: ordinary, link: '/customers?tier=ordinary' },
        ]
      : []),
  ];
  const failed = figures.find((f) => f.query.isError)?.query;

  const shortcuts = [
    can('customers.write') && { label: t('home.newCustomer'), link: '/customers?new=1' },
    can('customers.read') && { label: t('home.findCustomer'), link: '/customers' },
    can('users.write') && { label: t('home.newUser'), link: '/org/users?new=1' },
    can('sites.write') && { label: t('home.newSite'), link: '/org/sites?new=1' },
    can('audit.read') && { label: t('nav.audit'), link: '/admin/audit' },
    { label: t('auth.changePassword'), link: '/account/password' },
  ].filter((s): s is { label: string; link: string } => Boolean(s));

  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Space size={16} align="start">
          <Avatar size={52} icon={<UserOutlined />} style={{ backgroundColor: '#1677ff' }} />
          <div>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="welcome">
              {t('home.welcome', { name: me.user.name })}
            </Typography.Title>
            <Typography.Text type="secondary">
              {me.organization.name} · {t('home.timezone', { zone: me.organization.timezone })}
            </Typography.Text>
            <div style={{ marginTop: 8 }}>
              <Typography.Text type="secondary" style={{ marginRight: 8 }}>
                {t('home.myRoles')}
              </Typography.Text>
              {me.roles.length === 0 ? <Typography.Text type="warning">{t('home.noRoles')}</Typography.Text> : null}
              {me.roles.map((r) => (
                <RoleTag key={`${r.role}-${r.siteId ?? 'org'}`} role={r.role} siteName={r.siteName} />
              ))}
            </div>
          </div>
        </Space>
      </Card>

      <QueryError error={failed?.error} onRetry={() => void failed?.refetch()} />
      {figures.length > 0 || can('cases.read') ? (
        <div className="figure-grid">
          {figures.map((figure) => (
            <FigureCard key={figure.key} figure={figure} />
          ))}
          {can('cases.read') ? <OverdueRevisitsCard /> : null}
        </div>
      ) : null}

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={can('audit.read') ? 8 : 24}>
          <Card title={t('home.shortcuts')} size="small">
            <Space wrap>
              {shortcuts.map((s) => (
                <Button key={s.link} onClick={() => navigate(s.link)}>
                  {s.label}
                </Button>
              ))}
            </Space>
          </Card>
        </Col>
        {can('audit.read') ? (
          <Col xs={24} lg={16}>
            <Card
              title={t('home.recentActivity')}
              size="small"
              extra={
                <Button type="link" size="small" onClick={() => navigate('/admin/audit')}>
                  {t('common.more')}
                </Button>
              }
            >
              <QueryError error={audit.error} onRetry={() => void audit.refetch()} />
              <Table<AuditEvent>
                size="small"
                rowKey="id"
                pagination={false}
                loading={audit.isLoading}
                dataSource={audit.data?.items ?? []}
                columns={[
                  { title: t('audit.time'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
                  { title: t('audit.actor'), dataIndex: 'actorName', width: 120, render: (v: string | null) => v ?? t('audit.system') },
                  { title: t('audit.action'), dataIndex: 'action', width: 110, render: (v: string) => <Tag>{actionLabel(t, v)}</Tag> },
                  { title: t('audit.entity'), dataIndex: 'entity', render: (v: string) => entityLabel(t, v) },
                ]}
              />
            </Card>
          </Col>
        ) : null}
      </Row>
    </>
  );
}
