/*
 * Local calendar dates of an organisation's time zone, for the calendar view and the figures by
 * month. Plain Intl arithmetic, so that both dialects get the same buckets from the same code.
 */

function parts(at: Date, timezone: string) {
  const f = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour), mi: Number(p.minute), s: Number(p.second) };
}

/** The local date (YYYY-MM-DD) of an instant. */
export function localDate(at: Date, timezone: string): string {
  const p = parts(at, timezone);
  return `${p.y}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

/** The instant local midnight starts on y-m-d (month 1–12, overflowing months roll into the next year). */
export function localMidnight(y: number, m: number, d: number, timezone: string): Date {
  const guess = Date.UTC(y, m - 1, d);
  // The zone's offset at the guess, then once more at the corrected instant (a DST change that day).
  let at = guess;
  for (let i = 0; i < 2; i++) {
    const p = parts(new Date(at), timezone);
    const offset = Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s) - at;
    at = guess - offset;
  }
  return new Date(at);
}

/** Local months ([start, end) instants and their YYYY-MM key) overlapping [from, to), at most `max`. */
export function localMonths(from: Date, to: Date, timezone: string, max = 36): { key: string; start: Date; end: Date }[] {
  const first = parts(from, timezone);
  const months: { key: string; start: Date; end: Date }[] = [];
  let y = first.y;
  let m = first.m;
  while (months.length < max) {
    const start = localMidnight(y, m, 1, timezone);
    if (start >= to) break;
    const end = localMidnight(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1, timezone);
    months.push({ key: `${y}-${String(m).padStart(2, '0')}`, start: start < from ? from : start, end: end > to ? to : end });
    y = m === 12 ? y + 1 : y;
    m = m === 12 ? 1 : m + 1;
  }
  return months;
}
