import { App, Button, Col, Drawer, Form, Input, Row, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { LOCALES, type Locale } from '../../../shared/roles';
import { PASSWORD_MIN_LENGTH } from '../../../shared/schemas/auth';
import type { User } from '../../../shared/schemas/org';
import { useCreateUser, useUpdateUser } from '../../api/users';
import { applyServerErrors, errorText } from '../../components/errors';
import { fromGrantRows, RoleGrantsEditor, toGrantRows, type GrantRow } from './RoleGrantsEditor';

interface UserForm {
  username: string;
  name: string;
  password?: string;
  phone?: string;
  email?: string;
  locale: Locale;
  roles: GrantRow[];
}

interface Props {
  open: boolean;
  user?: User;
  onClose: () => void;
}

export function UserFormDrawer({ open, user, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserForm>();
  const create = useCreateUser();
  const update = useUpdateUser();
  const required = { required: true, whitespace: true, message: t('errors.validation.required') };

  const submit = async (values: UserForm) => {
    const roles = fromGrantRows(values.roles);
    const phone = values.phone?.trim() || undefined;
    const email = values.email?.trim() || undefined;
    try {
      if (user) {
        await update.mutateAsync({
          id: user.id,
          body: { name: values.name, phone: phone ?? '', email: email ?? null, locale: values.locale, roles, version: user.version },
        });
      } else {
        await create.mutateAsync({ username: values.username, name: values.name, password: values.password!, phone, email, locale: values.locale, roles });
      }
      message.success(t(user ? 'common.saved' : 'common.created'));
      onClose();
    } catch (error) {
      if (!applyServerErrors(form, t, error)) message.error(errorText(t, error));
    }
  };

  return (
    <Drawer
      open={open}
      title={user ? t('users.edit', { name: user.name }) : t('users.create')}
      size={560}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={create.isPending || update.isPending} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form<UserForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={
          user
            ? { username: user.username, name: user.name, phone: user.phone ?? '', email: user.email ?? '', locale: user.locale, roles: toGrantRows(user.roles) }
            : { locale: 'zh-CN', roles: [] }
        }
      >
        <Form.Item
          name="username"
          label={t('auth.username')}
          extra={user ? undefined : t('users.usernameHint')}
          rules={
            user
              ? []
              : [
                  required,
                  { min: 2, message: t('errors.validation.too_small') },
                  { max: 64, message: t('errors.validation.too_big') },
                  { pattern: /^[A-Za-z0-9._-]+$/, message: t('errors.validation.username_format') },
                ]
          }
        >
          <Input disabled={Boolean(user)} autoComplete="off" placeholder="li.na" />
        </Form.Item>
        <Form.Item name="name" label={t('users.name')} rules={[required, { max: 64, message: t('errors.validation.too_big') }]}>
          <Input placeholder={t('users.namePlaceholder')} />
        </Form.Item>
        {user ? null : (
          <Form.Item
            name="password"
            label={t('users.initialPassword')}
            extra={t('users.initialPasswordHint', { min: PASSWORD_MIN_LENGTH })}
            rules={[required, { min: PASSWORD_MIN_LENGTH, message: t('auth.passwordRule', { min: PASSWORD_MIN_LENGTH }) }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="phone" label={t('users.phone')} rules={[{ max: 32, message: t('errors.validation.too_big') }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="email" label={t('users.email')} rules={[{ type: 'email', message: t('errors.validation.invalid_email') }]}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="locale" label={t('users.locale')}>
          <Select options={LOCALES.map((l) => ({ value: l, label: t(`languages.${l}`) }))} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label={t('users.roles')} required>
          <RoleGrantsEditor />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
