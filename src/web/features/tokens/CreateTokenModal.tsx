import { Alert, App, Button, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateToken, type CreatedToken } from '../../api/tokens';
import { useUsers } from '../../api/users';
import { applyServerErrors, errorText } from '../../components/errors';

interface TokenForm {
  name: string;
  userId?: string;
}

/** Issues a token; its secret is shown here once and never again. */
export function CreateTokenModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<TokenForm>();
  const [search, setSearch] = useState('');
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const create = useCreateToken();
  const users = useUsers({ q: search || undefined, pageSize: 20, active: 'true' }, open && !created);

  const close = () => {
    setCreated(null);
    setSearch('');
    onClose();
  };

  const submit = async (values: TokenForm) => {
    try {
      setCreated(await create.mutateAsync({ name: values.name, userId: values.userId }));
    } catch (error) {
      if (!applyServerErrors(form, t, error)) message.error(errorText(t, error));
    }
  };

  if (created) {
    return (
      <Modal
        open={open}
        title={t('tokens.createdTitle')}
        onCancel={close}
        maskClosable={false}
        footer={
          <Button type="primary" onClick={close}>
            {t('tokens.savedIt')}
          </Button>
        }
      >
        <Alert type="warning" showIcon title={t('tokens.showOnce')} style={{ marginBottom: 16 }} />
        <Typography.Paragraph>
          {t('tokens.name')}: <strong>{created.name}</strong> · {t('tokens.user')}: {created.userName}
        </Typography.Paragraph>
        <Typography.Paragraph copyable={{ text: created.token, tooltips: [t('common.copy'), t('common.copied')] }} code data-testid="new-token" style={{ wordBreak: 'break-all' }}>
          {created.token}
        </Typography.Paragraph>
        <Typography.Text type="secondary">{t('tokens.usage')}</Typography.Text>
        <pre className="audit-json" style={{ background: '#f5f5f5', padding: 8, marginTop: 4 }}>
          Authorization: Bearer {created.prefix}…
        </pre>
      </Modal>
    );
  }

  return (
    <Modal open={open} title={t('tokens.create')} onCancel={close} onOk={() => form.submit()} okText={t('tokens.issue')} confirmLoading={create.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item name="name" label={t('tokens.name')} extra={t('tokens.nameHint')} rules={[{ required: true, whitespace: true, message: t('errors.validation.required') }, { max: 100, message: t('errors.validation.too_big') }]}>
          <Input placeholder={t('tokens.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="userId" label={t('tokens.user')} extra={t('tokens.userHint')}>
          <Select
            allowClear
            showSearch={{ filterOption: false, onSearch: setSearch }}
            placeholder={t('tokens.userPlaceholder')}
            loading={users.isFetching}
            options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: t('common.nameWithCode', { name: u.name, code: u.username }) }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
