import { CustomerServiceOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch';

/** The customer-facing frame: the organisation's name, the language switch, one narrow column that suits a phone. */
export function PortalLayout({ orgName, children }: { orgName?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="portal-page">
      <header className="portal-header">
        <Typography.Text strong className="portal-org" data-testid="portal-org">
          <CustomerServiceOutlined /> {orgName ? `${orgName} · ${t('portal.brandSuffix')}` : t('portal.brandSuffix')}
        </Typography.Text>
        <LanguageSwitch persist={false} />
      </header>
      <main className="portal-main">{children}</main>
    </div>
  );
}
