import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from '../src/shared/audit.js';
import { ERROR_STATUS } from '../src/shared/errors.js';
import { CUSTOMER_TIERS, LOCALES, ROLES, SITE_KINDS } from '../src/shared/roles.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/shared/i18n');
type Tree = { [key: string]: string | Tree };
const files = Object.fromEntries(LOCALES.map((l) => [l, JSON.parse(fs.readFileSync(path.join(dir, `${l}.json`), 'utf8')) as Tree]));

/** Every leaf as `a.b.c` → value. */
function flatten(tree: Tree, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object') for (const [k, v] of flatten(value, name)) out.set(k, v);
    else out.set(name, value);
  }
  return out;
}
const flat = Object.fromEntries(LOCALES.map((l) => [l, flatten(files[l])]));

/** `{{name}}` placeholders of a text, sorted. */
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('locale files', () => {
  it('have one file per locale and a few hundred keys', () => {
    expect(Object.keys(files)).toEqual(['zh-CN', 'zh-TW', 'en-US']);
    expect(flat['zh-CN'].size).toBeGreaterThan(200);
  });

  it.each(LOCALES.filter((l) => l !== 'zh-CN'))('%s has exactly the keys of zh-CN', (locale) => {
    expect([...flat[locale].keys()].sort()).toEqual([...flat['zh-CN'].keys()].sort());
  });

  it.each(LOCALES)('%s has a non-empty string for every key', (locale) => {
    const bad = [...flat[locale]].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k);
    expect(bad).toEqual([]);
  });

  it.each(LOCALES.filter((l) => l !== 'zh-CN'))('%s uses the same {{placeholders}} as zh-CN', (locale) => {
    const differing = [...flat['zh-CN']]
      .filter(([key, value]) => placeholders(String(value)).join() !== placeholders(String(flat[locale].get(key))).join())
      .map(([key]) => key);
    expect(differing).toEqual([]);
  });

  it('translates every error code the API can answer with', () => {
    for (const locale of LOCALES) {
      for (const code of Object.keys(ERROR_STATUS)) expect(flat[locale].get(`errors.${code}`), `${locale} errors.${code}`).toBeTruthy();
    }
  });

  it('translates the field problems the API reports', () => {
    const codes = ['required', 'too_small', 'too_big', 'invalid_format', 'invalid_type', 'invalid_value', 'invalid_phone', 'code_format', 'username_format', 'duplicate', 'not_found', 'wrong_password', 'same_password'];
    for (const locale of LOCALES) {
      for (const code of codes) expect(flat[locale].get(`errors.validation.${code}`), `${locale} errors.validation.${code}`).toBeTruthy();
    }
  });

  it('names every action and kind of record the audit trail records', () => {
    for (const locale of LOCALES) {
      for (const action of AUDIT_ACTIONS) expect(flat[locale].get(`audit.actions.${action}`), `${locale} audit.actions.${action}`).toBeTruthy();
      for (const entity of AUDIT_ENTITIES) expect(flat[locale].get(`audit.entities.${entity}`), `${locale} audit.entities.${entity}`).toBeTruthy();
    }
  });

  it('names every role, customer tier, site kind and language', () => {
    for (const locale of LOCALES) {
      for (const role of ROLES) expect(flat[locale].get(`roles.${role}`), `${locale} roles.${role}`).toBeTruthy();
      for (const tier of CUSTOMER_TIERS) expect(flat[locale].get(`tiers.${tier}`)).toBeTruthy();
      for (const kind of SITE_KINDS) expect(flat[locale].get(`siteKinds.${kind}`)).toBeTruthy();
      for (const l of LOCALES) expect(flat[locale].get(`languages.${l}`)).toBeTruthy();
    }
  });

  it('zh-TW is Traditional Chinese, not a copy of zh-CN', () => {
    const cn = flat['zh-CN'];
    const tw = flat['zh-TW'];
    const same = [...cn.keys()].filter((k) => /[\u4e00-\u9fff]/.test(String(cn.get(k))) && cn.get(k) === tw.get(k));
    const chinese = [...cn.keys()].filter((k) => /[\u4e00-\u9fff]/.test(String(cn.get(k))));
    // Short words such as 操作 or 姓名 are written the same in both scripts; most texts are not.
    expect(same.length / chinese.length).toBeLessThan(0.3);
    expect(tw.get('nav.customers')).toBe('客戶');
    expect(tw.get('auth.password')).toBe('密碼');
  });

  it('en-US contains no Chinese except the language names', () => {
    const chinese = [...flat['en-US']].filter(([k, v]) => !k.startsWith('languages.') && /[\u4e00-\u9fff]/.test(String(v))).map(([k]) => k);
    expect(chinese).toEqual([]);
  });
});

describe('the web app', () => {
  const webDir = path.resolve(dir, '../../web');
  const sources = (function walk(d: string): string[] {
    return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(d, e.name)] : []));
  })(webDir);

  it('only asks for keys that exist', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const file of sources) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.-]+)'/g)) {
        checked += 1;
        if (!flat['zh-CN'].has(m[1])) missing.push(`${path.relative(webDir, file)}: ${m[1]}`);
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  it('leaves no console.log behind', () => {
    const offenders = sources.filter((file) => /console\.log\(/.test(fs.readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
