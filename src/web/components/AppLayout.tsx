import { ApartmentOutlined, DashboardOutlined, FileTextOutlined, FormOutlined, PhoneOutlined, SettingOutlined, TeamOutlined } from '@ant-design/icons';
import { Layout, Menu, Space, Typography, theme } from 'antd';
import type { MenuProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { LiveIndicator } from '../features/live/LiveIndicator';
import { useLiveUpdates } from '../features/live/useLiveUpdates';
import { Brand } from './Brand';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationBell } from './NotificationBell';
import { ROLE_PERMISSIONS } from '../../shared/roles';
import { useSession } from './session';
import { UserMenu } from './UserMenu';

const COLLAPSE_KEY = 'fuwu.siderCollapsed';

type Item = Required<MenuProps>['items'][number];

/** The signed-in frame: navigation on the left (only what the user may open), header on top. */
export function AppLayout() {
  const { t } = useTranslation();
  const { me, can } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { token } = theme.useToken();
  const [collapsed, setCollapsed] = useState(() => localStorage.getItem(COLLAPSE_KEY) === '1');
  // One live stream per signed-in tab; it refreshes whatever case data the pages show.
  const live = useLiveUpdates(can('cases.read'));

  const orgChildren: Item[] = [
    ...(can('sites.read') ? [{ key: '/org/sites', label: t('nav.sites') }] : []),
    ...(can('users.read') ? [{ key: '/org/users', label: t('nav.users') }] : []),
  ];
  const manageOutbox = me.roles.some((g) => g.siteId === null && ROLE_PERMISSIONS[g.role].includes('outbox.manage'));
  const adminChildren: Item[] = [
    ...(can('org.manage') ? [{ key: '/admin/organization', label: t('nav.orgSettings') }] : []),
    ...(can('sla.manage') ? [{ key: '/settings/service-levels', label: t('nav.serviceLevels') }] : []),
    ...(can('revisits.manage') ? [{ key: '/settings/revisit-policies', label: t('revisits.nav.policies') }] : []),
    ...(can('tokens.manage') ? [{ key: '/admin/tokens', label: t('nav.tokens') }] : []),
    ...(can('audit.read') ? [{ key: '/admin/audit', label: t('nav.audit') }] : []),
    // The outbox and its templates are organisation-wide: only organisation-wide grants reach them.
    ...(manageOutbox
      ? [
          { key: '/admin/outbox', label: t('outbox.nav.messages') },
          { key: '/admin/outbox/templates', label: t('outbox.nav.templates') },
        ]
      : []),
  ];
  const surveyChildren: Item[] = [
    // Survey managers build surveys; front-line staff who enter phone and paper answers find them here too.
    ...(can('surveys.manage') || can('surveys.respond') ? [{ key: '/surveys', label: t('surveys.pageTitle') }] : []),
    ...(can('cases.read') ? [{ key: '/campaigns', label: t('campaigns.nav') }] : []),
  ];
  const items: Item[] = [
    { key: '/', icon: <DashboardOutlined />, label: t('nav.home') },
    ...(can('cases.read') ? [{ key: '/cases', icon: <FileTextOutlined />, label: t('nav.cases') }] : []),
    ...(can('customers.read') ? [{ key: '/customers', icon: <TeamOutlined />, label: t('nav.customers') }] : []),
    ...(can('cases.read')
      ? [{ key: 'revisits', icon: <PhoneOutlined />, label: t('revisits.nav.group'), children: [{ key: '/revisits', label: t('revisits.nav.workList') }, { key: '/revisits/figures', label: t('revisits.nav.figures') }, { key: '/revisit-plans', label: t('plans.nav') }, { key: '/records', label: t('records.nav') }] }]
      : []),
    ...(surveyChildren.length ? [{ key: 'surveys', icon: <FormOutlined />, label: t('surveys.nav'), children: surveyChildren }] : []),
    ...(orgChildren.length ? [{ key: 'org', icon: <ApartmentOutlined />, label: t('nav.organization'), children: orgChildren }] : []),
    ...(adminChildren.length ? [{ key: 'admin', icon: <SettingOutlined />, label: t('nav.system'), children: adminChildren }] : []),
  ];

  const selected = pathname === '/' ? '/' : (['/cases', '/customers', '/revisits/figures', '/revisits', '/revisit-plans', '/records', '/surveys', '/campaigns', '/settings/revisit-policies', '/org/sites', '/org/users', '/admin/organization', '/settings/service-levels', '/admin/tokens', '/admin/audit', '/admin/outbox/templates', '/admin/outbox'].find((p) => pathname.startsWith(p)) ?? '');
  const [openKeys, setOpenKeys] = useState<string[]>(['revisits', 'surveys', 'org', 'admin']);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={(value) => {
          setCollapsed(value);
          localStorage.setItem(COLLAPSE_KEY, value ? '1' : '0');
        }}
        width={216}
      >
        <div className="app-sider-inner">
          <Brand collapsed={collapsed} />
          <Menu
            theme="dark"
            mode="inline"
            items={items}
            selectedKeys={[selected]}
            openKeys={collapsed ? undefined : openKeys}
            onOpenChange={setOpenKeys}
            onClick={({ key }) => navigate(key)}
          />
        </div>
      </Layout.Sider>
      <Layout>
        <Layout.Header className="app-header" style={{ background: token.colorBgContainer }}>
          <Typography.Text strong style={{ fontSize: 15 }} data-testid="org-name">
            {me.organization.name}
          </Typography.Text>
          <Space size={16}>
            <NotificationBell />
            {can('cases.read') ? <LiveIndicator status={live} /> : null}
            <LanguageSwitch persist />
            <UserMenu />
          </Space>
        </Layout.Header>
        <Layout.Content className="app-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
