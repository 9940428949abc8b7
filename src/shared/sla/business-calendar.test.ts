import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  type BusinessCalendar,
  deadline,
  DEFAULT_CALENDAR,
  isBusinessTime,
  type Pause,
  remainingBusinessMinutes,
  validateCalendar,
  type WorkInterval,
} from './business-calendar.js';

// Every expected instant below was worked out by hand and is written with the local offset,
// so a reader can check it against the calendar without converting to UTC.
// 2025-01-06 is a Monday; the default calendar works 450 minutes a day (180 + 270).

const iv = (start: string, end: string): WorkInterval => ({ start, end });
const weekdays = (...hours: WorkInterval[]) => [[], hours, hours, hours, hours, hours, []];
const everyDay = (...hours: WorkInterval[]) => Array.from({ length: 7 }, () => hours);
const d = (iso: string) => new Date(iso);
const iso = (date: Date | null) => (date === null ? null : date.toISOString());

/** A site working a morning and an afternoon block (08:30–12:00, 13:30–17:30), Mon–Fri. */
const SITE: BusinessCalendar = {
  timezone: 'Asia/Shanghai',
  weeklyHours: weekdays(iv('08:30', '12:00'), iv('13:30', '17:30')),
  holidays: [],
  makeUpDays: [],
};

/** Three blocks with a tea break, to check walking more than two intervals a day. */
const THREE_BLOCKS: BusinessCalendar = {
  ...SITE,
  weeklyHours: weekdays(iv('08:00', '10:00'), iv('10:15', '12:00'), iv('14:00', '17:00')),
};

const DEFAULT_HOURS = DEFAULT_CALENDAR.weeklyHours[1];

/**
 * A fixture shaped like a Spring Festival: Tue 2025-01-28 to Tue 2025-02-04 off, with Sun 01-26 and
 * Sat 02-08 worked (调休), and New Year's Day 2026 (a Thursday) off.
 */
const FESTIVAL: BusinessCalendar = {
  ...DEFAULT_CALENDAR,
  holidays: [
    '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31',
    '2025-02-01', '2025-02-02', '2025-02-03', '2025-02-04',
    '2026-01-01',
  ],
  makeUpDays: [
    { date: '2025-01-26', hours: DEFAULT_HOURS },
    { date: '2025-02-08', hours: DEFAULT_HOURS },
  ],
};

/** A Saturday 调休 with only a morning: Sat 2025-01-11 09:00–12:00. */
const HALF_SATURDAY: BusinessCalendar = {
  ...DEFAULT_CALENDAR,
  makeUpDays: [{ date: '2025-01-11', hours: [iv('09:00', '12:00')] }],
};

/** A service hall open every day 08:00–20:00 (720 minutes). */
const SEVEN_DAYS: BusinessCalendar = { ...SITE, weeklyHours: everyDay(iv('08:00', '20:00')) };

/** A hotline answered round the clock. */
const ROUND_THE_CLOCK: BusinessCalendar = { ...SITE, weeklyHours: everyDay(iv('00:00', '24:00')) };

const NEW_YORK: BusinessCalendar = {
  timezone: 'America/New_York',
  weeklyHours: weekdays(iv('09:00', '17:00')),
  holidays: [],
  makeUpDays: [],
};
const NEW_YORK_24_7: BusinessCalendar = { ...NEW_YORK, weeklyHours: everyDay(iv('00:00', '24:00')) };
/** 01:00–03:00 daily: in New York clocks spring forward at 02:00 and fall back at 02:00. */
const NEW_YORK_NIGHT: BusinessCalendar = { ...NEW_YORK, weeklyHours: everyDay(iv('01:00', '03:00')) };
const BERLIN: BusinessCalendar = { ...NEW_YORK, timezone: 'Europe/Berlin' };
/**
 * Saturday 22:00–24:00 and Sunday 00:00–02:00 in Santiago, whose clocks change at midnight:
 * 2025-04-06 00:00 -03 becomes Sat 23:00 -04 (Saturday's last hour happens twice);
 * 2025-09-07 00:00 -04 becomes 01:00 -03 (Sunday starts at 01:00).
 */
const SANTIAGO_NIGHT: BusinessCalendar = {
  timezone: 'America/Santiago',
  weeklyHours: [[iv('00:00', '02:00')], [], [], [], [], [], [iv('22:00', '24:00')]],
  holidays: [],
  makeUpDays: [],
};

describe('addBusinessMinutes', () => {
  it.each<[string, BusinessCalendar, string, number, string]>([
    ['inside the morning', DEFAULT_CALENDAR, '2025-01-06T09:00:00+08:00', 60, '2025-01-06T10:00:00+08:00'],
    ['across the lunch break', DEFAULT_CALENDAR, '2025-01-06T11:30:00+08:00', 60, '2025-01-06T14:00:00+08:00'],
    ['used up exactly at the lunch closing', DEFAULT_CALENDAR, '2025-01-06T11:30:00+08:00', 30, '2025-01-06T12:00:00+08:00'],
    ['starting in the lunch break', DEFAULT_CALENDAR, '2025-01-06T12:30:00+08:00', 30, '2025-01-06T14:00:00+08:00'],
    ['starting exactly at the afternoon opening', DEFAULT_CALENDAR, '2025-01-06T13:30:00+08:00', 1, '2025-01-06T13:31:00+08:00'],
    ['starting exactly at closing', DEFAULT_CALENDAR, '2025-01-06T18:00:00+08:00', 1, '2025-01-07T09:01:00+08:00'],
    ['used up exactly at the evening closing', DEFAULT_CALENDAR, '2025-01-06T17:00:00+08:00', 60, '2025-01-06T18:00:00+08:00'],
    ['starting at night', DEFAULT_CALENDAR, '2025-01-06T23:00:00+08:00', 450, '2025-01-07T18:00:00+08:00'],
    ['before dawn, given in UTC on the previous date', DEFAULT_CALENDAR, '2025-01-05T17:00:00Z', 60, '2025-01-06T10:00:00+08:00'],
    ['over a weekend', DEFAULT_CALENDAR, '2025-01-10T17:00:00+08:00', 120, '2025-01-13T10:00:00+08:00'],
    ['starting on a Saturday', DEFAULT_CALENDAR, '2025-01-11T10:00:00+08:00', 30, '2025-01-13T09:30:00+08:00'],
    ['a whole working week ends on Friday evening', DEFAULT_CALENDAR, '2025-01-06T09:00:00+08:00', 2250, '2025-01-10T18:00:00+08:00'],
    ['one minute more than a week', DEFAULT_CALENDAR, '2025-01-06T09:00:00+08:00', 2251, '2025-01-13T09:01:00+08:00'],
    ['zero minutes is the start itself, even off hours', DEFAULT_CALENDAR, '2025-01-11T10:00:00+08:00', 0, '2025-01-11T10:00:00+08:00'],
    // 22 full days (9,900) run to Tue 02-04 18:00, then 100 minutes on Wed 02-05.
    ['10,000 minutes', DEFAULT_CALENDAR, '2025-01-06T09:00:00+08:00', 10_000, '2025-02-05T10:40:00+08:00'],
    ['fractions of a minute', DEFAULT_CALENDAR, '2025-01-06T09:00:30+08:00', 1.5, '2025-01-06T09:02:00+08:00'],
    ['two blocks with a long lunch', SITE, '2025-01-06T11:00:00+08:00', 120, '2025-01-06T14:30:00+08:00'],
    ['site opening at 08:30', SITE, '2025-01-06T07:00:00+08:00', 30, '2025-01-06T09:00:00+08:00'],
    ['over a tea break', THREE_BLOCKS, '2025-01-06T09:30:00+08:00', 60, '2025-01-06T10:45:00+08:00'],
    ['from the first block into the third', THREE_BLOCKS, '2025-01-06T09:30:00+08:00', 180, '2025-01-06T14:45:00+08:00'],
    ['into a Sunday make-up day', FESTIVAL, '2025-01-24T17:00:00+08:00', 120, '2025-01-26T10:00:00+08:00'],
    ['over eight days of holiday', FESTIVAL, '2025-01-27T17:00:00+08:00', 120, '2025-02-05T10:00:00+08:00'],
    ['starting inside the holiday', FESTIVAL, '2025-01-29T10:00:00+08:00', 30, '2025-02-05T09:30:00+08:00'],
    ['into a Saturday make-up day', FESTIVAL, '2025-02-07T17:30:00+08:00', 60, '2025-02-08T09:30:00+08:00'],
    ['from a Saturday make-up day to Monday', FESTIVAL, '2025-02-08T17:00:00+08:00', 120, '2025-02-10T10:00:00+08:00'],
    ['over New Year: Dec 31 to Jan 2', FESTIVAL, '2025-12-31T17:00:00+08:00', 120, '2026-01-02T10:00:00+08:00'],
    ['a make-up Saturday with only a morning', HALF_SATURDAY, '2025-01-10T17:30:00+08:00', 200, '2025-01-11T11:50:00+08:00'],
    ['past a make-up Saturday morning', HALF_SATURDAY, '2025-01-10T17:30:00+08:00', 240, '2025-01-13T09:30:00+08:00'],
    ['a seven-day hall over the weekend', SEVEN_DAYS, '2025-01-11T19:00:00+08:00', 120, '2025-01-12T09:00:00+08:00'],
    ['round the clock across midnight', ROUND_THE_CLOCK, '2025-01-11T23:00:00+08:00', 120, '2025-01-12T01:00:00+08:00'],
    ['round the clock, a full day', ROUND_THE_CLOCK, '2025-01-11T10:00:00+08:00', 1440, '2025-01-12T10:00:00+08:00'],
    ['New York over the spring-forward weekend', NEW_YORK, '2025-03-07T16:00:00-05:00', 120, '2025-03-10T10:00:00-04:00'],
    ['New York over the fall-back weekend', NEW_YORK, '2025-10-31T16:00:00-04:00', 120, '2025-11-03T10:00:00-05:00'],
    ['New York round the clock, the 23-hour Sunday', NEW_YORK_24_7, '2025-03-09T00:00:00-05:00', 1440, '2025-03-10T01:00:00-04:00'],
    ['New York night shift on spring-forward night (1 h)', NEW_YORK_NIGHT, '2025-03-09T00:00:00-05:00', 90, '2025-03-10T01:30:00-04:00'],
    ['New York night shift into the repeated hour', NEW_YORK_NIGHT, '2025-11-02T00:00:00-04:00', 90, '2025-11-02T01:30:00-05:00'],
    ['Berlin over the spring-forward weekend', BERLIN, '2025-03-28T16:00:00+01:00', 120, '2025-03-31T10:00:00+02:00'],
    ['Berlin over the fall-back weekend', BERLIN, '2025-10-24T16:30:00+02:00', 60, '2025-10-27T09:30:00+01:00'],
    ['Santiago: Saturday night runs 3 h when midnight falls back', SANTIAGO_NIGHT, '2025-04-05T12:00:00-03:00', 150, '2025-04-05T23:30:00-04:00'],
    ['Santiago: Sunday starts at 01:00 when midnight springs forward', SANTIAGO_NIGHT, '2025-09-06T12:00:00-04:00', 150, '2025-09-07T01:30:00-03:00'],
  ])('%s', (_label, cal, start, minutes, expected) => {
    expect(iso(addBusinessMinutes(d(start), minutes, cal))).toBe(iso(d(expected)));
  });

  it('rejects negative, non-finite minutes and invalid dates', () => {
    expect(() => addBusinessMinutes(d('2025-01-06T09:00:00+08:00'), -1, DEFAULT_CALENDAR)).toThrow(RangeError);
    expect(() => addBusinessMinutes(d('2025-01-06T09:00:00+08:00'), Number.NaN, DEFAULT_CALENDAR)).toThrow(RangeError);
    expect(() => addBusinessMinutes(d('not a date'), 10, DEFAULT_CALENDAR)).toThrow('start is not a valid Date');
  });

  it('stops with a clear error when the calendar has no working time ahead', () => {
    // Valid (it has one make-up day), but that day is long past.
    const past: BusinessCalendar = {
      ...DEFAULT_CALENDAR,
      weeklyHours: [[], [], [], [], [], [], []],
      makeUpDays: [{ date: '2020-01-04', hours: DEFAULT_HOURS }],
    };
    expect(validateCalendar(past)).toEqual([]);
    expect(() => addBusinessMinutes(d('2025-01-06T09:00:00+08:00'), 60, past)).toThrow(
      'No working time in the business calendar for 3 years after 2025-01-06T01:00:00.000Z',
    );
    expect(() => deadline(d('2025-01-06T09:00:00+08:00'), 60, [], past)).toThrow(/No working time/);
  });

  it('refuses an invalid calendar instead of guessing', () => {
    const bad = { ...DEFAULT_CALENDAR, timezone: 'Mars/Olympus' };
    expect(() => addBusinessMinutes(d('2025-01-06T09:00:00+08:00'), 60, bad)).toThrow(
      'Invalid business calendar: timezone: "Mars/Olympus" is not a known IANA time zone',
    );
  });
});

describe('businessMinutesBetween', () => {
  it.each<[string, BusinessCalendar, string, string, number]>([
    ['a full default day', DEFAULT_CALENDAR, '2025-01-06T09:00:00+08:00', '2025-01-06T18:00:00+08:00', 450],
    ['midnight to midnight', DEFAULT_CALENDAR, '2025-01-06T00:00:00+08:00', '2025-01-07T00:00:00+08:00', 450],
    ['an empty range', DEFAULT_CALENDAR, '2025-01-06T10:00:00+08:00', '2025-01-06T10:00:00+08:00', 0],
    ['a reversed range', DEFAULT_CALENDAR, '2025-01-06T18:00:00+08:00', '2025-01-06T09:00:00+08:00', 0],
    ['the lunch break', DEFAULT_CALENDAR, '2025-01-06T12:00:00+08:00', '2025-01-06T13:30:00+08:00', 0],
    ['seconds either side of lunch', DEFAULT_CALENDAR, '2025-01-06T11:59:30+08:00', '2025-01-06T13:30:30+08:00', 1],
    ['over a weekend', DEFAULT_CALENDAR, '2025-01-10T17:00:00+08:00', '2025-01-13T10:00:00+08:00', 120],
    ['a weekend alone', DEFAULT_CALENDAR, '2025-01-11T00:00:00+08:00', '2025-01-13T00:00:00+08:00', 0],
    // 2025 has 261 weekdays (52 weeks and one Wednesday): 261 × 450.
    ['the whole of 2025', DEFAULT_CALENDAR, '2025-01-01T00:00:00+08:00', '2026-01-01T00:00:00+08:00', 117_450],
    ['a two-block site day', SITE, '2025-01-06T00:00:00+08:00', '2025-01-07T00:00:00+08:00', 450],
    ['a three-block day', THREE_BLOCKS, '2025-01-06T00:00:00+08:00', '2025-01-07T00:00:00+08:00', 405],
    // Mon 01-27, Wed–Fri 02-05..07 and the make-up Saturday 02-08: five days.
    ['two weeks around the festival', FESTIVAL, '2025-01-27T00:00:00+08:00', '2025-02-10T00:00:00+08:00', 2250],
    ['a make-up Sunday', FESTIVAL, '2025-01-26T00:00:00+08:00', '2025-01-27T00:00:00+08:00', 450],
    ['over New Year', FESTIVAL, '2025-12-31T17:00:00+08:00', '2026-01-02T10:00:00+08:00', 120],
    ['a half make-up Saturday', HALF_SATURDAY, '2025-01-11T00:00:00+08:00', '2025-01-12T00:00:00+08:00', 180],
    ['a seven-day hall, Fri to Mon', SEVEN_DAYS, '2025-01-10T00:00:00+08:00', '2025-01-13T00:00:00+08:00', 2160],
    ['round the clock across midnight', ROUND_THE_CLOCK, '2025-01-11T23:00:00+08:00', '2025-01-12T01:00:00+08:00', 120],
    ['New York, Fri and Mon around spring forward', NEW_YORK, '2025-03-07T00:00:00-05:00', '2025-03-11T00:00:00-04:00', 960],
    ['New York 24/7, a weekend one hour short', NEW_YORK_24_7, '2025-03-08T00:00:00-05:00', '2025-03-10T00:00:00-04:00', 2820],
    ['New York 24/7, the 25-hour Sunday', NEW_YORK_24_7, '2025-11-02T00:00:00-04:00', '2025-11-03T00:00:00-05:00', 1500],
    ['New York 01:00–03:00 when 02:00–03:00 does not exist', NEW_YORK_NIGHT, '2025-03-09T00:00:00-05:00', '2025-03-10T00:00:00-04:00', 60],
    ['New York 01:00–03:00 when 01:00–02:00 happens twice', NEW_YORK_NIGHT, '2025-11-02T00:00:00-04:00', '2025-11-03T00:00:00-05:00', 180],
    ['Berlin, Fri and Mon around spring forward', BERLIN, '2025-03-28T00:00:00+01:00', '2025-04-01T00:00:00+02:00', 960],
    ['Santiago, midnight falls back', SANTIAGO_NIGHT, '2025-04-05T12:00:00-03:00', '2025-04-06T12:00:00-04:00', 300],
    ['Santiago, midnight springs forward', SANTIAGO_NIGHT, '2025-09-06T12:00:00-04:00', '2025-09-07T12:00:00-03:00', 180],
  ])('%s', (_label, cal, from, to, expected) => {
    expect(businessMinutesBetween(d(from), d(to), cal)).toBe(expected);
  });
});

describe('isBusinessTime', () => {
  it.each<[string, BusinessCalendar, string, boolean]>([
    ['at opening', DEFAULT_CALENDAR, '2025-01-06T09:00:00+08:00', true],
    ['a second before opening', DEFAULT_CALENDAR, '2025-01-06T08:59:59+08:00', false],
    ['a second before lunch', DEFAULT_CALENDAR, '2025-01-06T11:59:59+08:00', true],
    ['at the lunch closing', DEFAULT_CALENDAR, '2025-01-06T12:00:00+08:00', false],
    ['at the afternoon opening', DEFAULT_CALENDAR, '2025-01-06T13:30:00+08:00', true],
    ['at the evening closing', DEFAULT_CALENDAR, '2025-01-06T18:00:00+08:00', false],
    ['Monday 10:00 given as Monday 02:00 UTC', DEFAULT_CALENDAR, '2025-01-06T02:00:00Z', true],
    ['Saturday', DEFAULT_CALENDAR, '2025-01-11T10:00:00+08:00', false],
    ['a holiday Tuesday', FESTIVAL, '2025-01-28T10:00:00+08:00', false],
    ['a make-up Sunday', FESTIVAL, '2025-01-26T10:00:00+08:00', true],
    ['a make-up Saturday', FESTIVAL, '2025-02-08T10:00:00+08:00', true],
    ['a half make-up Saturday afternoon', HALF_SATURDAY, '2025-01-11T14:00:00+08:00', false],
    ['a seven-day hall on Sunday', SEVEN_DAYS, '2025-01-12T10:00:00+08:00', true],
    ['New York 09:30 EDT', NEW_YORK, '2025-03-10T09:30:00-04:00', true],
    ['New York 08:30 EDT (09:30 at the old offset)', NEW_YORK, '2025-03-10T08:30:00-04:00', false],
    ['New York 01:30 EST before spring forward', NEW_YORK_NIGHT, '2025-03-09T01:30:00-05:00', true],
    ['New York 03:30 EDT after spring forward', NEW_YORK_NIGHT, '2025-03-09T03:30:00-04:00', false],
    ['New York 01:30 the second time round', NEW_YORK_NIGHT, '2025-11-02T01:30:00-05:00', true],
  ])('%s', (_label, cal, at, expected) => {
    expect(isBusinessTime(d(at), cal)).toBe(expected);
  });
});

// A case opened Monday 09:00 with a 480-minute target is due Tuesday 09:30 when never paused.
const CASE_START = '2025-01-06T09:00:00+08:00';
const p = (from: string, to: string | null): Pause => ({ from: d(from), to: to === null ? null : d(to) });

describe('deadline', () => {
  it.each<[string, Pause[], string | null]>([
    ['never paused', [], '2025-01-07T09:30:00+08:00'],
    ['paused an hour in the morning', [p('2025-01-06T10:00:00+08:00', '2025-01-06T11:00:00+08:00')], '2025-01-07T10:30:00+08:00'],
    ['paused only overnight', [p('2025-01-06T19:00:00+08:00', '2025-01-07T08:00:00+08:00')], '2025-01-07T09:30:00+08:00'],
    ['a pause starting outside hours', [p('2025-01-06T20:00:00+08:00', '2025-01-07T10:00:00+08:00')], '2025-01-07T10:30:00+08:00'],
    ['a pause over lunch counts only its working minutes (90)', [p('2025-01-06T11:00:00+08:00', '2025-01-06T14:00:00+08:00')], '2025-01-07T11:00:00+08:00'],
    [
      'overlapping pauses count once (10:00–11:30)',
      [p('2025-01-06T10:30:00+08:00', '2025-01-06T11:30:00+08:00'), p('2025-01-06T10:00:00+08:00', '2025-01-06T11:00:00+08:00')],
      '2025-01-07T11:00:00+08:00',
    ],
    [
      'a pause inside another',
      [p('2025-01-06T10:00:00+08:00', '2025-01-06T12:00:00+08:00'), p('2025-01-06T10:30:00+08:00', '2025-01-06T11:00:00+08:00')],
      '2025-01-07T11:30:00+08:00',
    ],
    ['a pause begun before the case', [p('2025-01-05T10:00:00+08:00', '2025-01-06T10:00:00+08:00')], '2025-01-07T10:30:00+08:00'],
    ['an empty pause', [p('2025-01-06T10:00:00+08:00', '2025-01-06T10:00:00+08:00')], '2025-01-07T09:30:00+08:00'],
    ['still paused before the target is used up', [p('2025-01-06T14:00:00+08:00', null)], null],
    ['still paused since the evening', [p('2025-01-06T20:00:00+08:00', null)], null],
    ['paused only after it fell due', [p('2025-01-07T10:00:00+08:00', null)], '2025-01-07T09:30:00+08:00'],
    ['paused exactly when it fell due', [p('2025-01-07T09:30:00+08:00', null)], '2025-01-07T09:30:00+08:00'],
    [
      'a closed pause, then an open one after the due time',
      [p('2025-01-07T11:00:00+08:00', null), p('2025-01-06T10:00:00+08:00', '2025-01-06T11:00:00+08:00')],
      '2025-01-07T10:30:00+08:00',
    ],
    [
      'a closed pause, then an open one before the due time',
      [p('2025-01-06T10:00:00+08:00', '2025-01-06T11:00:00+08:00'), p('2025-01-07T10:00:00+08:00', null)],
      null,
    ],
  ])('%s', (_label, pauses, expected) => {
    expect(iso(deadline(d(CASE_START), 480, pauses, DEFAULT_CALENDAR))).toBe(expected === null ? null : iso(d(expected)));
  });

  it.each<[string, BusinessCalendar, string, number, Pause[], string]>([
    // Fri loses 17:00–18:00 and Mon 09:00–09:30: 390 minutes on Friday, 90 more from Mon 09:30.
    ['a pause over the weekend', DEFAULT_CALENDAR, '2025-01-10T09:00:00+08:00', 480, [p('2025-01-10T17:00:00+08:00', '2025-01-13T09:30:00+08:00')], '2025-01-13T11:00:00+08:00'],
    // 60 on Mon 01-27, 30 paused of the 60 on Wed 02-05 morning.
    ['a pause after the festival', FESTIVAL, '2025-01-27T17:00:00+08:00', 120, [p('2025-02-05T09:00:00+08:00', '2025-02-05T09:30:00+08:00')], '2025-02-05T10:30:00+08:00'],
    ['a pause on the spring-forward Monday', NEW_YORK, '2025-03-07T16:00:00-05:00', 120, [p('2025-03-10T09:00:00-04:00', '2025-03-10T09:15:00-04:00')], '2025-03-10T10:15:00-04:00'],
    ['a zero target is due at once', DEFAULT_CALENDAR, '2025-01-11T10:00:00+08:00', 0, [], '2025-01-11T10:00:00+08:00'],
  ])('%s', (_label, cal, start, target, pauses, expected) => {
    expect(iso(deadline(d(start), target, pauses, cal))).toBe(iso(d(expected)));
  });

  it('rejects a pause that ends before it starts', () => {
    expect(() => deadline(d(CASE_START), 480, [p('2025-01-06T11:00:00+08:00', '2025-01-06T10:00:00+08:00')], DEFAULT_CALENDAR)).toThrow(
      RangeError,
    );
  });
});

describe('remainingBusinessMinutes', () => {
  it.each<[string, Pause[], string, number]>([
    ['at the start', [], '2025-01-06T09:00:00+08:00', 480],
    ['before the start', [], '2025-01-05T09:00:00+08:00', 480],
    ['an hour in', [], '2025-01-06T10:00:00+08:00', 420],
    ['in the lunch break', [], '2025-01-06T13:00:00+08:00', 300],
    ['exactly due', [], '2025-01-07T09:30:00+08:00', 0],
    ['half an hour overdue', [], '2025-01-07T10:00:00+08:00', -30],
    ['a day overdue (480 − 900)', [], '2025-01-08T09:00:00+08:00', -420],
    ['after a closed pause', [p('2025-01-06T10:00:00+08:00', '2025-01-06T11:00:00+08:00')], '2025-01-06T12:00:00+08:00', 360],
    ['during a closed pause', [p('2025-01-06T10:00:00+08:00', '2025-01-06T11:00:00+08:00')], '2025-01-06T10:30:00+08:00', 420],
    ['still paused since 10:00', [p('2025-01-06T10:00:00+08:00', null)], '2025-01-07T15:00:00+08:00', 420],
    ['paused since 17:00, read next morning (480 − 390)', [p('2025-01-06T17:00:00+08:00', null)], '2025-01-07T09:00:00+08:00', 90],
  ])('%s', (_label, pauses, now, expected) => {
    expect(remainingBusinessMinutes(d(CASE_START), 480, pauses, d(now), DEFAULT_CALENDAR)).toBe(expected);
  });
});

describe('validateCalendar', () => {
  const with_ = (patch: Record<string, unknown>) => ({ ...DEFAULT_CALENDAR, ...patch });
  const monday = (...hours: unknown[]) => with_({ weeklyHours: [[], hours, [], [], [], [], []] });

  it.each<[string, unknown, string[]]>([
    ['the default calendar', DEFAULT_CALENDAR, []],
    ['the festival fixture', FESTIVAL, []],
    ['a New York calendar', NEW_YORK_NIGHT, []],
    ['touching intervals and 24:00', monday(iv('00:00', '12:00'), iv('12:00', '24:00')), []],
    ['not an object', 'Mon–Fri', ['calendar: must be an object']],
    ['an unknown zone', with_({ timezone: 'Asia/Shanghia' }), ['timezone: "Asia/Shanghia" is not a known IANA time zone']],
    ['a missing zone', with_({ timezone: undefined }), ['timezone: undefined is not a known IANA time zone']],
    ['five weekdays only', with_({ weeklyHours: [[], [], [], [], []] }), ['weeklyHours: must list 7 days, Sunday first; got 5 entries']],
    ['a start without a leading zero', monday(iv('9:00', '12:00')), ['weeklyHours[1][0]: start "9:00" is not a time HH:mm from 00:00 to 23:59']],
    ['a start at 24:00', monday(iv('24:00', '24:00')), ['weeklyHours[1][0]: start "24:00" is not a time HH:mm from 00:00 to 23:59']],
    ['an end at 25:00', monday(iv('09:00', '25:00')), ['weeklyHours[1][0]: end "25:00" is not a time HH:mm from 00:01 to 24:00']],
    ['an end before the start', monday(iv('13:00', '12:00')), ['weeklyHours[1][0]: end 12:00 must be later than start 13:00']],
    ['an empty interval', monday(iv('09:00', '09:00')), ['weeklyHours[1][0]: end 09:00 must be later than start 09:00']],
    ['overlapping intervals, listed out of order', monday(iv('11:00', '14:00'), iv('09:00', '12:00')), ['weeklyHours[1]: 09:00–12:00 overlaps 11:00–14:00']],
    ['an interval that is not an object', monday('09:00-12:00'), [
      'weeklyHours[1][0]: start undefined is not a time HH:mm from 00:00 to 23:59',
      'weeklyHours[1][0]: end undefined is not a time HH:mm from 00:01 to 24:00',
    ]],
    ['February 30th', with_({ holidays: ['2025-02-30'] }), ['holidays[0]: "2025-02-30" is not a date YYYY-MM-DD']],
    ['29 February in a leap year', with_({ holidays: ['2024-02-29'] }), []],
    ['29 February in a common year, month 0, 31 April', with_({ holidays: ['2025-02-29', '2025-00-10', '2025-04-31'] }), [
      'holidays[0]: "2025-02-29" is not a date YYYY-MM-DD',
      'holidays[1]: "2025-00-10" is not a date YYYY-MM-DD',
      'holidays[2]: "2025-04-31" is not a date YYYY-MM-DD',
    ]],
    ['a date with slashes', with_({ holidays: ['2025-10-01', '2025/10/02'] }), ['holidays[1]: "2025/10/02" is not a date YYYY-MM-DD']],
    ['a make-up day that is also a holiday', with_({ holidays: ['2025-01-26'], makeUpDays: [{ date: '2025-01-26', hours: DEFAULT_HOURS }] }), [
      'makeUpDays[0]: 2025-01-26 is also listed as a holiday',
    ]],
    ['a make-up day listed twice', with_({ makeUpDays: [{ date: '2025-01-26', hours: DEFAULT_HOURS }, { date: '2025-01-26', hours: [iv('09:00', '12:00')] }] }), [
      'makeUpDays[1]: 2025-01-26 is listed twice',
    ]],
    ['a make-up day without hours', with_({ makeUpDays: [{ date: '2025-02-08', hours: [] }] }), [
      'makeUpDays[0]: has no working hours (list it as a holiday instead)',
    ]],
    ['a make-up day with a bad date and bad hours', with_({ makeUpDays: [{ date: '2025-13-01', hours: [iv('18:00', '09:00')] }] }), [
      'makeUpDays[0]: "2025-13-01" is not a date YYYY-MM-DD',
      'makeUpDays[0].hours[0]: end 09:00 must be later than start 18:00',
      'makeUpDays[0]: has no working hours (list it as a holiday instead)',
    ]],
    ['no working time at all', with_({ weeklyHours: [[], [], [], [], [], [], []] }), [
      'weeklyHours: no working hours on any weekday and no make-up days; deadlines could never fall due',
    ]],
  ])('%s', (_label, cal, expected) => {
    expect(validateCalendar(cal)).toEqual(expected);
  });
});

describe('DEFAULT_CALENDAR', () => {
  it('is frozen, so no caller can change every organisation\'s hours by accident', () => {
    expect(Object.isFrozen(DEFAULT_CALENDAR)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CALENDAR.weeklyHours[1][0])).toBe(true);
    expect(() => (DEFAULT_CALENDAR.holidays as string[]).push('2025-10-01')).toThrow(TypeError);
  });
});

describe('agreement between the functions', () => {
  const calendars = [DEFAULT_CALENDAR, FESTIVAL, NEW_YORK, NEW_YORK_NIGHT, SANTIAGO_NIGHT, THREE_BLOCKS];
  const from2025 = Date.UTC(2024, 11, 20);
  const instantIn2025 = fc.integer({ min: from2025, max: Date.UTC(2026, 0, 10) }).map((t) => new Date(t));
  const cal = fc.constantFrom(...calendars);

  it('adding the minutes between two instants comes back to the first business instant', () => {
    fc.assert(
      fc.property(cal, instantIn2025, fc.integer({ min: 0, max: 20_000 }), (c, start, minutes) => {
        const due = addBusinessMinutes(start, minutes, c);
        expect(businessMinutesBetween(start, due, c)).toBe(minutes);
      }),
    );
  });

  it('minutes between are additive', () => {
    fc.assert(
      fc.property(cal, instantIn2025, instantIn2025, instantIn2025, (c, x, y, z) => {
        const [a, b, e] = [x, y, z].sort((m, n) => m.getTime() - n.getTime());
        expect(businessMinutesBetween(a, b, c) + businessMinutesBetween(b, e, c)).toBeCloseTo(businessMinutesBetween(a, e, c), 9);
      }),
    );
  });

  it('an instant is business time exactly when the millisecond after it counts', () => {
    fc.assert(
      fc.property(cal, instantIn2025, (c, at) => {
        const counts = businessMinutesBetween(at, new Date(at.getTime() + 1), c) > 0;
        expect(isBusinessTime(at, c)).toBe(counts);
      }),
    );
  });

  it('nothing is left at the deadline', () => {
    fc.assert(
      fc.property(
        cal,
        instantIn2025,
        fc.integer({ min: 0, max: 5_000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 14 * 86_400_000 }), fc.integer({ min: 0, max: 3 * 86_400_000 })), { maxLength: 4 }),
        (c, start, target, spans) => {
          const pauses = spans.map(([offset, length]) => ({
            from: new Date(start.getTime() + offset),
            to: new Date(start.getTime() + offset + length),
          }));
          const due = deadline(start, target, pauses, c)!;
          expect(remainingBusinessMinutes(start, target, pauses, due, c)).toBe(0);
        },
      ),
    );
  });
});
