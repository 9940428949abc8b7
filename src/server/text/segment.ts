// Chinese text normalisation, word segmentation and full-text index tokens.
//
// Search design (why not index jieba words): the index holds every Han character and every
// overlapping Han bigram, plus whole Latin/digit runs. A query is cut by jieba into words and each
// word becomes its bigrams (or itself when it is one character). A document therefore matches
// whenever it contains each query word contiguously, whatever jieba would have made of the
// document: 电梯又坏了 is one jieba word 又坏了, yet a search for 坏了 must find it. The index also
// does not depend on the dictionary, so adding domain words to jieba later never forces a
// re-index of a million cases, and indexing skips jieba entirely (it is the slowest step).
import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';
import * as OpenCC from 'opencc-js/core';
import * as Locale from 'opencc-js/preset';

let jieba: Jieba | undefined;

/** The shared jieba instance with the bundled dictionary, built on first use. */
export function getJieba(): Jieba {
  if (!jieba) {
    // Required lazily: building the dictionary takes a few hundred milliseconds and the dict
    // module reads ~11 MB at import, which modules that only normalise text should not pay for.
    const require = createRequire(import.meta.url);
    const { Jieba: JiebaClass } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict.js') as typeof import('@node-rs/jieba/dict.js');
    jieba = JiebaClass.withDict(dict);
  }
  return jieba;
}

let toSimplified: ((s: string) => string) | undefined;

function convertToSimplified(s: string): string {
  // Taiwan and Hong Kong variant forms first (著急 → 着急), then Traditional → Simplified.
  toSimplified ??= OpenCC.ConverterFactory(Locale.from.tw, Locale.from.hk, Locale.to.cn);
  return toSimplified(s);
}

const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/g;
const UPPER_OR_NON_ASCII = /[A-Z\u0080-\uFFFF]/;
const NON_ASCII = /[\u0080-\uFFFF]/;

function halfWidth(c: string): string {
  return c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0);
}

/** Full-width → half-width ASCII, lower-case Latin, Traditional → Simplified Chinese. */
export function normalizeText(s: string): string {
  if (!s) return '';
  if (!UPPER_OR_NON_ASCII.test(s)) return s;
  const out = s.replace(FULL_WIDTH, halfWidth).toLowerCase();
  return NON_ASCII.test(out) ? convertToSimplified(out) : out;
}

// A Han run, or a run of other letters/digits (Latin, digits, kana...), never both.
const RUN = /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}\p{M}])+)/gu;
const WORDLIKE = /[\p{L}\p{N}]/u;

/** Words of the text (jieba precise mode with HMM, on normalised text), without punctuation or spaces. */
export function segmentWords(s: string): string[] {
  const norm = normalizeText(s);
  if (!norm) return [];
  const out: string[] = [];
  for (const w of getJieba().cut(norm, true)) {
    const t = w.trim();
    if (t && WORDLIKE.test(t)) out.push(t);
  }
  return out;
}

function addHanGrams(run: string, into: Set<string>): void {
  const chars = Array.from(run);
  for (let i = 0; i < chars.length; i++) {
    into.add(chars[i]);
    if (i + 1 < chars.length) into.add(chars[i] + chars[i + 1]);
  }
}

/** Tokens for a full-text index column: space-separated, deduplicated Han unigrams and bigrams and Latin/digit runs. */
export function searchTokens(s: string): string {
  const norm = normalizeText(s);
  if (!norm) return '';
  const tokens = new Set<string>();
  for (const m of norm.matchAll(RUN)) {
    if (m[1] !== undefined) addHanGrams(m[1], tokens);
    else tokens.add(m[2]);
  }
  return [...tokens].join(' ');
}

// Function characters dropped from a query when it has other tokens: requiring them would only
// lose documents (楼上漏水到我家 should find 楼上漏水漏进我家). Negations 不/没 are kept.
const QUERY_STOP_CHARS = new Set(
  Array.from('的了在是我你他她它们有和与及或就也都又还被把让给到从对向很太呢吗吧啊呀哦么这那个之而并且'),
);

function hanBigrams(word: string): string[] {
  const chars = Array.from(word);
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  return out;
}

interface QueryWord {
  word: string;
  han: boolean;
}

function queryWords(q: string): QueryWord[] {
  const norm = normalizeText(q);
  const words: QueryWord[] = [];
  for (const m of norm.matchAll(RUN)) {
    if (m[1] !== undefined) {
      for (const w of getJieba().cut(m[1], true)) words.push({ word: w, han: true });
    } else {
      words.push({ word: m[2], han: false });
    }
  }
  const isStop = (w: QueryWord) => w.han && QUERY_STOP_CHARS.has(w.word);
  return words.some((w) => !isStop(w)) ? words.filter((w) => !isStop(w)) : words;
}

/** Tokens of a user query to AND together against a searchTokens column (same vocabulary). */
export function queryTokens(q: string): string[] {
  const out = new Set<string>();
  for (const { word, han } of queryWords(q)) {
    if (han) for (const g of hanBigrams(word)) out.add(g);
    else out.add(word);
  }
  return [...out];
}

/** normalizeText that keeps every UTF-16 offset, so a match in the result is the same span of the input. */
export function normalizeTextAligned(text: string): string {
  const whole = normalizeText(text);
  if (whole.length === text.length) return whole;
  // Rare: some conversion changed the length. Normalise code point by code point so offsets
  // into the normalised string stay offsets into the original.
  let out = '';
  for (const ch of text) {
    const n = normalizeText(ch);
    out += n.length === ch.length ? n : ch;
  }
  return out;
}

/** Where the query's words occur in the original text, as merged [start, end) UTF-16 offsets, for highlighting. */
export function highlightRanges(text: string, q: string): Array<[number, number]> {
  if (!text || !q) return [];
  const norm = normalizeTextAligned(text);
  const ranges: Array<[number, number]> = [];
  const find = (term: string): boolean => {
    let found = false;
    for (let i = norm.indexOf(term); i !== -1 && term; i = norm.indexOf(term, i + term.length)) {
      ranges.push([i, i + term.length]);
      found = true;
    }
    return found;
  };
  for (const { word, han } of queryWords(q)) {
    // A long word the document holds only in pieces still matched through its bigrams.
    if (!find(word) && han) for (const g of hanBigrams(word)) find(g);
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}
