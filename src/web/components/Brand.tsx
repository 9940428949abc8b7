import { CustomerServiceFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

export function Brand({ collapsed }: { collapsed?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={collapsed ? 'app-brand app-brand-collapsed' : 'app-brand'}>
      <CustomerServiceFilled style={{ fontSize: 22, color: '#4096ff' }} />
      {collapsed ? null : <span>{t('app.brand')}</span>}
    </div>
  );
}
