import { describe, expect, it } from 'vitest';
import { type Cadence, dueWindow, isLeapYear, isoWeek, localDate, nextOccurrences, occurrence, occurrencesBetween, parseDate, periodKey } from './cadence.js';

describe('leap years', () => {
  it.each([
    [2024, true],
    [2025, false],
    [2100, false],
    [2000, true],
    [1900, false],
    [2400, true],
  ])('%i leap = %s', (year, leap) => expect(isLeapYear(year)).toBe(leap));

  it.each(['2024-02-29', '2000-02-29'])('%s is a date', (d) => expect(parseDate(d)).not.toBeNull());
  it.each(['2100-02-29', '2025-02-29', '2026-04-31', '2026-13-01', '2026-1-01', '26-01-01'])('%s is not', (d) => expect(parseDate(d)).toBeNull());
});

describe('occurrences keep the start day, clamped to short months', () => {
  const table: [string, Cadence, string[]][] = [
    // 31 Jan → 29 Feb (leap) → 31 Mar: the clamp does not drift
    ['2024-01-31', 'monthly', ['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30', '2024-05-31', '2024-06-30']],
    ['2025-01-31', 'monthly', ['2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30']],
    // 2100 is not a leap year, 2000 is
    ['2100-01-31', 'monthly', ['2100-01-31', '2100-02-28', '2100-03-31']],
    ['2000-01-31', 'monthly', ['2000-01-31', '2000-02-29', '2000-03-31']],
    ['2024-01-30', 'monthly', ['2024-01-30', '2024-02-29', '2024-03-30']],
    ['2024-01-29', 'monthly', ['2024-01-29', '2024-02-29', '2024-03-29']],
    // across the year end
    ['2025-11-30', 'monthly', ['2025-11-30', '2025-12-30', '2026-01-30', '2026-02-28', '2026-03-30']],
    ['2025-11-30', 'quarterly', ['2025-11-30', '2026-02-28', '2026-05-30', '2026-08-30', '2026-11-30']],
    ['2023-11-30', 'quarterly', ['2023-11-30', '2024-02-29', '2024-05-30']],
    ['2024-08-31', 'half_yearly', ['2024-08-31', '2025-02-28', '2025-08-31', '2026-02-28']],
    ['2099-08-31', 'half_yearly', ['2099-08-31', '2100-02-28', '2100-08-31']],
    ['1999-08-31', 'half_yearly', ['1999-08-31', '2000-02-29', '2000-08-31']],
    // 29 Feb each year: 28 Feb in common years, back to 29 in the next leap year
    ['2024-02-29', 'yearly', ['2024-02-29', '2025-02-28', '2026-02-28', '2027-02-28', '2028-02-29']],
    ['2096-02-29', 'yearly', ['2096-02-29', '2097-02-28', '2098-02-28', '2099-02-28', '2100-02-28', '2101-02-28', '2102-02-28', '2103-02-28', '2104-02-29']],
    ['1996-02-29', 'yearly', ['1996-02-29', '1997-02-28', '1998-02-28', '1999-02-28', '2000-02-29']],
    // weekly: 7 days, across month ends and 29 Feb
    ['2024-02-22', 'weekly', ['2024-02-22', '2024-02-29', '2024-03-07']],
    ['2100-02-22', 'weekly', ['2100-02-22', '2100-03-01', '2100-03-08']],
    ['2025-12-25', 'weekly', ['2025-12-25', '2026-01-01', '2026-01-08']],
  ];
  it.each(table)('%s %s', (start, cadence, expected) => {
    expect(expected.map((_, n) => occurrence(start, cadence, n))).toEqual(expected);
  });
});

describe('period keys', () => {
  const table: [string, Cadence, string][] = [
    ['2026-11-26', 'weekly', '2026-W48'],
    ['2026-11-26', 'monthly', '2026-11'],
    ['2026-11-26', 'quarterly', '2026-Q4'],
    ['2026-11-26', 'half_yearly', '2026-H2'],
    ['2026-11-26', 'yearly', '2026'],
    ['2026-06-30', 'half_yearly', '2026-H1'],
    ['2026-07-01', 'half_yearly', '2026-H2'],
    ['2026-03-31', 'quarterly', '2026-Q1'],
    ['2026-04-01', 'quarterly', '2026-Q2'],
    // ISO weeks at year ends: the week belongs to the year of its Thursday
    ['2024-12-30', 'weekly', '2025-W01'],
    ['2021-01-03', 'weekly', '2020-W53'],
    ['2026-01-01', 'weekly', '2026-W01'],
    ['2027-01-01', 'weekly', '2026-W53'],
    ['2100-12-31', 'weekly', '2100-W52'],
    ['2000-02-29', 'weekly', '2000-W09'],
  ];
  it.each(table)('%s %s → %s', (date, cadence, key) => expect(periodKey(date, cadence)).toBe(key));

  it('ISO week of 2020-12-31 is week 53 of 2020', () => expect(isoWeek('2020-12-31')).toEqual({ year: 2020, week: 53 }));

  it.each<[string, Cadence]>([
    ['2024-01-31', 'monthly'],
    ['2023-11-30', 'quarterly'],
    ['2024-08-31', 'half_yearly'],
    ['2024-02-29', 'yearly'],
    ['2020-12-28', 'weekly'],
  ])('each period of %s %s holds one occurrence', (start, cadence) => {
    const keys = Array.from({ length: 120 }, (_, n) => periodKey(occurrence(start, cadence, n), cadence));
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('windows', () => {
  it('lists the occurrences inside a window, inclusive', () => {
    expect(occurrencesBetween('2024-01-31', 'monthly', '2024-02-01', '2024-03-31')).toEqual([
      { date: '2024-02-29', period: '2024-02' },
      { date: '2024-03-31', period: '2024-03' },
    ]);
    expect(occurrencesBetween('2024-01-31', 'monthly', '2024-03-01', '2024-03-30')).toEqual([]);
    // a window before the start holds nothing; one that starts before it begins at the start
    expect(occurrencesBetween('2026-06-15', 'weekly', '2026-05-01', '2026-06-10')).toEqual([]);
    expect(occurrencesBetween('2026-06-15', 'weekly', '2026-05-01', '2026-06-22').map((o) => o.date)).toEqual(['2026-06-15', '2026-06-22']);
    expect(occurrencesBetween('2020-01-06', 'weekly', '2026-11-23', '2026-11-30').map((o) => o.period)).toEqual(['2026-W48', '2026-W49']);
  });

  it('agrees with stepping one by one, far from the start', () => {
    for (const cadence of ['weekly', 'monthly', 'quarterly', 'half_yearly', 'yearly'] as const) {
      const all = Array.from({ length: 400 }, (_, n) => occurrence('2001-03-31', cadence, n));
      const from = all[150];
      const to = all[153];
      expect(occurrencesBetween('2001-03-31', cadence, from, to).map((o) => o.date)).toEqual(all.slice(150, 154));
    }
  });

  it('previews the next occurrences from a day', () => {
    expect(nextOccurrences('2024-01-31', 'monthly', '2024-02-15', 3).map((o) => o.date)).toEqual(['2024-02-29', '2024-03-31', '2024-04-30']);
    expect(nextOccurrences('2026-12-01', 'quarterly', '2026-01-01', 2).map((o) => o.date)).toEqual(['2026-12-01', '2027-03-01']);
  });
});

describe('due times in the organisation time zone', () => {
  it('opens at 09:00 local and is overdue after the grace days', () => {
    const { dueAt, deadlineAt } = dueWindow('2026-03-31', 'monthly', 'Asia/Shanghai');
    expect(dueAt.toISOString()).toBe('2026-03-31T01:00:00.000Z');
    // monthly: three grace days, to the end of 3 April local time
    expect(deadlineAt.toISOString()).toBe('2026-04-03T15:59:59.000Z');
    expect(localDate(deadlineAt, 'Asia/Shanghai')).toBe('2026-04-03');
  });

  it('follows daylight saving time', () => {
    // New York moves to summer time on 8 March 2026
    expect(dueWindow('2026-03-08', 'weekly', 'America/New_York').dueAt.toISOString()).toBe('2026-03-08T13:00:00.000Z');
    expect(dueWindow('2026-03-07', 'weekly', 'America/New_York').dueAt.toISOString()).toBe('2026-03-07T14:00:00.000Z');
  });
});
