import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

let displayZone = 'Asia/Shanghai';
/** Times are shown in the organisation's time zone, whatever the browser's. */
export function setDisplayTimezone(zone: string): void {
  displayZone = zone;
}

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).tz(displayZone).format('YYYY-MM-DD HH:mm') : '';
}

export function formatDateTimeSeconds(iso: string | null | undefined): string {
  return iso ? dayjs(iso).tz(displayZone).format('YYYY-MM-DD HH:mm:ss') : '';
}

/** Now in the organisation's time zone: "today" is the organisation's day, not the browser's. */
export function nowInOrg(): dayjs.Dayjs {
  return dayjs().tz(displayZone);
}

/** A calendar day (YYYY-MM-DD) in the organisation's time zone as the ISO instant it starts or ends. */
export function dayBoundary(day: string | undefined, edge: 'start' | 'end'): string | undefined {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const start = dayjs.tz(day, displayZone);
  return (edge === 'start' ? start : start.endOf('day')).toISOString();
}
