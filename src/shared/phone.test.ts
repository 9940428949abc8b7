import { describe, expect, it } from 'vitest';
import { maskName, maskPhone, normalizePhone } from './phone.js';

describe('normalizePhone', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['021-61234567', '021-61234567'],
    ['02061234567', '020-61234567'],
    ['010 8888 6666', '010-88886666'],
    ['0571-87654321', '0571-87654321'],
    ['0755 2345678', '0755-2345678'],
    ['+852 9123 4567', '+85291234567'],
    ['852-2345-6789', '+85223456789'],
    ['0912-345-678', '+886912345678'],
    ['+886 2 2345 6789', '+886223456789'],
  ])('%s → %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it.each(['12345', '1381234567', '23812345678', 'abc', '', '0912'])('rejects %s', (input) => {
    expect(normalizePhone(input)).toBeNull();
  });

  it('is idempotent on what it returns', () => {
    for (const n of ['13812345678', '021-61234567', '+85291234567', '+886912345678']) expect(normalizePhone(n)).toBe(n);
  });
});

describe('masking', () => {
  it('keeps the prefix and the last four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('021-61234567')).toBe('021-****4567');
  });
  it('masks Chinese and Latin names', () => {
    expect(maskName('张伟')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('Alex Chen')).toBe('A*** C***');
  });
});
