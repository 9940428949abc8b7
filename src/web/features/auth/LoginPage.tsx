import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ME_KEY, saveMyLocale, useLogin, useMe } from '../../api/auth';
import { Brand } from '../../components/Brand';
import { errorText } from '../../components/errors';
import { FullPageSpin } from '../../components/FullPageSpin';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { applyLocale, currentLocale } from '../../i18n';
import { markLanguageSynced } from './languageSync';

interface LoginForm {
  username: string;
  password: string;
}

/** Only same-site paths, so a crafted link cannot send the user elsewhere after signing in. */
function safeNext(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const client = useQueryClient();
  const me = useMe();
  const login = useLogin();
  const [form] = Form.useForm<LoginForm>();
  const [error, setError] = useState<unknown>(null);
  // A language chosen here, before signing in, is saved to the account afterwards.
  const languageChosen = useRef(false);

  if (me.isPending) return <FullPageSpin />;
  if (me.data) return <Navigate to={safeNext(params.get('next'))} replace />;

  const submit = async (values: LoginForm) => {
    setError(null);
    try {
      const { user } = await login.mutateAsync(values);
      markLanguageSynced(user.id);
      if (languageChosen.current) await saveMyLocale(currentLocale()).catch(() => undefined);
      else applyLocale(user.locale);
      await client.invalidateQueries({ queryKey: ME_KEY });
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (e) {
      setError(e);
      form.setFieldValue('password', '');
    }
  };

  return (
    <div className="login-page">
      <div className="login-top">
        <Brand />
        <LanguageSwitch persist={false} dark onChange={() => (languageChosen.current = true)} />
      </div>
      <div className="login-main">
        <div className="login-intro">
          <div className="login-eyebrow">{t('app.short')}</div>
          <h1>{t('app.name')}</h1>
          <p>{t('login.tagline')}</p>
          <p style={{ opacity: 0.8 }}>{t('login.features')}</p>
        </div>
        <Card className="login-card" title={<span style={{ fontSize: 18 }}>{t('login.title')}</span>}>
          {error ? <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 16 }} data-testid="login-error" /> : null}
          <Form form={form} layout="vertical" size="large" onFinish={submit} requiredMark={false}>
            <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, message: t('auth.usernameRequired') }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus placeholder={t('auth.usernamePlaceholder')} />
            </Form.Item>
            <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" placeholder={t('auth.passwordPlaceholder')} />
            </Form.Item>
            <Form.Item style={{ marginBottom: 8 }}>
              <Button type="primary" htmlType="submit" block loading={login.isPending}>
                {t('auth.signIn')}
              </Button>
            </Form.Item>
          </Form>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('login.help')}
          </Typography.Text>
        </Card>
      </div>
      <div className="login-footer">{t('login.footer', { year: new Date().getFullYear() })}</div>
    </div>
  );
}
