import { PlusOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Input, Popconfirm, Select, Space, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../../shared/roles';
import type { User } from '../../../shared/schemas/org';
import { useUpdateUser, useUsers, type UserPatch } from '../../api/users';
import { errorText } from '../../components/errors';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useSession } from '../../components/session';
import { SiteTreeSelect } from '../../components/SiteTreeSelect';
import { RoleTag } from '../../components/tags';
import { useCreateParam } from '../../components/useCreateParam';
import { useListParams } from '../../components/useListParams';
import { formatDateTime } from '../../format';
import { ResetPasswordModal } from './ResetPasswordModal';
import { UserFormDrawer } from './UserFormDrawer';
import { PagedTable } from '../../components/PagedTable';

const FILTERS = ['q', 'role', 'siteId', 'active'] as const;

function isLocked(user: User): boolean {
  return user.lockedUntil !== null && new Date(user.lockedUntil).getTime() > Date.now();
}

function UserStatus({ user }: { user: User }) {
  const { t } = useTranslation();
  if (!user.active) return <Badge status="default" text={t('users.disabled')} />;
  if (isLocked(user)) {
    return (
      <Tooltip title={t('users.lockedUntil', { time: formatDateTime(user.lockedUntil) })}>
        <Badge status="error" text={t('users.locked')} />
      </Tooltip>
    );
  }
  return <Badge status="success" text={t('users.normal')} />;
}

export function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me, can } = useSession();
  const canWrite = can('users.write');
  const list = useListParams(FILTERS);
  const { q, role, siteId, active } = list.filters;
  const [editing, setEditing] = useState<{ user?: User } | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  useCreateParam(() => setEditing({}), canWrite);

  const users = useUsers({ page: list.page, pageSize: list.pageSize, q, role, siteId, active });
  const update = useUpdateUser();

  const patch = async (user: User, body: UserPatch, done: string) => {
    try {
      await update.mutateAsync({ id: user.id, body: { ...body, version: user.version } });
      message.success(t(done, { name: user.name }));
    } catch (error) {
      message.error(errorText(t, error));
    }
  };

  const columns: ColumnsType<User> = [
    { title: t('auth.username'), dataIndex: 'username', width: 140, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: t('users.name'), dataIndex: 'name', width: 110 },
    {
      title: t('users.roles'),
      dataIndex: 'roles',
      render: (roles: User['roles']) =>
        roles.length === 0 ? <Typography.Text type="secondary">{t('users.noRoles')}</Typography.Text> : roles.map((r) => <RoleTag key={`${r.role}-${r.siteId}`} role={r.role} siteName={r.siteName} />),
    },
    { title: t('users.phone'), dataIndex: 'phone', width: 130, render: (v: string | null) => v || '-' },
    { title: t('common.status'), key: 'status', width: 100, render: (_, user) => <UserStatus user={user} /> },
    { title: t('users.lastLogin'), dataIndex: 'lastLoginAt', width: 150, render: (v: string | null) => (v ? formatDateTime(v) : <Typography.Text type="secondary">{t('users.neverLoggedIn')}</Typography.Text>) },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 290,
            fixed: 'right' as const,
            render: (_: unknown, user: User) => (
              <Space size={0} wrap>
                <Button type="link" size="small" onClick={() => setEditing({ user })}>
                  {t('common.edit')}
                </Button>
                <Button type="link" size="small" onClick={() => setResetting(user)}>
                  {t('users.resetPassword')}
                </Button>
                {isLocked(user) ? (
                  <Button type="link" size="small" onClick={() => patch(user, { unlock: true }, 'users.unlocked')}>
                    {t('users.unlock')}
                  </Button>
                ) : null}
                {user.active ? (
                  <Popconfirm
                    title={t('users.disableConfirm', { name: user.name })}
                    description={t('users.disableHint')}
                    disabled={user.id === me.user.id}
                    onConfirm={() => patch(user, { active: false }, 'users.disabledDone')}
                  >
                    <Tooltip title={user.id === me.user.id ? t('users.cannotDisableSelf') : undefined}>
                      <Button type="link" size="small" danger disabled={user.id === me.user.id}>
                        {t('common.disable')}
                      </Button>
                    </Tooltip>
                  </Popconfirm>
                ) : (
                  <Button type="link" size="small" onClick={() => patch(user, { active: true }, 'users.enabledDone')}>
                    {t('common.enable')}
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
        title={t('nav.users')}
        extra={
          canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
              {t('users.create')}
            </Button>
          ) : null
        }
      />
      <Card size="small">
        <div className="filter-bar">
          <Input.Search
            allowClear
            defaultValue={q}
            key={`q-${q ?? ''}`}
            placeholder={t('users.searchPlaceholder')}
            onSearch={(value) => list.setFilters({ q: value.trim() || undefined })}
            style={{ width: 240 }}
          />
          <Select
            allowClear
            value={role}
            placeholder={t('users.role')}
            onChange={(value?: string) => list.setFilters({ role: value })}
            options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            style={{ width: 160 }}
          />
          <SiteTreeSelect value={siteId} onChange={(value) => list.setFilters({ siteId: value })} style={{ width: 220 }} />
          <Select
            allowClear
            value={active}
            placeholder={t('common.status')}
            onChange={(value?: string) => list.setFilters({ active: value })}
            options={[
              { value: 'true', label: t('users.enabled') },
              { value: 'false', label: t('users.disabled') },
            ]}
            style={{ width: 120 }}
          />
          {q || role || siteId || active ? <Button onClick={list.reset}>{t('common.reset')}</Button> : null}
        </div>
        <QueryError error={users.error} onRetry={() => void users.refetch()} />
        <PagedTable<User>
          query={users}
          list={list}
          columns={columns}
          scroll={{ x: 1200 }}
        />
      </Card>
      <UserFormDrawer open={editing !== null} user={editing?.user} onClose={() => setEditing(null)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </>
  );
}
