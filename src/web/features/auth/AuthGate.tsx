import { Button, Result } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useMe } from '../../api/auth';
import { errorText } from '../../components/errors';
import { FullPageSpin } from '../../components/FullPageSpin';
import { SessionProvider } from '../../components/session';
import { setDisplayTimezone } from '../../format';
import { applyLocale } from '../../i18n';
import { ChangePasswordPage } from './ChangePasswordPage';
import { languageSyncedFor, markLanguageSynced } from './languageSync';

/** Lets the signed-in app render only for a signed-in user; a forced password change comes first. */
export function AuthGate() {
  const { t } = useTranslation();
  const location = useLocation();
  const me = useMe();

  useEffect(() => {
    if (!me.data) return;
    // The language saved on the account wins once per sign-in; later switches save it themselves.
    if (!languageSyncedFor(me.data.user.id)) {
      markLanguageSynced(me.data.user.id);
      applyLocale(me.data.user.locale);
    }
  }, [me.data]);

  if (me.isPending) return <FullPageSpin />;
  if (me.isError) {
    return (
      <Result
        status="error"
        title={errorText(t, me.error)}
        extra={
          <Button type="primary" onClick={() => void me.refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (!me.data) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  // Set while rendering so that the first paint of every page already uses the organisation's zone.
  setDisplayTimezone(me.data.organization.timezone);
  return (
    <SessionProvider me={me.data}>
      {me.data.user.mustChangePassword ? <ChangePasswordPage forced /> : <Outlet />}
    </SessionProvider>
  );
}
