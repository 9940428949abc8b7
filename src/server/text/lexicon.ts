// Negative-wording lexicon for the dissatisfaction ladder. Terms are written in Simplified Chinese
// and matched on normalised text, so Traditional input (投訴, 態度) finds them too; every match is
// reported as the exact span of the caller's original text, because staff read it as the reason
// a case moved up the ladder.
import { normalizeText, normalizeTextAligned } from './segment.js';

/** What kind of signal a lexicon term is. */
export type SentimentCategory = 'dissatisfaction' | 'escalation' | 'repeat' | 'delay' | 'urgency';

/** One lexicon entry: a literal term, or a pattern (Simplified Chinese, lower-case Latin). */
export interface LexiconEntry {
  term: string | RegExp;
  category: SentimentCategory;
  weight: number;
}

/** One signal found in a text: the original substring, where it is, and what it counts for. */
export interface SentimentMatch {
  term: string;
  category: SentimentCategory;
  weight: number;
  start: number;
  end: number;
}

/** The result of scanning a text: total weight, ladder level and the signals behind it. */
export interface SentimentResult {
  score: number;
  level: 'none' | 'mild' | 'strong';
  matches: SentimentMatch[];
}

const d = (weight: number, ...terms: Array<string | RegExp>): LexiconEntry[] =>
  terms.map((term) => ({ term, category: 'dissatisfaction', weight }));
const e = (weight: number, ...terms: Array<string | RegExp>): LexiconEntry[] =>
  terms.map((term) => ({ term, category: 'escalation', weight }));
const r = (weight: number, ...terms: Array<string | RegExp>): LexiconEntry[] =>
  terms.map((term) => ({ term, category: 'repeat', weight }));
const w = (weight: number, ...terms: Array<string | RegExp>): LexiconEntry[] =>
  terms.map((term) => ({ term, category: 'delay', weight }));
const u = (weight: number, ...terms: Array<string | RegExp>): LexiconEntry[] =>
  terms.map((term) => ({ term, category: 'urgency', weight }));

const NUM = '[一二两三四五六七八九十几多好半0-9]';

/** The built-in lexicon; organisations may extend it through buildLexicon. */
export const DEFAULT_LEXICON: readonly LexiconEntry[] = [
  // Expressed dissatisfaction: complaints about the experience, still talking to us.
  ...d(1, '不满意', '不满', '太慢', '好慢', '很慢', '慢死了', '怎么还没', '怎么还不', '为什么还没', '为什么还不', '到底什么时候',
    '失望', '很差', '太差', '真差', '差劲', '不靠谱', '不合理', '不专业', '不负责', '不像话', '敷衍', '没完没了',
    '糊弄', '拖延', '拖拉', '推诿', '推脱', '推卸', '扯皮', '踢皮球', '不耐烦', '爱理不理', '不理不睬', '没人理', '没人管',
    '没人回复', '没人接', '打不通', '没有下文', '石沉大海', '不了了之', '说法不一', '互相推', '烦死了', '受够了',
    '无语', '郁闷', '生气', '气愤', '不好用', '质量太差', '乱收费', '多收', '坑人', '吃亏', '凭什么', '有没有人管',
    /[?？]{2,}/, /[!！]{2,}/),
  ...d(2, '恶劣', '忍无可忍', '太过分', '欺骗', '骗人', '忽悠', '霸王条款', '垃圾物业', '什么态度', '骂人', '威胁',
    '无法忍受', '欺负', '强制', '黑心'),
  // Escalation beyond us: the last rung before (or the sign of) a formal complaint.
  ...e(3, '投诉', '举报', '差评', '退费', '退款', '赔偿', '索赔', '赔钱', '12345', '12315', '市长热线', '消协', '消费者协会',
    '住建局', '房管局', '市场监管', '物价局', '工商局', '监管部门', '上级部门', '找领导', '找你们领导', '找经理', '讨个说法',
    '要个说法', '给个说法', '拒交', '拒缴', '不交物业费', '换物业', '维权', '联名'),
  ...e(4, '曝光', '媒体', '记者', '电视台', '报社', '律师', '起诉', '法院', '仲裁', '打官司', '上访', '发到网上', '微博', '抖音'),
  // Repeated contact or a recurring fault: the matter came back, the customer came back.
  ...r(1, '再次', '又一次', '又坏', '又漏', '又停', '又出现', '又发生', '又是', '又没', '又来', '又开始', '又不', '还是没',
    '还是不', '依然', '仍然', '仍未', '每次都', '上次', /(?:[两三四五六七八九十几多好]+|[2-9]|[1-9][0-9])次/),
  ...r(2, '多次', '反复', '屡次', '三番五次', '一而再', '说了多少次', '好几次', '一直没人管', '一直没', '一直不', '始终没',
    '至今没', '至今未', '到现在还', new RegExp(`第[二两三四五六七八九十0-9]+次`)),
  // A long wait already endured.
  ...w(1, new RegExp(`(?:已经|都|快)${NUM}+个?多?(?:天|周|星期|礼拜|月|年)`), new RegExp(`等了${NUM}+个?多?(?:天|小时|周|星期|月)`),
    '好几天', '这么久', '那么久', '半天了', '一直在等'),
  // Urgency: pressure and safety; weak alone (repair requests often say 尽快), strong with others.
  ...u(0.5, '尽快', '马上', '立刻', '立即', '赶紧', '赶快', '着急', '急死', '等不了', '等不及', '今天必须'),
  ...u(1, '紧急', '十万火急', '危险', '安全隐患', '被困', '困在电梯', '关在电梯', '漏电', '起火', '冒烟', '燃气泄漏', '煤气味'),
];

// Expected outcomes and good qualities; a negated one (没有解决, 不是很满意) is dissatisfaction.
const POSITIVE_TERMS = [
  '满意', '满足', '解决', '处理', '修好', '回复', '回电', '答复', '到位', '及时', '专业', '负责', '耐心', '礼貌',
  '热情', '理睬', '理会', '联系', '上门', '来修', '来人', '改善', '改进', '兑现', '落实', '管用',
];

// A negator, then up to two filler words (degree, modal, 人), then the term it negates.
// 别 is left out: 别敷衍我 and 别逼我投诉 are complaints, not their absence.
const NEGATORS = ['从来没有', '从来没', '并没有', '并不是', '还没有', '尚未', '并不', '不是', '没有', '从不', '从没', '还没', '还未', '没', '不', '未', '无'];
const FILLERS = [
  '什么', '需要', '打算', '准备', '怎么', '那么', '特别', '非常', '十分', '太过', '有人', '及时', '再', '很', '太', '是', '算',
  '想', '要', '会', '用', '需', '能', '得', '给', '人', '有', '够', '大', '来',
];

/** Level thresholds: any escalation term, or this much total weight, is strong; any signal is mild. */
export const STRONG_SCORE = 5;
const MILD_SCORE = 1;

/** A lexicon ready for scanSentiment (build once, reuse). */
export interface CompiledLexicon {
  terms: RegExp;
  byTerm: Map<string, LexiconEntry>;
  patterns: Array<{ re: RegExp; entry: LexiconEntry }>;
  negatedPositive: RegExp;
  precededByNegator: RegExp;
}

// A negator that is really an affirmation: 不得不投诉 means the customer will complain.
const NOT_NEGATION = /(?:不得不|不能不|不会不|不可能不|要不)$/u;
// 不要推诿, 不要再拖了: an imperative against bad service is a complaint about it.
const IMPERATIVE = /^(?:不要|不用)/u;
const ALNUM_EDGE = /[a-z0-9]/;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = (words: string[]): string =>
  [...new Set(words)].sort((a, b) => b.length - a.length).map(escape).join('|');

/** Compiles lexicon entries (normalising their terms) for scanSentiment. */
export function buildLexicon(entries: readonly LexiconEntry[]): CompiledLexicon {
  const byTerm = new Map<string, LexiconEntry>();
  const patterns: CompiledLexicon['patterns'] = [];
  for (const entry of entries) {
    if (typeof entry.term === 'string') {
      const key = normalizeText(entry.term);
      const known = byTerm.get(key);
      if (key && (!known || known.weight < entry.weight)) byTerm.set(key, { ...entry, term: key });
    } else {
      patterns.push({ re: new RegExp(entry.term.source, 'gu'), entry });
    }
  }
  const neg = alternation(NEGATORS.map(normalizeText));
  const fill = alternation(FILLERS.map(normalizeText));
  return {
    // An empty alternation would match the empty string everywhere; (?!) matches nothing.
    terms: new RegExp(byTerm.size > 0 ? alternation([...byTerm.keys()]) : '(?!)', 'gu'),
    byTerm,
    patterns,
    negatedPositive: new RegExp(`(?:${neg})(?:${fill}){0,2}(?:${alternation(POSITIVE_TERMS.map(normalizeText))})`, 'gu'),
    precededByNegator: new RegExp(`(?:${neg})(?:${fill}){0,2}$`, 'u'),
  };
}

let defaultLexicon: CompiledLexicon | undefined;

interface Candidate {
  start: number;
  end: number;
  category: SentimentCategory;
  weight: number;
}

// Scans every position, not only where the previous match ended: overlapping terms are all
// candidates, and the longest-leftmost choice below picks among them.
function collect(re: RegExp, norm: string, onMatch: (start: number, end: number, text: string) => void): void {
  re.lastIndex = 0;
  for (let m = re.exec(norm); m; m = re.exec(norm)) {
    const start = m.index;
    const end = start + m[0].length;
    // 12345 inside a phone number, or a Latin term inside a longer word, is not the term.
    const cutsWord =
      (ALNUM_EDGE.test(m[0][0]) && ALNUM_EDGE.test(norm[start - 1] ?? '')) ||
      (ALNUM_EDGE.test(m[0][m[0].length - 1]) && ALNUM_EDGE.test(norm[end] ?? ''));
    if (!cutsWord) onMatch(start, end, m[0]);
    re.lastIndex = start + 1;
  }
}

/** Finds negative wording, repeated-contact, delay and urgency signals in a text, with negation handled. */
export function scanSentiment(text: string, lexicon?: CompiledLexicon): SentimentResult {
  const lex = lexicon ?? (defaultLexicon ??= buildLexicon(DEFAULT_LEXICON));
  if (!text) return { score: 0, level: 'none', matches: [] };
  const norm = normalizeTextAligned(text);
  const negated = (start: number, category: SentimentCategory): boolean => {
    const before = norm.slice(Math.max(0, start - 8), start);
    const neg = lex.precededByNegator.exec(before);
    if (!neg || NOT_NEGATION.test(before)) return false;
    return category === 'escalation' || !IMPERATIVE.test(neg[0]);
  };
  const candidates: Candidate[] = [];
  const add = (start: number, end: number, entry: Pick<LexiconEntry, 'category' | 'weight'>): void => {
    // 没有不满, 不会投诉, 不想再次…: a negated signal is no signal.
    if (!negated(start, entry.category)) candidates.push({ start, end, category: entry.category, weight: entry.weight });
  };
  collect(lex.terms, norm, (start, end, found) => {
    const entry = lex.byTerm.get(found);
    if (entry) add(start, end, entry);
  });
  for (const { re, entry } of lex.patterns) collect(re, norm, (start, end) => add(start, end, entry));
  collect(lex.negatedPositive, norm, (start, end) => add(start, end, { category: 'dissatisfaction', weight: 1 }));

  // Longest leftmost wins, so 不满意 is one signal, not 不满意 + 不满 + a negated 满意.
  candidates.sort((a, b) => a.start - b.start || b.end - a.end || b.weight - a.weight);
  const matches: SentimentMatch[] = [];
  let covered = 0;
  for (const c of candidates) {
    if (c.start < covered) continue;
    matches.push({ term: text.slice(c.start, c.end), category: c.category, weight: c.weight, start: c.start, end: c.end });
    covered = c.end;
  }
  const score = matches.reduce((sum, m) => sum + m.weight, 0);
  const level =
    matches.some((m) => m.category === 'escalation') || score >= STRONG_SCORE ? 'strong' : score >= MILD_SCORE ? 'mild' : 'none';
  return { score, level, matches };
}
