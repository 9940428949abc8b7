import { GlobalOutlined } from '@ant-design/icons';
import { App, Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import type { Me } from '../../shared/schemas/auth';
import { LOCALES, type Locale } from '../../shared/roles';
import { ME_KEY, saveMyLocale } from '../api/auth';
import { applyLocale, currentLocale } from '../i18n';
import { errorText } from './errors';

interface Props {
  /** Save the choice to the signed-in user's account as well as this browser. */
  persist: boolean;
  onChange?: (locale: Locale) => void;
  dark?: boolean;
}

/** zh-CN / zh-TW / en-US; each language is named in itself so anyone can find theirs. */
export function LanguageSwitch({ persist, onChange, dark }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const locale = currentLocale();

  const choose = async (next: Locale) => {
    applyLocale(next);
    onChange?.(next);
    if (!persist) return;
    client.setQueryData<Me | null>(ME_KEY, (me) => (me ? { ...me, user: { ...me.user, locale: next } } : me));
    try {
      await saveMyLocale(next);
    } catch (error) {
      message.error(errorText(t, error));
    }
  };

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [locale],
        items: LOCALES.map((l) => ({ key: l, label: t(`languages.${l}`) })),
        onClick: ({ key }) => void choose(key as Locale),
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} style={dark ? { color: '#fff' } : undefined} aria-label={t('languages.label')} data-testid="language-switch">
        {t(`languages.${locale}`)}
      </Button>
    </Dropdown>
  );
}
