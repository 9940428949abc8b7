// Figures for the Chinese text toolkit: `npx tsx src/server/text/text.bench.ts`.
// It prints timings and never fails on them (house rule: no timed assertions).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { NaiveBayesModel, featureTokens, type LabelledText } from './classifier.js';
import { scanSentiment } from './lexicon.js';
import { normalizeText, queryTokens, searchTokens, segmentWords } from './segment.js';

const SUBJECTS = ['业主张女士', '3栋1502住户', '租户李先生', '商铺老板', '18号楼业主', '会员王女士', '客户赵先生'];
const OPENERS = ['来电反映', '在公众号留言', '到前台投诉', '通过95598反映', '在线留言称', '回访时提到'];
const TAILS = [
  '希望尽快处理。', '请给个答复。', '已经是第三次反映了。', '要求减免本月费用。', '如果再不解决就打12345。',
  '老人小孩出行很不方便。', '之前报修过两次都没解决。', '感谢跟进。',
];
const CAUSE_PHRASES: Record<string, string[]> = {
  STAFF_ATTITUDE: ['前台客服说话很冲', '保安语气恶劣', '收银员态度冷淡', '维修工对业主爱理不理', '管家不耐烦地挂了电话'],
  REPAIR_QUALITY: ['卫生间防水修过后又渗水', '水管换了接头还是滴水', '天花板补漏后继续漏水', '门锁修完又卡住', '下水道疏通后又堵了'],
  PRICE_FEE: ['物业费涨价但服务没提升', '停车月卡比周边贵', '垃圾清运费收得太高', '公摊电费分摊不透明', '门禁卡工本费太贵'],
  SLOW_RESPONSE: ['在线留言三天没人回复', '服务热线一直打不通', '说好回电却没消息', '值班电话没人接听', '微信反映问题管家不回'],
  CLEANING_STANDARD: ['楼道垃圾两天没人清理', '电梯轿厢地面很脏', '地下车库积灰严重', '垃圾桶满了溢出来', '大堂玻璃全是手印'],
  SUPPLY_INTERRUPTION: ['小区一天停电三次', '突然停水没有通知', '晚上频繁跳闸', '水压太低洗不了澡', '整栋楼断电两个小时'],
  FACILITY_FAULT: ['电梯经常停运', '门禁刷卡没反应', '楼道灯坏了没人修', '地库道闸抬不起来', '单元对讲打不通'],
  LONG_WAIT: ['营业厅排队两个小时', '窗口只开一个', '叫号系统坏了一直等', '办业务等了一上午', '人太多没人分流'],
};
const LABELS = Object.keys(CAUSE_PHRASES);

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// Real case texts use thousands of distinct words; common dictionary words sprinkled in as a
// free-text remark give the model a realistic vocabulary to count.
function commonWords(limit: number): string[] {
  const path = createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt');
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.split(' '))
    .filter(([word, freq]) => word && /^\p{Script=Han}{2,4}$/u.test(word) && Number(freq) > 0)
    .sort((a, b) => Number(b[1]) - Number(a[1]))
    .slice(0, limit)
    .map(([word]) => word);
}

function makeExamples(n: number, seed = 7): LabelledText[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const words = commonWords(20_000);
  // Skewed towards the frequent end, as word use is.
  const word = () => words[Math.floor(r() ** 2 * words.length)];
  const out: LabelledText[] = [];
  for (let i = 0; i < n; i++) {
    const label = pick(LABELS);
    const remark = Array.from({ length: 12 }, word).join('');
    const text = `${pick(SUBJECTS)}${pick(OPENERS)}，${pick(CAUSE_PHRASES[label])}，${pick(CAUSE_PHRASES[label])}，${remark}。${pick(TAILS)}${pick(TAILS)}`;
    out.push({ text, label });
  }
  return out;
}

// About 200 characters of a realistic case description, Traditional in part.
const TEXT_200 =
  '业主张女士来电反映，3栋1502卫生间天花板漏水已经一个多星期了，之前报修过两次，维修师傅来看过但一直没有修好，' +
  '楼上住户说不是他们家的问题，物业也没有给出明确答复。業主表示非常不滿意，如果這週還不解決就要打12345投訴，' +
  '並要求減免本月物業費。另外电梯最近经常停运，老人上下楼很不方便，地下车库的灯也坏了好几盏，晚上停车看不清，' +
  '希望尽快处理，今天之内给个答复，联系电话13800001234。';

function time(label: string, iterations: number, fn: () => void): void {
  for (let i = 0; i < Math.min(500, iterations); i++) fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  const ns = Number(process.hrtime.bigint() - start) / iterations;
  const per = ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : `${(ns / 1e3).toFixed(1)} µs`;
  process.stdout.write(`${label.padEnd(46)} ${per} per call\n`);
}

function timeOnce(label: string, fn: () => void): void {
  const start = process.hrtime.bigint();
  fn();
  process.stdout.write(`${label.padEnd(46)} ${(Number(process.hrtime.bigint() - start) / 1e6).toFixed(0)} ms\n`);
}

process.stdout.write(`text: ${TEXT_200.length} characters; ${searchTokens(TEXT_200).split(' ').length} index tokens\n`);
timeOnce('first segmentWords (loads the jieba dictionary)', () => segmentWords('卫生间漏水'));
time('normalizeText', 20_000, () => normalizeText(TEXT_200));
time('searchTokens', 20_000, () => searchTokens(TEXT_200));
time('queryTokens("卫生间 漏水")', 20_000, () => queryTokens('卫生间 漏水'));
time('segmentWords', 10_000, () => segmentWords(TEXT_200));
time('scanSentiment', 10_000, () => scanSentiment(TEXT_200));

const examples = makeExamples(10_000);
const avg = examples.reduce((s, e) => s + e.text.length, 0) / examples.length;
process.stdout.write(`training set: ${examples.length} examples, ${avg.toFixed(0)} characters on average\n`);
let model = new NaiveBayesModel();
timeOnce('train on 10,000 examples', () => {
  model = new NaiveBayesModel().train(examples);
});
const tokenised = examples.map((e) => ({ tokens: featureTokens(e.text), label: e.label }));
timeOnce('train on 10,000 pre-tokenised examples', () => {
  const m = new NaiveBayesModel();
  for (const e of tokenised) m.addTokens(e.tokens, e.label);
});
let json = '';
timeOnce('toJSON + stringify', () => {
  json = JSON.stringify(model);
});
timeOnce('parse + fromJSON', () => {
  NaiveBayesModel.fromJSON(json);
});
process.stdout.write(`model: ${model.vocabularySize} words, ${(json.length / 1024).toFixed(0)} KiB of JSON\n`);
time('predict (top 3) on the 200-character text', 5_000, () => model.predict(TEXT_200, 3));
