/**
 * People and their contact details for the demo: Chinese names, mobile and landline numbers, e-mail
 * addresses. Everything is drawn from a seeded Rng, so a seed always yields the same people.
 */
import { normalizePhone } from '../../shared/phone.js';
import { type Rng, weightedPicker } from './random.js';

export type Gender = 'male' | 'female';
/** Given names follow fashions: 建国 and 秀英 are grandparents, 子轩 and 梓涵 are children of the 2010s. */
export type Generation = 'older' | 'middle' | 'younger';
/** Surname frequencies differ between the Yangtze delta and the Pearl River delta. */
export type NameRegion = 'east' | 'south';

export interface PersonName {
  name: string;
  surname: string;
  given: string;
  /** Lower-case pinyin without tones, for e-mail addresses. */
  surnamePinyin: string;
  givenPinyin: string;
  gender: Gender;
}

// Approximate shares (per mille) of the commonest surnames in the 2020 census; the tail is
// flattened, which is harmless for demo data.
const SURNAMES: readonly (readonly [string, string, number])[] = [
  ['王', 'wang', 71.2], ['李', 'li', 70.0], ['张', 'zhang', 67.4], ['刘', 'liu', 53.8], ['陈', 'chen', 45.3],
  ['杨', 'yang', 30.8], ['黄', 'huang', 22.3], ['赵', 'zhao', 20.4], ['吴', 'wu', 20.2], ['周', 'zhou', 19.3],
  ['徐', 'xu', 14.5], ['孙', 'sun', 13.8], ['马', 'ma', 12.9], ['朱', 'zhu', 12.8], ['胡', 'hu', 11.6],
  ['郭', 'guo', 11.5], ['何', 'he', 10.6], ['林', 'lin', 10.1], ['高', 'gao', 10.0], ['罗', 'luo', 9.5],
  ['郑', 'zheng', 8.7], ['梁', 'liang', 8.3], ['谢', 'xie', 7.4], ['宋', 'song', 7.0], ['唐', 'tang', 6.9],
  ['许', 'xu', 6.6], ['韩', 'han', 6.4], ['邓', 'deng', 6.3], ['冯', 'feng', 6.2], ['曹', 'cao', 6.0],
  ['彭', 'peng', 5.8], ['曾', 'zeng', 5.5], ['肖', 'xiao', 5.5], ['田', 'tian', 5.3], ['董', 'dong', 5.2],
  ['潘', 'pan', 4.7], ['袁', 'yuan', 4.7], ['蔡', 'cai', 4.5], ['蒋', 'jiang', 4.4], ['余', 'yu', 4.3],
  ['于', 'yu', 4.3], ['杜', 'du', 4.2], ['叶', 'ye', 4.1], ['程', 'cheng', 4.0], ['魏', 'wei', 3.9],
  ['苏', 'su', 3.8], ['吕', 'lv', 3.8], ['丁', 'ding', 3.7], ['任', 'ren', 3.6], ['卢', 'lu', 3.5],
  ['姚', 'yao', 3.5], ['沈', 'shen', 3.4], ['钟', 'zhong', 3.3], ['姜', 'jiang', 3.3], ['崔', 'cui', 3.2],
  ['谭', 'tan', 3.1], ['陆', 'lu', 3.0], ['范', 'fan', 2.9], ['汪', 'wang', 2.9], ['廖', 'liao', 2.8],
  ['石', 'shi', 2.8], ['金', 'jin', 2.7], ['韦', 'wei', 2.6], ['贾', 'jia', 2.6], ['夏', 'xia', 2.5],
  ['付', 'fu', 2.5], ['方', 'fang', 2.5], ['邹', 'zou', 2.3], ['熊', 'xiong', 2.3], ['白', 'bai', 2.2],
  ['孟', 'meng', 2.2], ['秦', 'qin', 2.1], ['邱', 'qiu', 2.1], ['侯', 'hou', 2.1], ['江', 'jiang', 2.1],
  ['尹', 'yin', 2.0], ['薛', 'xue', 2.0], ['闫', 'yan', 1.9], ['段', 'duan', 1.9], ['雷', 'lei', 1.9],
  ['龙', 'long', 1.8], ['黎', 'li', 1.8], ['史', 'shi', 1.8], ['陶', 'tao', 1.7], ['贺', 'he', 1.7],
  ['毛', 'mao', 1.6], ['郝', 'hao', 1.6], ['顾', 'gu', 1.6], ['龚', 'gong', 1.5], ['邵', 'shao', 1.5],
  ['万', 'wan', 1.4], ['覃', 'qin', 1.4], ['武', 'wu', 1.4], ['钱', 'qian', 1.3], ['戴', 'dai', 1.3],
  ['严', 'yan', 1.3], ['莫', 'mo', 1.2], ['孔', 'kong', 1.2], ['向', 'xiang', 1.2], ['常', 'chang', 1.2],
  ['汤', 'tang', 1.1], ['麦', 'mai', 0.3], ['欧阳', 'ouyang', 0.5], ['司马', 'sima', 0.1], ['上官', 'shangguan', 0.1],
  ['诸葛', 'zhuge', 0.05],
];

// Multipliers on the national share: Cantonese surnames in the south, Wu surnames in the east.
const REGIONAL_BOOST: Record<NameRegion, Record<string, number>> = {
  east: { 张: 1.2, 徐: 1.6, 沈: 2.5, 陆: 2.5, 顾: 3, 朱: 1.5, 钱: 2.5, 周: 1.4, 吴: 1.5, 姚: 1.5, 蒋: 1.5, 金: 1.6, 汪: 1.4, 戴: 1.5 },
  south: { 陈: 2.2, 黄: 2, 林: 2, 梁: 2.2, 李: 1.2, 何: 1.5, 罗: 1.6, 叶: 1.6, 邓: 1.5, 冯: 1.5, 钟: 2, 曾: 1.6, 谭: 1.6, 麦: 8, 欧阳: 2, 覃: 1.5 },
};

const surnamePickers: Record<NameRegion, (rng: Rng) => readonly [string, string, number]> = {
  east: weightedPicker(SURNAMES.map((s) => [s, s[2] * (REGIONAL_BOOST.east[s[0]] ?? 1)] as const)),
  south: weightedPicker(SURNAMES.map((s) => [s, s[2] * (REGIONAL_BOOST.south[s[0]] ?? 1)] as const)),
};

// Whole given names typical of each generation; space-separated so the lists stay readable.
const GIVEN_NAMES: Record<Generation, Record<Gender, string[]>> = {
  older: {
    male: '建国 建华 国强 国华 志强 志明 德明 永刚 振华 卫东 建军 立新 国庆 春生 宝山 金龙 德华 长春 福生 海林 文华 桂林 荣 德 福'.split(' '),
    female: '秀英 桂英 秀兰 玉兰 桂兰 凤英 玉珍 淑珍 美华 秀珍 丽华 桂芳 月英 金凤 素芬 爱华 红梅 雪梅 淑英 秀芳 兰 英 珍 凤'.split(' '),
  },
  middle: {
    male: '伟 强 磊 军 勇 杰 涛 明 超 斌 鹏 辉 刚 峰 海波 晓东 志刚 建伟 俊杰 文斌 宏伟 明辉 海涛 志勇 鹏飞 永强 建平 晓峰 立军 国栋 文涛 晓明 健 毅'.split(' '),
    female: '芳 娜 敏 静 丽 艳 娟 霞 燕 玲 丽娟 晓燕 海燕 晓红 丽萍 艳红 慧敏 秀娟 春燕 玉婷 晓丽 美玲 红霞 丽丽 婷婷 雪 琳 颖 洁 倩 晓静 文静'.split(' '),
  },
  younger: {
    male: '子轩 浩然 宇航 俊杰 梓豪 皓轩 一鸣 家豪 嘉乐 天宇 博文 睿泽 奕辰 逸飞 子墨 浩宇 明轩 宇轩 俊熙 子豪 昊 宸 航 睿 铭 晨 博 凯'.split(' '),
    female: '欣怡 诗涵 梓涵 思琪 雨萱 佳怡 可馨 语桐 雨涵 梦琪 子萱 一诺 若曦 欣妍 雅琪 婉清 佳琪 紫涵 思雨 梓萱 悦 彤 璐 蕾 薇 萱 妍 琪'.split(' '),
  },
};

// Second-character pools for combinations beyond the lists above, so that 20,000 customers do not
// all share forty given names.
const COMBINE: Record<Gender, { first: string[]; second: string[] }> = {
  male: { first: [...'志建国文晓俊家天明宏永海立振嘉子浩宇博'], second: [...'伟强军杰涛明超斌鹏辉刚峰华东平波林龙飞亮成新民荣祥'] },
  female: { first: [...'晓丽秀玉美春雪佳欣思雨诗梓婉海慧静嘉'], second: [...'芳娜敏静丽艳娟霞燕玲婷慧莹琳洁红梅兰萍琴倩颖怡悦涵萱琪'] },
};

/** Pinyin (no tones) of every character used in given names. A test checks the table is complete. */
export const GIVEN_PINYIN: Record<string, string> = {
  伟: 'wei', 强: 'qiang', 磊: 'lei', 军: 'jun', 洋: 'yang', 勇: 'yong', 杰: 'jie', 涛: 'tao', 明: 'ming', 超: 'chao',
  斌: 'bin', 鹏: 'peng', 辉: 'hui', 刚: 'gang', 浩: 'hao', 宇: 'yu', 俊: 'jun', 峰: 'feng', 建: 'jian', 国: 'guo',
  华: 'hua', 志: 'zhi', 文: 'wen', 平: 'ping', 东: 'dong', 海: 'hai', 波: 'bo', 亮: 'liang', 林: 'lin', 龙: 'long',
  飞: 'fei', 晨: 'chen', 博: 'bo', 凯: 'kai', 子: 'zi', 轩: 'xuan', 睿: 'rui', 豪: 'hao', 然: 'ran', 宏: 'hong',
  家: 'jia', 天: 'tian', 振: 'zhen', 新: 'xin', 民: 'min', 永: 'yong', 德: 'de', 荣: 'rong', 卫: 'wei', 泽: 'ze',
  航: 'hang', 铭: 'ming', 嘉: 'jia', 晓: 'xiao', 立: 'li', 成: 'cheng', 庆: 'qing', 春: 'chun', 奕: 'yi', 一: 'yi',
  逸: 'yi', 昊: 'hao', 宸: 'chen', 生: 'sheng', 宝: 'bao', 山: 'shan', 金: 'jin', 长: 'chang', 福: 'fu', 鸣: 'ming',
  乐: 'le', 墨: 'mo', 熙: 'xi', 栋: 'dong', 健: 'jian', 毅: 'yi', 祥: 'xiang', 皓: 'hao', 桂: 'gui', 芳: 'fang',
  娜: 'na', 敏: 'min', 静: 'jing', 丽: 'li', 艳: 'yan', 娟: 'juan', 霞: 'xia', 燕: 'yan', 玲: 'ling', 婷: 'ting',
  雪: 'xue', 慧: 'hui', 莹: 'ying', 琳: 'lin', 洁: 'jie', 红: 'hong', 梅: 'mei', 兰: 'lan', 萍: 'ping', 琴: 'qin',
  倩: 'qian', 颖: 'ying', 欣: 'xin', 怡: 'yi', 佳: 'jia', 悦: 'yue', 涵: 'han', 雨: 'yu', 思: 'si', 诗: 'shi',
  月: 'yue', 秀: 'xiu', 英: 'ying', 凤: 'feng', 玉: 'yu', 淑: 'shu', 珍: 'zhen', 美: 'mei', 素: 'su', 爱: 'ai',
  萱: 'xuan', 琪: 'qi', 梓: 'zi', 妍: 'yan', 可: 'ke', 馨: 'xin', 彤: 'tong', 璐: 'lu', 蕾: 'lei', 薇: 'wei',
  芬: 'fen', 辰: 'chen', 语: 'yu', 桐: 'tong', 梦: 'meng', 诺: 'nuo', 若: 'ruo', 曦: 'xi', 雅: 'ya', 婉: 'wan', 清: 'qing', 紫: 'zi',
};

/** Every character the given-name pools can produce, for the completeness test. */
export function givenNameCharacters(): string[] {
  const chars = new Set<string>();
  for (const byGender of Object.values(GIVEN_NAMES)) for (const list of Object.values(byGender)) for (const n of list) for (const c of n) chars.add(c);
  for (const { first, second } of Object.values(COMBINE)) for (const c of [...first, ...second]) chars.add(c);
  return [...chars];
}

/** A full name: frequency-weighted surname, one- or two-character given name fitting the generation. */
export function personName(rng: Rng, options: { region: NameRegion; generation: Generation; gender?: Gender }): PersonName {
  const [surname, surnamePinyin] = surnamePickers[options.region](rng);
  const gender = options.gender ?? (rng.chance(0.5) ? 'male' : 'female');
  let given: string;
  // Invented two-character names are mostly a younger-generation habit; older people keep the classics.
  if (options.generation !== 'older' && rng.chance(0.35)) {
    const pool = COMBINE[gender];
    given = rng.pick(pool.first) + rng.pick(pool.second);
    // A doubled character reads as a nickname only in a few names (婷婷, 丽丽), which are listed.
    if (given[0] === given[1]) given = given[0];
  } else {
    given = rng.pick(GIVEN_NAMES[options.generation][gender]);
  }
  const givenPinyin = [...given].map((c) => GIVEN_PINYIN[c] ?? '').join('');
  return { name: surname + given, surname, given, surnamePinyin, givenPinyin, gender };
}

// Mainland mobile prefixes in use, weighted roughly by how many subscribers each carrier range has.
const MOBILE_PREFIXES: readonly (readonly [string, number])[] = [
  ...['130', '131', '132', '133'].map((p) => [p, 2] as const),
  ...['134', '135', '136', '137', '138', '139'].map((p) => [p, 3] as const),
  ...['150', '151', '152', '153', '155', '156', '157', '158', '159'].map((p) => [p, 2] as const),
  ...['170', '171', '173', '175', '176', '177', '178'].map((p) => [p, 0.6] as const),
  ...['180', '181', '182', '183', '184', '185', '186', '187', '188', '189'].map((p) => [p, 2] as const),
  ...['191', '193', '195', '196', '198', '199'].map((p) => [p, 0.8] as const),
];
const mobilePrefix = weightedPicker(MOBILE_PREFIXES);

/** An 11-digit mainland mobile number, already in the stored (normalised) form. */
export function mobileNumber(rng: Rng): string {
  return mobilePrefix(rng) + rng.digits(8);
}

/**
 * A landline as people write it, `021-61234567`: the area code, then eight digits whose first is
 * never 0, 1 or 9 (those begin special services).
 */
export function landlineNumber(rng: Rng, areaCode: string): string {
  return `${areaCode}-${rng.int(2, 8)}${rng.digits(7)}`;
}

/** A business front-desk line, `021-6xxxxxxx`: offices and estates mostly got numbers in the 6 range. */
export function frontDeskNumber(rng: Rng, areaCode: string): string {
  return `${areaCode}-6${rng.digits(7)}`;
}

/**
 * A customer's landline in the form the application stores after `normalizePhone`, so that looking
 * the customer up by the number finds them however it was typed.
 */
export function storedLandline(rng: Rng, areaCode: string): string {
  const written = landlineNumber(rng, areaCode);
  return normalizePhone(written) ?? written;
}

// Reserved documentation domains (RFC 2606): demo data must never reach a real mailbox.
const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org'];

/** A personal e-mail address in the styles people use: wangfang88, fang.wang, wf1987. */
export function personalEmail(rng: Rng, person: PersonName): string {
  const given = person.givenPinyin || 'x';
  const local = rng.weighted([
    [`${person.surnamePinyin}${given}${rng.int(1, 99)}`, 3],
    [`${given}.${person.surnamePinyin}`, 2],
    [`${person.surnamePinyin[0]}${given[0]}${rng.int(1960, 2005)}`, 2],
    [`${person.surnamePinyin}_${given}`, 1],
  ] as const);
  return `${local}@${rng.pick(EMAIL_DOMAINS)}`;
}
