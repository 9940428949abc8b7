import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Permission } from '../../shared/roles';
import { useSession } from './session';

export function RequirePermission({ permission, children }: { permission: Permission; children: React.ReactNode }) {
  const { can } = useSession();
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (can(permission)) return <>{children}</>;
  return (
    <Result
      status="403"
      title={t('errors.forbidden')}
      subTitle={t('pages.forbiddenHint')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('pages.backHome')}
        </Button>
      }
    />
  );
}
