/**
 * Phone numbers as customers in mainland China, Hong Kong and Taiwan write them.
 * Stored normalised so that the same customer is found however the number was typed:
 * mainland mobile `13812345678`, mainland landline `021-12345678`, HK `+85291234567`, TW `+886912345678`.
 */
const MAINLAND_MOBILE = /^(?:\+?86)?(1[3-9]\d{9})$/;
// Beijing (010) and the 02x cities have three-digit area codes; every other area code has four.
const MAINLAND_LANDLINE = /^(?:\+?86)?(0(?:10|2\d)|0[3-9]\d{2})(\d{7,8})$/;
const HONG_KONG = /^(?:\+?852)([2-9]\d{7})$/;
const TAIWAN_MOBILE = /^(?:\+?886|0)(9\d{8})$/;
const TAIWAN_LANDLINE = /^(?:\+?886)([2-8]\d{7,8})$/;

/** Returns the normalised number, or null when it is not a number we can call. */
export function normalizePhone(input: string): string | null {
  const compact = input.replace(/[\s\-()（）]/g, '');
  let m = MAINLAND_MOBILE.exec(compact);
  if (m) return m[1];
  m = TAIWAN_MOBILE.exec(compact);
  if (m) return `+886${m[1]}`;
  m = HONG_KONG.exec(compact);
  if (m) return `+852${m[1]}`;
  m = TAIWAN_LANDLINE.exec(compact);
  if (m) return `+886${m[1]}`;
  m = MAINLAND_LANDLINE.exec(compact);
  if (m) return `${m[1]}-${m[2]}`;
  return null;
}

/** 13812345678 → 138****5678; keeps enough to recognise a number on the phone, not to dial it. */
export function maskPhone(phone: string): string {
  if (phone.length <= 7) return phone.slice(0, 2) + '*'.repeat(Math.max(phone.length - 2, 0));
  return phone.slice(0, phone.length - 8) + '****' + phone.slice(-4);
}

/** 张伟 → 张*; 欧阳娜娜 → 欧**娜; Alex Chen → A*** C***. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return name;
  if (/^[\p{Script=Han}]+$/u.test(name.trim())) {
    if (chars.length === 2) return chars[0] + '*';
    return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
  }
  return name
    .split(/\s+/)
    .map((w) => (w ? w[0] + '*'.repeat(Math.max(w.length - 1, 0)) : w))
    .join(' ');
}
