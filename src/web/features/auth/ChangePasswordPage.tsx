import { App, Alert, Button, Card, Form, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PASSWORD_MIN_LENGTH } from '../../../shared/schemas/auth';
import { useChangePassword, useLogout } from '../../api/auth';
import { Brand } from '../../components/Brand';
import { applyServerErrors, errorText } from '../../components/errors';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { PageHeader } from '../../components/PageHeader';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

function ChangePasswordForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const change = useChangePassword();

  const submit = async ({ currentPassword, newPassword }: PasswordForm) => {
    try {
      await change.mutateAsync({ currentPassword, newPassword });
      message.success(t('auth.passwordChanged'));
      form.resetFields();
      onDone();
    } catch (error) {
      if (!applyServerErrors(form, t, error)) message.error(errorText(t, error));
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 400 }}>
      <Form.Item name="currentPassword" label={t('auth.currentPassword')} rules={[{ required: true, message: t('errors.validation.required') }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('auth.newPassword')}
        extra={t('auth.passwordRule', { min: PASSWORD_MIN_LENGTH })}
        rules={[
          { required: true, message: t('errors.validation.required') },
          { min: PASSWORD_MIN_LENGTH, message: t('auth.passwordRule', { min: PASSWORD_MIN_LENGTH }) },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              value && value === getFieldValue('currentPassword') ? Promise.reject(new Error(t('auth.passwordSame'))) : Promise.resolve(),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('auth.confirmPassword')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('errors.validation.required') },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('auth.passwordMismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={change.isPending}>
        {t('auth.changePassword')}
      </Button>
    </Form>
  );
}

/** In the app from the user menu, or alone on the screen when the account must change its password first. */
export function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const logout = useLogout();

  if (!forced) {
    return (
      <>
        <PageHeader title={t('auth.changePassword')} />
        <Card>
          <ChangePasswordForm onDone={() => navigate('/')} />
        </Card>
      </>
    );
  }
  return (
    <div className="login-page">
      <div className="login-top">
        <Brand />
        <Space>
          <LanguageSwitch persist dark />
          <Button type="link" style={{ color: '#fff' }} onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) })}>
            {t('auth.signOut')}
          </Button>
        </Space>
      </div>
      <div className="login-main">
        <Card className="login-card" style={{ width: 440 }} title={t('auth.mustChangeTitle')}>
          <Alert type="warning" showIcon title={t('auth.mustChangeHint')} style={{ marginBottom: 16 }} />
          <ChangePasswordForm onDone={() => undefined} />
        </Card>
      </div>
    </div>
  );
}
