/**
 * Cadence arithmetic of VIP revisit plans: when each revisit of a plan falls due and which period
 * it belongs to. Pure and dependency-free (Intl only), shared by the generator on the server and
 * the "next due dates" preview in the browser.
 *
 * - Dates are local calendar dates 'YYYY-MM-DD' in the organisation's time zone.
 * - Weekly plans fall every 7 days from the start date. The other cadences step whole months
 *   (1, 3, 6, 12) and keep the start date's day of the month, clamped to short months: a plan
 *   started on 31 Jan falls on 29 Feb in a leap year (28 Feb otherwise), then 31 Mar, 30 Apr, …
 *   The clamp never drifts: each occurrence is computed from the start date, not from the last one.
 * - Each occurrence is keyed by the period its date lies in: ISO week '2026-W48', month '2026-11',
 *   quarter '2026-Q4', half-year '2026-H2', year '2026'. Occurrences step by exactly one period, so
 *   each period holds at most one; the key is what makes generation idempotent.
 */

export const CADENCES = ['weekly', 'monthly', 'quarterly', 'half_yearly', 'yearly'] as const;
export type Cadence = (typeof CADENCES)[number];

const MONTHS: Record<Exclude<Cadence, 'weekly'>, number> = { monthly: 1, quarterly: 3, half_yearly: 6, yearly: 12 };

/**
 * Days after the due date by the end of which a plan revisit must be made (else it is overdue):
 * roughly a tenth of the period, so a weekly call has until the next day, a yearly visit two weeks.
 */
export const GRACE_DAYS: Record<Cadence, number> = { weekly: 1, monthly: 3, quarterly: 7, half_yearly: 10, yearly: 14 };

/** Local wall-clock time at which a plan revisit becomes due on its date (the start of the working day). */
export const WORKDAY_START_MINUTES = 9 * 60;

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

interface Ymd {
  y: number;
  m: number;
  d: number;
}

/** Parses 'YYYY-MM-DD'; null when it is not a real calendar date. */
export function parseDate(text: string): Ymd | null {
  const match = DATE.exec(text);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return { y, m, d };
}

export function isValidDate(text: string): boolean {
  return parseDate(text) !== null;
}

function mustParse(text: string): Ymd {
  const ymd = parseDate(text);
  if (!ymd) throw new RangeError(`Not a date: ${text}`);
  return ymd;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const format = ({ y, m, d }: Ymd) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
const dayNumber = ({ y, m, d }: Ymd) => Date.UTC(y, m - 1, d) / DAY_MS;
function fromDayNumber(n: number): Ymd {
  const date = new Date(n * DAY_MS);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

/** The date `days` calendar days after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  return format(fromDayNumber(dayNumber(mustParse(date)) + days));
}

/** The occurrence `n` (0 = the start date itself) of a plan starting on `startDate`. */
export function occurrence(startDate: string, cadence: Cadence, n: number): string {
  const start = mustParse(startDate);
  if (cadence === 'weekly') return format(fromDayNumber(dayNumber(start) + 7 * n));
  const months = start.y * 12 + (start.m - 1) + MONTHS[cadence] * n;
  const y = Math.floor(months / 12);
  const m = (months % 12) + 1;
  return format({ y, m, d: Math.min(start.d, daysInMonth(y, m)) });
}

/** ISO 8601 week of a date: its week-year and week number (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(date: string): { year: number; week: number } {
  const day = dayNumber(mustParse(date));
  // 1970-01-01 was a Thursday: Monday = 0 … Sunday = 6.
  const weekday = (((day + 3) % 7) + 7) % 7;
  const thursday = day - weekday + 3;
  const year = fromDayNumber(thursday).y;
  const week = Math.floor((thursday - Date.UTC(year, 0, 1) / DAY_MS) / 7) + 1;
  return { year, week };
}

/** The period of `date` under a cadence: 2026-W48, 2026-11, 2026-Q4, 2026-H2 or 2026. */
export function periodKey(date: string, cadence: Cadence): string {
  const { y, m } = mustParse(date);
  switch (cadence) {
    case 'weekly': {
      const { year, week } = isoWeek(date);
      return `${pad(year, 4)}-W${pad(week)}`;
    }
    case 'monthly':
      return `${pad(y, 4)}-${pad(m)}`;
    case 'quarterly':
      return `${pad(y, 4)}-Q${Math.ceil(m / 3)}`;
    case 'half_yearly':
      return `${pad(y, 4)}-H${m <= 6 ? 1 : 2}`;
    case 'yearly':
      return pad(y, 4);
  }
}

export interface Occurrence {
  /** local date 'YYYY-MM-DD' */
  date: string;
  period: string;
}

/** Index of the first occurrence that may fall on or after `from` (an underestimate by at most one step). */
function firstIndexFrom(start: Ymd, cadence: Cadence, from: Ymd): number {
  if (cadence === 'weekly') return Math.max(0, Math.floor((dayNumber(from) - dayNumber(start)) / 7));
  const months = from.y * 12 + from.m - (start.y * 12 + start.m);
  return Math.max(0, Math.floor(months / MONTHS[cadence]) - 1);
}

/** Every occurrence of a plan with `from` ≤ date ≤ `to` (inclusive), in order. */
export function occurrencesBetween(startDate: string, cadence: Cadence, from: string, to: string): Occurrence[] {
  const start = mustParse(startDate);
  const last = mustParse(to);
  const out: Occurrence[] = [];
  if (dayNumber(last) < dayNumber(start)) return out;
  for (let n = firstIndexFrom(start, cadence, mustParse(from)); ; n++) {
    const date = occurrence(startDate, cadence, n);
    if (date > to) break;
    if (date >= from) out.push({ date, period: periodKey(date, cadence) });
  }
  return out;
}

/** The next `count` occurrences on or after `from`: the preview of a plan. */
export function nextOccurrences(startDate: string, cadence: Cadence, from: string, count: number): Occurrence[] {
  const start = mustParse(startDate);
  const out: Occurrence[] = [];
  for (let n = firstIndexFrom(start, cadence, mustParse(from)); out.length < count; n++) {
    const date = occurrence(startDate, cadence, n);
    if (date >= from) out.push({ date, period: periodKey(date, cadence) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Local dates and instants in a time zone

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timezone, f);
  }
  return f;
}

function wallOf(instant: number, timezone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatterOf(timezone).formatToParts(new Date(instant))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

/** The local calendar date of an instant in a time zone. */
export function localDate(at: Date, timezone: string): string {
  return format(fromDayNumber(Math.floor(wallOf(at.getTime(), timezone) / DAY_MS)));
}

/** The instant at which the local wall clock of `timezone` shows `minutes` past midnight of `date`. */
export function localInstant(date: string, minutes: number, timezone: string): Date {
  const wall = dayNumber(mustParse(date)) * DAY_MS + minutes * 60_000;
  // Two passes settle the offset, also on the day of a DST change.
  let guess = wall - (wallOf(wall, timezone) - wall);
  guess = wall - (wallOf(guess, timezone) - guess);
  return new Date(guess);
}

/** When a plan revisit due on `date` opens (start of the working day) and when it becomes overdue (end of its last grace day). */
export function dueWindow(date: string, cadence: Cadence, timezone: string): { dueAt: Date; deadlineAt: Date } {
  return {
    dueAt: localInstant(date, WORKDAY_START_MINUTES, timezone),
    deadlineAt: new Date(localInstant(addDays(date, GRACE_DAYS[cadence] + 1), 0, timezone).getTime() - 1000),
  };
}
