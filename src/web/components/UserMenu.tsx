import { ApiOutlined, DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Dropdown, Space, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useLogout } from '../api/auth';
import { useSession } from './session';

export function UserMenu() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { me, can } = useSession();
  const logout = useLogout();

  const roleLines = me.roles.map((r) => `${t(`roles.${r.role}`)} · ${r.siteName ?? t('common.orgWide')}`);
  const items: MenuProps['items'] = [
    {
      key: 'who',
      disabled: true,
      label: (
        <div style={{ maxWidth: 260 }}>
          <Typography.Text strong>{me.user.name}</Typography.Text>
          <Typography.Text type="secondary"> @{me.user.username}</Typography.Text>
          {roleLines.map((line) => (
            <div key={line}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {line}
              </Typography.Text>
            </div>
          ))}
        </div>
      ),
    },
    { type: 'divider' },
    { key: 'password', icon: <KeyOutlined />, label: t('auth.changePassword') },
    ...(can('tokens.manage') ? [{ key: 'docs', icon: <ApiOutlined />, label: t('nav.apiDocs') }] : []),
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('auth.signOut'), danger: true },
  ];

  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'password') navigate('/account/password');
    if (key === 'docs') window.open('/api/docs', '_blank', 'noopener');
    if (key === 'logout') logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) });
  };

  return (
    <Dropdown trigger={['click']} menu={{ items, onClick }} placement="bottomRight">
      <a onClick={(e) => e.preventDefault()} data-testid="user-menu" style={{ color: 'inherit' }}>
        <Space size={8}>
          <Avatar size="small" icon={<UserOutlined />} style={{ backgroundColor: '#1677ff' }} />
          <span>{me.user.name}</span>
          <DownOutlined style={{ fontSize: 10 }} />
        </Space>
      </a>
    </Dropdown>
  );
}
