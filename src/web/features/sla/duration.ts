import type { TFunction } from 'i18next';

/** Business minutes as a person reads them: 2 小时 30 分 / 45 分钟 / 15 小时. */
export function formatBusinessMinutes(t: TFunction, minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return t('sla.duration.m', { m });
  if (m === 0) return t('sla.duration.h', { h });
  return t('sla.duration.hm', { h, m });
}
