import * as OpenCC from 'opencc-js/core';
import * as Locale from 'opencc-js/preset';
import { describe, expect, it } from 'vitest';
import { featureTokens, MIN_TRAINING_EXAMPLES, NaiveBayesModel, suggestCauses, type LabelledText } from './classifier.js';
import { DEFAULT_CAUSES } from './default-causes.js';
import { normalizeText } from './segment.js';

// Forty hand-written coded complaints across five causes, as an estate's staff would record them.
const TRAINING: LabelledText[] = [
  { label: 'STAFF_ATTITUDE', text: '前台客服说话很冲，业主问了两句就不耐烦' },
  { label: 'STAFF_ATTITUDE', text: '保安对来访亲友大声呵斥，语气很差' },
  { label: 'STAFF_ATTITUDE', text: '收银员全程黑着脸，找零直接扔在柜台上' },
  { label: 'STAFF_ATTITUDE', text: '维修工上门时抱怨活多，对业主爱理不理' },
  { label: 'STAFF_ATTITUDE', text: '电话客服态度冷淡，没听完就挂断电话' },
  { label: 'STAFF_ATTITUDE', text: '管家当着其他业主的面顶撞老人，很没礼貌' },
  { label: 'STAFF_ATTITUDE', text: '营业厅工作人员脸色难看，问问题不理人' },
  { label: 'STAFF_ATTITUDE', text: '保洁阿姨被提醒后骂人，服务意识差' },
  { label: 'REPAIR_QUALITY', text: '卫生间防水上个月刚修过，现在又开始渗水' },
  { label: 'REPAIR_QUALITY', text: '厨房水管换了接头还是滴水，师傅手艺不行' },
  { label: 'REPAIR_QUALITY', text: '楼上管道维修后我家天花板继续漏水' },
  { label: 'REPAIR_QUALITY', text: '门锁修完第二天又卡住打不开' },
  { label: 'REPAIR_QUALITY', text: '下水道疏通后没过两天又堵了，返修三次' },
  { label: 'REPAIR_QUALITY', text: '空调维修后还是不制冷，维修质量太差' },
  { label: 'REPAIR_QUALITY', text: '外墙补漏做完一下雨窗台照样进水' },
  { label: 'REPAIR_QUALITY', text: '换的灯管用了三天就不亮，配件质量差' },
  { label: 'PRICE_FEE', text: '物业费今年涨价，服务却没有任何提升' },
  { label: 'PRICE_FEE', text: '停车月卡价格比周边小区贵一倍' },
  { label: 'PRICE_FEE', text: '装修押金和垃圾清运费收得太高' },
  { label: 'PRICE_FEE', text: '公摊电费分摊方式不透明，收费偏贵' },
  { label: 'PRICE_FEE', text: '商场里同款商品标价比网上贵很多' },
  { label: 'PRICE_FEE', text: '办理门禁卡要交两百元工本费，太贵了' },
  { label: 'PRICE_FEE', text: '二次供水加压费凭什么单独收取，价格不合理' },
  { label: 'PRICE_FEE', text: '会员卡年费涨了，优惠反而变少' },
  { label: 'SLOW_RESPONSE', text: '在线留言三天了也没有人回复' },
  { label: 'SLOW_RESPONSE', text: '服务热线一直占线，打了十几遍打不通' },
  { label: 'SLOW_RESPONSE', text: '报修电话登记后没人回电确认上门时间' },
  { label: 'SLOW_RESPONSE', text: '公众号发消息反映问题，一周没有答复' },
  { label: 'SLOW_RESPONSE', text: '邮件投诉提交后迟迟收不到回复' },
  { label: 'SLOW_RESPONSE', text: '晚上打值班电话没人接听' },
  { label: 'SLOW_RESPONSE', text: '客服说会回电，等了一整天没消息' },
  { label: 'SLOW_RESPONSE', text: '微信群里反映问题，管家一直不回复' },
  { label: 'CLEANING_STANDARD', text: '楼道垃圾两天没人清理，气味很大' },
  { label: 'CLEANING_STANDARD', text: '电梯轿厢地面脏，到处是烟头' },
  { label: 'CLEANING_STANDARD', text: '地下车库积灰严重，很久没打扫' },
  { label: 'CLEANING_STANDARD', text: '垃圾桶满了溢出来也没人收，招苍蝇' },
  { label: 'CLEANING_STANDARD', text: '小区水池长青苔，保洁不到位' },
  { label: 'CLEANING_STANDARD', text: '大堂玻璃门上全是手印，很久没擦' },
  { label: 'CLEANING_STANDARD', text: '楼梯扶手一层灰，保洁只扫地不擦拭' },
  { label: 'CLEANING_STANDARD', text: '雨后小区路面泥泞，没人清扫' },
];

// Held out: not in the training set, written differently.
const HELD_OUT: LabelledText[] = [
  { label: 'STAFF_ATTITUDE', text: '物业前台工作人员对业主不耐烦，说话语气很冲' },
  { label: 'REPAIR_QUALITY', text: '阳台漏水修了两次，下雨还是渗水' },
  { label: 'PRICE_FEE', text: '停车费又涨价了，太贵' },
  { label: 'SLOW_RESPONSE', text: '打了好几次服务热线都打不通，也没人回电' },
  { label: 'CLEANING_STANDARD', text: '楼道里的垃圾一直没人清理，很脏' },
];

const toTraditional = OpenCC.ConverterFactory(Locale.from.cn, Locale.to.tw);
const CAUSES = DEFAULT_CAUSES.map(({ code, keywords }) => ({ code, keywords }));

describe('NaiveBayesModel', () => {
  const model = new NaiveBayesModel().train(TRAINING);

  it('counts what it learnt', () => {
    expect(model.documentCount).toBe(40);
    expect(model.labelCounts()).toEqual({
      STAFF_ATTITUDE: 8,
      REPAIR_QUALITY: 8,
      PRICE_FEE: 8,
      SLOW_RESPONSE: 8,
      CLEANING_STANDARD: 8,
    });
    expect(model.vocabularySize).toBeGreaterThan(100);
  });

  it.each(HELD_OUT)('predicts a held-out $label complaint', ({ text, label }) => {
    const [top] = model.predict(text, 3);
    expect(top.label).toBe(label);
  });

  it('returns the top k, most likely first, with probabilities that sum to at most 1', () => {
    const all = model.predict('阳台漏水修了两次，下雨还是渗水', 5);
    expect(all).toHaveLength(5);
    const sum = all.reduce((s, p) => s + p.probability, 0);
    expect(sum).toBeCloseTo(1, 10);
    for (let i = 1; i < all.length; i++) expect(all[i - 1].probability).toBeGreaterThanOrEqual(all[i].probability);
    const top2 = model.predict('阳台漏水修了两次，下雨还是渗水', 2);
    expect(top2).toEqual(all.slice(0, 2));
    expect(top2.reduce((s, p) => s + p.probability, 0)).toBeLessThan(1);
    // Tempered: confident but not certain on a short complaint.
    expect(all[0].probability).toBeGreaterThan(0.4);
    expect(all[0].probability).toBeLessThan(0.99);
  });

  it('says nothing for empty text or words it has never seen', () => {
    expect(model.predict('', 3)).toEqual([]);
    expect(model.predict('，。！', 3)).toEqual([]);
    expect(model.predict('量子纠缠', 3)).toEqual([]);
    expect(new NaiveBayesModel().predict('楼道垃圾没人清理', 3)).toEqual([]);
  });

  it('ignores unseen words next to known ones', () => {
    const plain = model.predict('楼道垃圾没人清理', 1)[0];
    const noisy = model.predict('楼道垃圾没人清理，量子纠缠', 1)[0];
    expect(noisy).toEqual(plain);
  });

  it('reads Traditional text like Simplified', () => {
    expect(model.predict('樓道垃圾沒人清理，很髒', 1)[0].label).toBe('CLEANING_STANDARD');
  });

  it('round-trips through JSON with identical predictions', () => {
    const json = JSON.stringify(model);
    const reloaded = NaiveBayesModel.fromJSON(json);
    expect(reloaded.documentCount).toBe(40);
    expect(reloaded.vocabularySize).toBe(model.vocabularySize);
    expect(reloaded.toJSON()).toEqual(model.toJSON());
    for (const { text } of HELD_OUT) expect(reloaded.predict(text, 5)).toEqual(model.predict(text, 5));
  });

  it('refuses a malformed stored model', () => {
    expect(() => NaiveBayesModel.fromJSON('{"version":2,"labels":{}}')).toThrow(/version 1/);
    expect(() => NaiveBayesModel.fromJSON({ version: 1, labels: { X: { docs: -1, tokens: 0, counts: {} } } })).toThrow(/label X/);
    expect(() => NaiveBayesModel.fromJSON({ version: 1, labels: { X: { docs: 1, tokens: 1, counts: { a: 0.5 } } } })).toThrow(/count/);
    expect(() => NaiveBayesModel.fromJSON('not json')).toThrow();
    expect(() => NaiveBayesModel.fromJSON({ version: 1, alpha: 0, labels: {} })).toThrow(/alpha/);
  });

  it('keeps its smoothing constant through JSON', () => {
    const smooth = new NaiveBayesModel(0.5).train(TRAINING);
    const reloaded = NaiveBayesModel.fromJSON(JSON.stringify(smooth));
    expect(reloaded.toJSON().alpha).toBe(0.5);
    expect(reloaded.predict(HELD_OUT[0].text, 5)).toEqual(smooth.predict(HELD_OUT[0].text, 5));
  });

  it('learns one case at a time and forgets a recoded one exactly', () => {
    const m = new NaiveBayesModel().train(TRAINING);
    const before = m.toJSON();
    m.learn('小区喷泉池水发绿发臭', 'CLEANING_STANDARD');
    expect(m.documentCount).toBe(41);
    m.unlearn('小区喷泉池水发绿发臭', 'CLEANING_STANDARD');
    expect(m.toJSON()).toEqual(before);
    // Forgetting the last case of a label removes the label.
    m.learn('台风过后树倒在路上', 'WEATHER_DISASTER');
    m.unlearn('台风过后树倒在路上', 'WEATHER_DISASTER');
    expect(Object.keys(m.labelCounts())).not.toContain('WEATHER_DISASTER');
    m.unlearn('从未学过', 'NO_SUCH_LABEL');
    expect(m.toJSON()).toEqual(before);
  });

  it('drops stop words and bare numbers from its features', () => {
    expect(featureTokens('3栋1502的业主反映卫生间漏水了')).toEqual(['栋', '卫生间', '漏水']);
  });
});

describe('suggestCauses', () => {
  const model = new NaiveBayesModel().train(TRAINING);

  it('uses keywords alone when there is no model', () => {
    const [top] = suggestCauses({ text: '客服态度很差', causes: CAUSES, k: 3 });
    expect(top).toEqual({ code: 'STAFF_ATTITUDE', confidence: 0.5, reasons: ['态度'], source: 'keywords' });
  });

  it('uses keywords alone while the model has fewer examples than the threshold', () => {
    const young = new NaiveBayesModel().train(TRAINING.slice(0, MIN_TRAINING_EXAMPLES - 1));
    const suggestions = suggestCauses({ text: '卫生间漏水', causes: CAUSES, model: young, k: 3 });
    expect(suggestions).toEqual([{ code: 'REPAIR_QUALITY', confidence: 0.5, reasons: ['漏水'], source: 'keywords' }]);
  });

  it('shares keyword confidence among causes and keeps some back', () => {
    const suggestions = suggestCauses({ text: '电梯故障，物业费还涨价', causes: CAUSES, k: 5 });
    const byCode = Object.fromEntries(suggestions.map((s) => [s.code, s]));
    expect(byCode.PRICE_FEE.reasons).toEqual(['物业费', '涨价']);
    expect(byCode.PRICE_FEE.confidence).toBeCloseTo(2 / 5);
    expect(byCode.FACILITY_FAULT.confidence).toBeCloseTo(1 / 5);
    expect(suggestions.reduce((s, x) => s + x.confidence, 0)).toBeLessThan(1);
  });

  it('counts a keyword inside a longer keyword of the same cause once', () => {
    const [top] = suggestCauses({ text: '乱收费', causes: [{ code: 'PRICE_FEE', keywords: ['收费', '乱收费'] }], k: 1 });
    expect(top.reasons).toEqual(['乱收费']);
    expect(top.confidence).toBe(0.5);
  });

  it('blends the trained model with keywords and names the words behind it', () => {
    const suggestions = suggestCauses({ text: '服务热线打了十几遍都打不通，也没人回电', causes: CAUSES, model, k: 3 });
    expect(suggestions[0].code).toBe('SLOW_RESPONSE');
    expect(suggestions[0].source).toBe('both');
    const [keyword1, keyword2, ...words] = suggestions[0].reasons;
    expect([keyword1, keyword2]).toEqual(['打不通', '回电']);
    expect(words).toContain('热线');
    // Explanations are words, not single characters or pieces of a keyword already shown.
    for (const w of words) expect(w.length).toBeGreaterThan(1);
    expect(words).not.toContain('不通');
    expect(suggestions.reduce((s, x) => s + x.confidence, 0)).toBeLessThanOrEqual(1);
  });

  it('lets the model suggest where no keyword matches', () => {
    const text = '大堂玻璃上都是手印，一层灰';
    expect(suggestCauses({ text, causes: CAUSES, k: 3 })).toEqual([]);
    const [top] = suggestCauses({ text, causes: CAUSES, model, k: 3 });
    expect(top.code).toBe('CLEANING_STANDARD');
    expect(top.source).toBe('model');
    expect(top.reasons.length).toBeGreaterThan(0);
    // Only as sure as the model's experience allows: 40 cases at a threshold of 30.
    expect(top.confidence).toBeLessThan(40 / 70);
  });

  it('ignores model labels that are no longer cause codes', () => {
    const suggestions = suggestCauses({ text: '楼道垃圾没人清理', causes: [{ code: 'PRICE_FEE', keywords: [] }], model, k: 3 });
    expect(suggestions.map((s) => s.code)).toEqual(['PRICE_FEE']);
  });

  it('matches keywords in Traditional text', () => {
    const [top] = suggestCauses({ text: '保安態度惡劣', causes: CAUSES, k: 1 });
    expect(top.code).toBe('STAFF_ATTITUDE');
    expect(top.reasons).toEqual(['态度', '恶劣']);
  });

  it('returns nothing for empty text or k = 0', () => {
    expect(suggestCauses({ text: '', causes: CAUSES, model, k: 3 })).toEqual([]);
    expect(suggestCauses({ text: '   ', causes: CAUSES, model, k: 3 })).toEqual([]);
    expect(suggestCauses({ text: '卫生间漏水', causes: CAUSES, model, k: 0 })).toEqual([]);
  });
});

describe('DEFAULT_CAUSES', () => {
  it('has about thirty causes with unique codes in all four attribution classes', () => {
    expect(DEFAULT_CAUSES.length).toBeGreaterThanOrEqual(28);
    expect(DEFAULT_CAUSES.length).toBeLessThanOrEqual(36);
    expect(new Set(DEFAULT_CAUSES.map((c) => c.code)).size).toBe(DEFAULT_CAUSES.length);
    expect(new Set(DEFAULT_CAUSES.map((c) => c.attributionClass))).toEqual(new Set([1, 2, 3, 4]));
    for (const c of DEFAULT_CAUSES) expect(c.code).toMatch(/^[A-Z][A-Z_]+$/);
  });

  it('names every cause in the three languages', () => {
    for (const c of DEFAULT_CAUSES) {
      expect(c.names['zh-CN'].trim(), c.code).not.toBe('');
      expect(c.names['zh-TW'].trim(), c.code).not.toBe('');
      expect(c.names['en-US'].trim(), c.code).not.toBe('');
      // The Simplified name is Simplified, and the Traditional one is not a copy of it wherever
      // the scripts differ (names like 原因不明 are the same in both).
      expect(normalizeText(c.names['zh-CN']), c.code).toBe(c.names['zh-CN']);
      if (toTraditional(c.names['zh-CN']) !== c.names['zh-CN']) expect(c.names['zh-TW'], c.code).not.toBe(c.names['zh-CN']);
    }
  });

  it('gives each keyword to one cause only, written in normalised Simplified form', () => {
    const owner = new Map<string, string>();
    for (const c of DEFAULT_CAUSES) {
      for (const kw of c.keywords) {
        expect(owner.get(kw), `${kw} in ${c.code} and ${owner.get(kw)}`).toBeUndefined();
        owner.set(kw, c.code);
        expect(normalizeText(kw), kw).toBe(kw);
      }
    }
  });
});
