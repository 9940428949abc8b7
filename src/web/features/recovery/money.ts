import type { TFunction } from 'i18next';

// Yuan with two decimals and the ¥ sign in every language: the amounts are in renminbi.
const YUAN = new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 12345 fen → ¥123.45 */
export function formatFen(fen: number): string {
  return YUAN.format(fen / 100);
}

/** Yuan typed in a form → whole fen (rounded; the input allows two decimals). */
export function yuanToFen(yuan: number): number {
  return Math.round(yuan * 100);
}

/** Minutes as a person reads them: 45 分钟, 2 小时 5 分钟, 3 天 4 小时. */
export function formatMinutes(t: TFunction, minutes: number): string {
  if (minutes < 60) return t('ladder.duration.minutes', { m: minutes });
  if (minutes < 24 * 60) return t('ladder.duration.hours', { h: Math.floor(minutes / 60), m: minutes % 60 });
  return t('ladder.duration.days', { d: Math.floor(minutes / 1440), h: Math.floor((minutes % 1440) / 60) });
}
