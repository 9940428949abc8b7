import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/zh-tw';
import type { Locale as AntdLocale } from 'antd/es/locale';
import antdEnUS from 'antd/locale/en_US';
import antdZhCN from 'antd/locale/zh_CN';
import antdZhTW from 'antd/locale/zh_TW';
import enUS from '../shared/i18n/en-US.json';
import zhCN from '../shared/i18n/zh-CN.json';
import zhTW from '../shared/i18n/zh-TW.json';
import { LOCALES, type Locale } from '../shared/roles';

const STORAGE_KEY = 'fuwu.locale';
const DAYJS_LOCALE: Record<Locale, string> = { 'zh-CN': 'zh-cn', 'zh-TW': 'zh-tw', 'en-US': 'en' };
export const ANTD_LOCALE: Record<Locale, AntdLocale> = { 'zh-CN': antdZhCN, 'zh-TW': antdZhTW, 'en-US': antdEnUS };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function storedLocale(): Locale {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : 'zh-CN';
}

/** Switches the interface language: texts, antd components, dates, and the page's lang attribute. */
export function applyLocale(locale: Locale): void {
  dayjs.locale(DAYJS_LOCALE[locale]);
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private windows may refuse storage; the language still applies for this visit.
  }
  if (i18n.language !== locale) void i18n.changeLanguage(locale);
}

const initial = storedLocale();
void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: zhCN },
    'zh-TW': { translation: zhTW },
    'en-US': { translation: enUS },
  },
  lng: initial,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});
applyLocale(initial);

export default i18n;
