import { App, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN_LENGTH } from '../../../shared/schemas/auth';
import type { User } from '../../../shared/schemas/org';
import { useUpdateUser } from '../../api/users';
import { applyServerErrors, errorText } from '../../components/errors';

/** An administrator sets a temporary password; the user must replace it at the next sign-in. */
export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const update = useUpdateUser();

  const submit = async ({ password }: { password: string }) => {
    if (!user) return;
    try {
      await update.mutateAsync({ id: user.id, body: { password, version: user.version } });
      message.success(t('users.passwordReset', { name: user.name }));
      onClose();
    } catch (error) {
      if (!applyServerErrors(form, t, error)) message.error(errorText(t, error));
    }
  };

  return (
    <Modal
      open={user !== null}
      title={t('users.resetPasswordOf', { name: user?.name ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('users.resetPassword')}
      confirmLoading={update.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('users.resetPasswordHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item
          name="password"
          label={t('auth.newPassword')}
          rules={[
            { required: true, message: t('errors.validation.required') },
            { min: PASSWORD_MIN_LENGTH, message: t('auth.passwordRule', { min: PASSWORD_MIN_LENGTH }) },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('auth.confirmPassword')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('errors.validation.required') },
            ({ getFieldValue }) => ({
              validator: (_, value) => (!value || value === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('auth.passwordMismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
