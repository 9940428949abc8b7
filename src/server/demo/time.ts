/**
 * Local wall-clock times in the organisation's time zone, turned into the UTC ISO strings the
 * database stores. Demo records are created in office hours where the organisation is, not in
 * the server's zone.
 */

export interface LocalClock {
  /** The instant of `minuteOfDay` (0–1439) local time, `daysAgo` calendar days before today. */
  at(daysAgo: number, minuteOfDay: number): string;
  /** Day of the week (0 = Sunday) of the local day `daysAgo` days before today. */
  weekday(daysAgo: number): number;
}

const DAY_MS = 86_400_000;

export function createLocalClock(timezone: string, now: Date): LocalClock {
  // Throws RangeError for an unknown zone, before anything is written.
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const fields = (instant: number) => {
    const out: Record<string, number> = {};
    for (const p of format.formatToParts(new Date(instant))) if (p.type !== 'literal') out[p.type] = Number(p.value);
    return out;
  };
  /** Local time minus UTC at the instant, in ms (+8 h for Asia/Shanghai). */
  const offsetAt = (instant: number) => {
    const f = fields(instant);
    return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - Math.floor(instant / 1000) * 1000;
  };
  const today = fields(now.getTime());
  // Local midnight of today, written as if it were UTC; days are counted from it.
  const todayLocal = Date.UTC(today.year, today.month - 1, today.day);
  // One offset per day is enough (DST changes at night, demo times are in office hours), and
  // Intl formatting is slow enough that 20,000 customers should not pay for it each.
  const offsets = new Map<number, number>();
  const offsetOfDay = (daysAgo: number) => {
    let offset = offsets.get(daysAgo);
    if (offset === undefined) {
      const localNoon = todayLocal - daysAgo * DAY_MS + DAY_MS / 2;
      offset = offsetAt(localNoon - offsetAt(localNoon));
      offsets.set(daysAgo, offset);
    }
    return offset;
  };
  return {
    at: (daysAgo, minuteOfDay) => new Date(todayLocal - daysAgo * DAY_MS + minuteOfDay * 60_000 - offsetOfDay(daysAgo)).toISOString(),
    weekday: (daysAgo) => new Date(todayLocal - daysAgo * DAY_MS).getUTCDay(),
  };
}
