import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../shared/phone.js';
import { frontDeskNumber, GIVEN_PINYIN, givenNameCharacters, landlineNumber, mobileNumber, personalEmail, personName } from './names.js';
import { createRng } from './random.js';
import { createLocalClock } from './time.js';

describe('demo names and numbers', () => {
  it('has pinyin for every character a given name can contain', () => {
    expect(givenNameCharacters().filter((c) => !GIVEN_PINYIN[c])).toEqual([]);
  });

  it('draws the commonest surnames most often, and Cantonese surnames more in the south', () => {
    const count = (region: 'east' | 'south', surname: string) => {
      const rng = createRng(1);
      let n = 0;
      for (let i = 0; i < 20_000; i++) if (personName(rng, { region, generation: 'middle' }).surname === surname) n++;
      return n / 20_000;
    };
    // 王 is about 7 % nationally; 梁 under 1 % but far more common in Guangdong.
    expect(count('east', '王')).toBeGreaterThan(0.05);
    expect(count('east', '梁')).toBeLessThan(0.012);
    expect(count('south', '梁')).toBeGreaterThan(count('east', '梁') * 1.5);
  });

  it('gives one- and two-character given names with pinyin', () => {
    const rng = createRng(2);
    const lengths = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const p = personName(rng, { region: 'east', generation: 'younger' });
      lengths.add([...p.given].length);
      expect(p.name).toBe(p.surname + p.given);
      expect(p.givenPinyin).toMatch(/^[a-z]+$/);
      expect(personalEmail(rng, p)).toMatch(/^[a-z0-9._]+@example\.(com|net|org)$/);
    }
    expect([...lengths].sort()).toEqual([1, 2]);
  });

  it('makes mobile numbers with real mainland prefixes, already normalised', () => {
    const rng = createRng(3);
    for (let i = 0; i < 2_000; i++) {
      const m = mobileNumber(rng);
      expect(m).toMatch(/^1(3\d|5[0-35-9]|7[013-8]|8\d|9[135689])\d{8}$/);
      expect(normalizePhone(m)).toBe(m);
    }
  });

  it('writes landlines with area code and an eight-digit number', () => {
    const rng = createRng(4);
    expect(frontDeskNumber(rng, '021')).toMatch(/^021-6\d{7}$/);
    expect(landlineNumber(rng, '0755')).toMatch(/^0755-[2-8]\d{7}$/);
    expect(normalizePhone(landlineNumber(rng, '0571'))).toMatch(/^0571-[2-8]\d{7}$/);
  });
});

describe('demo randomness', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
  });

  it('forks streams that do not depend on draws made from the parent', () => {
    const a = createRng(42);
    const b = createRng(42);
    b.next();
    b.next();
    expect(a.fork('customers').next()).toBe(b.fork('customers').next());
    expect(a.fork('customers').next()).not.toBe(a.fork('staff').next());
  });
});

describe('demo local clock', () => {
  it('turns office hours in the organisation zone into UTC', () => {
    const now = new Date('2026-11-23T10:00:00Z');
    expect(createLocalClock('Asia/Shanghai', now).at(1, 9 * 60)).toBe('2026-11-22T01:00:00.000Z');
    // New York is on EST in November and on EDT in July.
    const ny = createLocalClock('America/New_York', now);
    expect(ny.at(0, 9 * 60)).toBe('2026-11-23T14:00:00.000Z');
    expect(ny.at(140, 9 * 60)).toBe('2026-07-06T13:00:00.000Z');
    expect(createLocalClock('Asia/Shanghai', now).weekday(1)).toBe(0);
    expect(() => createLocalClock('Mars/Olympus', now)).toThrow();
  });
});
