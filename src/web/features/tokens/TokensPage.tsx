import { PlusOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Empty, Popconfirm, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiToken } from '../../../shared/schemas/auth';
import { useRevokeToken, useTokens } from '../../api/tokens';
import { errorText } from '../../components/errors';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatDateTime } from '../../format';
import { CreateTokenModal } from './CreateTokenModal';

export function TokensPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tokens = useTokens();
  const revoke = useRevokeToken();
  const [creating, setCreating] = useState(false);

  const onRevoke = async (token: ApiToken) => {
    try {
      await revoke.mutateAsync(token.id);
      message.success(t('tokens.revoked', { name: token.name }));
    } catch (error) {
      message.error(errorText(t, error));
    }
  };

  const columns: ColumnsType<ApiToken> = [
    { title: t('tokens.name'), dataIndex: 'name' },
    { title: t('tokens.prefix'), dataIndex: 'prefix', width: 140, render: (v: string) => <Typography.Text code>{v}…</Typography.Text> },
    { title: t('tokens.user'), dataIndex: 'userName', width: 140 },
    { title: t('tokens.createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
    { title: t('tokens.lastUsedAt'), dataIndex: 'lastUsedAt', width: 150, render: (v: string | null) => (v ? formatDateTime(v) : <Typography.Text type="secondary">{t('tokens.neverUsed')}</Typography.Text>) },
    {
      title: t('common.status'),
      dataIndex: 'revokedAt',
      width: 170,
      render: (v: string | null) =>
        v ? <Badge status="default" text={`${t('tokens.statusRevoked')} ${formatDateTime(v)}`} /> : <Badge status="success" text={t('tokens.statusActive')} />,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, token) =>
        token.revokedAt ? null : (
          <Popconfirm
            title={t('tokens.revokeConfirm', { name: token.name })}
            description={t('tokens.revokeHint')}
            okButtonProps={{ danger: true }}
            okText={t('tokens.revoke')}
            onConfirm={() => onRevoke(token)}
          >
            <Button type="link" size="small" danger>
              {t('tokens.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.tokens')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('tokens.create')}
          </Button>
        }
      />
      <Card size="small">
        <Typography.Paragraph type="secondary">
          {t('tokens.intro')}{' '}
          <Typography.Link href="/api/docs" target="_blank">
            {t('nav.apiDocs')}
          </Typography.Link>
        </Typography.Paragraph>
        <QueryError error={tokens.error} onRetry={() => void tokens.refetch()} />
        <Table<ApiToken>
          size="middle"
          rowKey="id"
          columns={columns}
          dataSource={tokens.data ?? []}
          loading={tokens.isFetching}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tokens.empty')}>
                <Button type="primary" onClick={() => setCreating(true)}>
                  {t('tokens.create')}
                </Button>
              </Empty>
            ),
          }}
        />
      </Card>
      <CreateTokenModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
