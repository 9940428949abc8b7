import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomerTier, Role, SiteKind } from '../../shared/roles';

const TIER_COLOR: Record<CustomerTier, string> = { vip: 'gold', key: 'blue', ordinary: 'default' };
const KIND_COLOR: Record<SiteKind, string> = { headquarters: 'red', department: 'purple', region: 'geekblue', site: 'cyan' };
const ROLE_COLOR: Record<Role, string> = {
  agent: 'blue',
  supervisor: 'cyan',
  specialist: 'geekblue',
  site_director: 'purple',
  general_manager: 'magenta',
  inspector: 'orange',
  admin: 'red',
};

export function TierTag({ tier }: { tier: CustomerTier }) {
  const { t } = useTranslation();
  return <Tag color={TIER_COLOR[tier]}>{t(`tiers.${tier}`)}</Tag>;
}

export function SiteKindTag({ kind }: { kind: SiteKind }) {
  const { t } = useTranslation();
  return <Tag color={KIND_COLOR[kind]}>{t(`siteKinds.${kind}`)}</Tag>;
}

/** A role grant: the role, and where it applies (a site or the whole organisation). */
export function RoleTag({ role, siteName }: { role: Role; siteName: string | null }) {
  const { t } = useTranslation();
  return (
    <Tag color={ROLE_COLOR[role]} style={{ marginBottom: 2 }}>
      {t(`roles.${role}`)} · {siteName ?? t('common.orgWide')}
    </Tag>
  );
}
