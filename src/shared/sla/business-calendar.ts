/**
 * Business-time arithmetic for case deadlines (SLA): working hours per weekday, public holidays,
 * make-up working days (调休) and pauses while a case waits for the customer.
 *
 * Pure and dependency-free (Intl only), so the server's SLA sweeps and the browser's live due clocks
 * compute the same instants. Hours are local wall-clock in the calendar's IANA time zone.
 *
 * Semantics, chosen so the functions agree with each other exactly:
 * - An instant is business time when its local wall-clock time falls in one of the intervals that
 *   apply to its local date. Across a DST change the office is open for the real time that passes
 *   between its wall-clock opening and closing (an 09:00–17:00 day is 8 h whatever the offset; a
 *   01:00–03:00 night shift lasts 1 h when clocks spring forward and 3 h when they fall back).
 * - Durations are real elapsed business time in minutes; fractions come from seconds in the inputs.
 * - Calendars are read as immutable values and compiled once per object: after an edit, pass a new
 *   object (as React state and query caches do anyway), never mutate one in place.
 */

/** One stretch of working time within a day, local wall-clock 'HH:mm'; end may be '24:00'. */
export interface WorkInterval {
  readonly start: string;
  readonly end: string;
}

/** An organisation's working time: weekly hours, holidays and make-up days in one time zone. */
export interface BusinessCalendar {
  /** IANA time zone the hours are written in, e.g. 'Asia/Shanghai'. */
  readonly timezone: string;
  /** Working intervals per weekday, index 0 = Sunday … 6 = Saturday. */
  readonly weeklyHours: readonly (readonly WorkInterval[])[];
  /** Local dates 'YYYY-MM-DD' that are not worked even if their weekday is. */
  readonly holidays: readonly string[];
  /** Local dates worked with these hours instead of their weekday's (调休, usually a weekend day). */
  readonly makeUpDays: readonly { readonly date: string; readonly hours: readonly WorkInterval[] }[];
}

/** A span during which the SLA clock is stopped (waiting for the customer); `to: null` = still paused. */
export interface Pause {
  from: Date;
  to: Date | null;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
// No working time for this long means the calendar can never satisfy a target: fail instead of spinning.
const MAX_IDLE_YEARS = 3;
const MAX_IDLE = MAX_IDLE_YEARS * 366 * DAY;

const weekday = (hours: WorkInterval[]): WorkInterval[][] => [[], hours, hours, hours, hours, hours, []];

/** Mon–Fri 09:00–12:00 and 13:30–18:00 in Asia/Shanghai; no holidays (each organisation enters its own). */
export const DEFAULT_CALENDAR: BusinessCalendar = deepFreeze({
  timezone: 'Asia/Shanghai',
  weeklyHours: weekday([
    { start: '09:00', end: '12:00' },
    { start: '13:30', end: '18:00' },
  ]),
  holidays: [],
  makeUpDays: [],
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Validation

const START_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const END_TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Lists what is wrong with a calendar (bad zone, times, dates, overlaps, conflicts); empty when valid. */
export function validateCalendar(cal: unknown): string[] {
  return inspect(cal).problems;
}

/** A calendar read in one pass: its problems and, for the parts that are valid, its parsed form. */
interface Inspection {
  problems: string[];
  /** Per weekday: flat sorted [start, end, start, end…] in ms after local midnight. */
  weekly: number[][];
  /** Days since 1970-01-01. */
  holidays: Set<number>;
  makeUp: Map<number, number[]>;
}

function inspect(cal: unknown): Inspection {
  const out: Inspection = { problems: [], weekly: [], holidays: new Set(), makeUp: new Map() };
  const problems = out.problems;
  if (!cal || typeof cal !== 'object') {
    problems.push('calendar: must be an object');
    return out;
  }
  const c = cal as Record<string, unknown>;

  if (typeof c.timezone !== 'string' || !zoneExists(c.timezone)) {
    problems.push(`timezone: ${JSON.stringify(c.timezone)} is not a known IANA time zone`);
  }

  let anyHours = false;
  if (!Array.isArray(c.weeklyHours) || c.weeklyHours.length !== 7) {
    const got = Array.isArray(c.weeklyHours) ? `${c.weeklyHours.length} entries` : typeof c.weeklyHours;
    problems.push(`weeklyHours: must list 7 days, Sunday first; got ${got}`);
  } else {
    for (let i = 0; i < 7; i++) {
      const hours = readIntervals(c.weeklyHours[i], `weeklyHours[${i}]`, problems);
      if (hours.length > 0) anyHours = true;
      out.weekly.push(hours);
    }
  }

  if (!Array.isArray(c.holidays)) {
    problems.push('holidays: must be a list of dates YYYY-MM-DD');
  } else {
    for (let i = 0; i < c.holidays.length; i++) {
      const day = parseDate(c.holidays[i]);
      if (day === null) problems.push(`holidays[${i}]: ${JSON.stringify(c.holidays[i])} is not a date YYYY-MM-DD`);
      else out.holidays.add(day);
    }
  }

  if (!Array.isArray(c.makeUpDays)) {
    problems.push('makeUpDays: must be a list of { date, hours }');
  } else {
    for (let i = 0; i < c.makeUpDays.length; i++) {
      const m: unknown = c.makeUpDays[i];
      const path = `makeUpDays[${i}]`;
      if (!m || typeof m !== 'object') {
        problems.push(`${path}: must be { date, hours }`);
        continue;
      }
      const { date, hours } = m as Record<string, unknown>;
      const day = parseDate(date);
      if (day === null) problems.push(`${path}: ${JSON.stringify(date)} is not a date YYYY-MM-DD`);
      else if (out.holidays.has(day)) problems.push(`${path}: ${date} is also listed as a holiday`);
      else if (out.makeUp.has(day)) problems.push(`${path}: ${date} is listed twice`);
      const parsed = readIntervals(hours, `${path}.hours`, problems);
      if (parsed.length > 0) anyHours = true;
      else if (Array.isArray(hours)) problems.push(`${path}: has no working hours (list it as a holiday instead)`);
      if (day !== null && !out.makeUp.has(day)) out.makeUp.set(day, parsed);
    }
  }

  if (problems.length === 0 && !anyHours) {
    problems.push('weeklyHours: no working hours on any weekday and no make-up days; deadlines could never fall due');
  }
  return out;
}

/** One day's valid intervals as flat sorted [start, end, …]; what is wrong goes to `problems`. */
function readIntervals(day: unknown, path: string, problems: string[]): number[] {
  if (!Array.isArray(day)) {
    problems.push(`${path}: must be a list of { start, end }`);
    return [];
  }
  const ok: { from: number; to: number; j: number }[] = [];
  for (let j = 0; j < day.length; j++) {
    const iv: unknown = day[j];
    const p = `${path}[${j}]`;
    const { start, end } = (iv && typeof iv === 'object' ? iv : {}) as Record<string, unknown>;
    const from = parseTime(start, START_TIME);
    const to = parseTime(end, END_TIME);
    if (from === null) problems.push(`${p}: start ${JSON.stringify(start)} is not a time HH:mm from 00:00 to 23:59`);
    if (to === null) problems.push(`${p}: end ${JSON.stringify(end)} is not a time HH:mm from 00:01 to 24:00`);
    if (from === null || to === null) continue;
    if (to <= from) problems.push(`${p}: end ${end} must be later than start ${start}`);
    else ok.push({ from, to, j });
  }
  ok.sort((a, b) => a.from - b.from);
  const label = (k: number) => `${day[ok[k].j].start}–${day[ok[k].j].end}`;
  const flat: number[] = [];
  for (let k = 0; k < ok.length; k++) {
    // Touching intervals (12:00–13:00 then 13:00–14:00) are fine; only a real overlap is ambiguous.
    if (k > 0 && ok[k].from < ok[k - 1].to) problems.push(`${path}: ${label(k - 1)} overlaps ${label(k)}`);
    flat.push(ok[k].from, ok[k].to);
  }
  return flat;
}

/** 'HH:mm' → milliseconds after local midnight. */
function parseTime(value: unknown, pattern: RegExp): number | null {
  if (typeof value !== 'string') return null;
  const m = pattern.exec(value);
  if (!m) return null;
  const h = Number(m[1] ?? m[3]);
  const min = Number(m[2] ?? m[4]);
  return (h * 60 + min) * MINUTE;
}

/** 'YYYY-MM-DD' → days since 1970-01-01, or null unless it is a real calendar date. */
function parseDate(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = DATE.exec(value);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const daysInMonth = mo === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[mo - 1];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth) return null;
  return Date.UTC(y, mo - 1, d) / DAY;
}

// Constructing an Intl.DateTimeFormat costs tens of µs, far more than the arithmetic: remember the answer.
const knownZones = new Map<string, boolean>();

function zoneExists(tz: string): boolean {
  let ok = knownZones.get(tz);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      ok = true;
    } catch {
      ok = false;
    }
    if (knownZones.size > 1_000) knownZones.clear(); // bounded even if callers send junk names
    knownZones.set(tz, ok);
  }
  return ok;
}

// ---------------------------------------------------------------------------------------------
// Time zone offsets

/**
 * UTC offsets of one zone, cached per UTC day: Intl is slow (microseconds a call) and a sweep asks
 * about the same few days again and again. Assumes at most one offset change per UTC day, which holds
 * for every zone in the tz database in modern times.
 */
class ZoneClock {
  private readonly fmt: Intl.DateTimeFormat;
  /** UTC day number → offset (ms) at the start of that UTC day. */
  private readonly midnight = new Map<number, number>();
  /** UTC day number → first instant within (day start, next day start] with the next day's offset. */
  private readonly changes = new Map<number, number>();

  constructor(timeZone: string) {
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** Offset (local minus UTC, ms) in force at instant `t`. */
  offsetAt(t: number): number {
    const k = Math.floor(t / DAY);
    const a = this.midnightOffset(k);
    const b = this.midnightOffset(k + 1);
    if (a === b) return a;
    return t < this.changeIn(k) ? a : b;
  }

  /** The first offset change strictly between `t` and `end`, or Infinity. */
  nextChange(t: number, end: number): number {
    for (let k = Math.floor(t / DAY); k * DAY < end; k++) {
      if (this.midnightOffset(k) === this.midnightOffset(k + 1)) continue;
      const change = this.changeIn(k);
      if (change > t && change < end) return change;
    }
    return Infinity;
  }

  private midnightOffset(k: number): number {
    let o = this.midnight.get(k);
    if (o === undefined) {
      if (this.midnight.size > 100_000) this.midnight.clear();
      o = this.exactOffset(k * DAY);
      this.midnight.set(k, o);
    }
    return o;
  }

  private changeIn(k: number): number {
    let c = this.changes.get(k);
    if (c === undefined) {
      // Binary search to the second: tz database transitions fall on whole seconds.
      const target = this.midnightOffset(k + 1);
      let lo = k * DAY;
      let hi = (k + 1) * DAY;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (this.exactOffset(mid) === target) hi = mid;
        else lo = mid;
      }
      c = hi;
      this.changes.set(k, c);
    }
    return c;
  }

  private exactOffset(t: number): number {
    const f: Record<string, number> = {};
    for (const p of this.fmt.formatToParts(t)) if (p.type !== 'literal') f[p.type] = Number(p.value);
    const wall = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
    return wall - Math.floor(t / 1000) * 1000;
  }
}

const zoneClocks = new Map<string, ZoneClock>();

function zoneClock(tz: string): ZoneClock {
  let z = zoneClocks.get(tz);
  if (!z) {
    z = new ZoneClock(tz);
    zoneClocks.set(tz, z);
  }
  return z;
}

// ---------------------------------------------------------------------------------------------
// Compiled calendars

const NO_HOURS: readonly number[] = [];

interface Compiled extends Inspection {
  zone: ZoneClock;
}

const compiled = new WeakMap<BusinessCalendar, Compiled>();

function compile(cal: BusinessCalendar): Compiled {
  let c = compiled.get(cal);
  if (c) return c;
  const read = inspect(cal);
  if (read.problems.length > 0) throw new Error(`Invalid business calendar: ${read.problems.join('; ')}`);
  c = { ...read, zone: zoneClock(cal.timezone) };
  compiled.set(cal, c);
  return c;
}

/** Working intervals of a local date given as days since 1970-01-01. */
function hoursOn(c: Compiled, day: number): readonly number[] {
  if (c.holidays.has(day)) return NO_HOURS;
  const m = c.makeUp.get(day);
  if (m) return m;
  return c.weekly[(((day + 4) % 7) + 7) % 7]; // 1970-01-01 was a Thursday
}

/**
 * Visits the business time in [from, until) as instant intervals in increasing order, one wall day
 * (or, on a DST change, one constant-offset piece of it) per step. `visit` returns true to stop.
 * With an open end, stops with an Error after three years without working time.
 */
function walk(c: Compiled, from: number, until: number, visit: (a: number, b: number) => boolean): void {
  let t = from;
  let lastWork = from;
  while (t < until) {
    const o = c.zone.offsetAt(t);
    const day = Math.floor((t + o) / DAY);
    const midnight = day * DAY - o; // instant of the wall day's 00:00 at this offset
    const dayEnd = midnight + DAY;
    // Stop the piece at an offset change: after it the same wall times are other instants, and a
    // fall-back repeats part of this wall day, which the next step then visits again.
    const pieceEnd = Math.min(c.zone.nextChange(t, dayEnd), dayEnd, until);
    const hours = hoursOn(c, day);
    for (let i = 0; i < hours.length; i += 2) {
      const a = Math.max(midnight + hours[i], t);
      const b = Math.min(midnight + hours[i + 1], pieceEnd);
      if (a < b) {
        lastWork = b;
        if (visit(a, b)) return;
      }
    }
    t = pieceEnd;
    if (until === Infinity && t - lastWork > MAX_IDLE) {
      throw new Error(
        `No working time in the business calendar for ${MAX_IDLE_YEARS} years after ${new Date(lastWork).toISOString()}; ` +
          'check its weekly hours, holidays and make-up days',
      );
    }
  }
}

/** Sorted, merged pauses clipped to start at `from`, flat [from, to, …]; an open pause ends at Infinity. */
function mergePauses(pauses: readonly Pause[], from: number): number[] {
  const spans: [number, number][] = [];
  for (const p of pauses) {
    const a = instant(p.from, 'pause.from');
    const b = p.to === null ? Infinity : instant(p.to, 'pause.to');
    if (b < a) throw new RangeError(`Pause ends (${p.to!.toISOString()}) before it starts (${p.from.toISOString()})`);
    if (b > from) spans.push([Math.max(a, from), b]);
  }
  spans.sort((x, y) => x[0] - y[0]);
  const out: number[] = [];
  for (const [a, b] of spans) {
    if (out.length > 0 && a <= out[out.length - 1]) out[out.length - 1] = Math.max(out[out.length - 1], b);
    else out.push(a, b);
  }
  return out;
}

/** Like walk, with the merged pauses cut out of each business interval. */
function walkActive(
  c: Compiled,
  from: number,
  until: number,
  pauses: number[],
  visit: (a: number, b: number) => boolean,
): void {
  let p = 0;
  walk(c, from, until, (a, b) => {
    while (a < b) {
      while (p < pauses.length && pauses[p + 1] <= a) p += 2;
      if (p >= pauses.length || pauses[p] >= b) return visit(a, b);
      if (pauses[p] > a && visit(a, pauses[p])) return true;
      a = pauses[p + 1];
    }
    return false;
  });
}

function instant(d: Date, name: string): number {
  const t = d instanceof Date ? d.getTime() : NaN;
  if (Number.isNaN(t)) throw new RangeError(`${name} is not a valid Date`);
  return t;
}

function targetMs(minutes: number): number {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`Business minutes must be a finite number ≥ 0, got ${minutes}`);
  return minutes * MINUTE;
}

/** Active (business, unpaused) milliseconds in [from, to). */
function activeMs(c: Compiled, from: number, to: number, pauses: number[]): number {
  let sum = 0;
  walkActive(c, from, to, pauses, (a, b) => {
    sum += b - a;
    return false;
  });
  return sum;
}

/** Earliest instant at which `ms` active milliseconds have passed since `from`; null if `until` comes first. */
function advance(c: Compiled, from: number, ms: number, until: number, pauses: number[]): number | null {
  if (ms === 0) return from;
  let left = ms;
  let due: number | null = null;
  walkActive(c, from, until, pauses, (a, b) => {
    if (b - a >= left) {
      due = Math.round(a + left);
      return true;
    }
    left -= b - a;
    return false;
  });
  return due;
}

// ---------------------------------------------------------------------------------------------
// Public API

/** Whether `at` falls within working hours (opening instant included, closing instant excluded). */
export function isBusinessTime(at: Date, cal: BusinessCalendar): boolean {
  const c = compile(cal);
  const t = instant(at, 'at');
  const wall = t + c.zone.offsetAt(t);
  const day = Math.floor(wall / DAY);
  const ms = wall - day * DAY;
  const hours = hoursOn(c, day);
  for (let i = 0; i < hours.length; i += 2) if (ms >= hours[i] && ms < hours[i + 1]) return true;
  return false;
}

/**
 * The earliest instant by which `minutes` business minutes have passed since `start`; counting starts
 * at the next opening when `start` is outside hours, and a target used up exactly at closing is due at
 * the closing instant. 0 minutes → `start`.
 */
export function addBusinessMinutes(start: Date, minutes: number, cal: BusinessCalendar): Date {
  const c = compile(cal);
  return new Date(advance(c, instant(start, 'start'), targetMs(minutes), Infinity, [])!);
}

/** Business minutes in [from, to) (fractional when the inputs carry seconds); 0 when to ≤ from. */
export function businessMinutesBetween(from: Date, to: Date, cal: BusinessCalendar): number {
  const c = compile(cal);
  return activeMs(c, instant(from, 'from'), instant(to, 'to'), []) / MINUTE;
}

/**
 * When a target of `targetMinutes` business minutes from `start` falls due, not counting paused time.
 * Null while the clock is stopped short of the target (an open pause); a pause opened after the due
 * instant does not move it. Overlapping pauses count once; pauses outside hours change nothing.
 */
export function deadline(start: Date, targetMinutes: number, pauses: readonly Pause[], cal: BusinessCalendar): Date | null {
  const c = compile(cal);
  const from = instant(start, 'start');
  const ms = targetMs(targetMinutes);
  const merged = mergePauses(pauses, from);
  // An open pause is last after merging; active time ends where it begins.
  const until = merged.length > 0 && merged[merged.length - 1] === Infinity ? merged[merged.length - 2] : Infinity;
  const due = advance(c, from, ms, until, merged);
  return due === null ? null : new Date(due);
}

/** Business minutes left until the target at `now`, not counting paused time; negative when overdue. */
export function remainingBusinessMinutes(
  start: Date,
  targetMinutes: number,
  pauses: readonly Pause[],
  now: Date,
  cal: BusinessCalendar,
): number {
  const c = compile(cal);
  const from = instant(start, 'start');
  const ms = targetMs(targetMinutes);
  return (ms - activeMs(c, from, instant(now, 'now'), mergePauses(pauses, from))) / MINUTE;
}
