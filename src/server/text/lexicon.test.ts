import { describe, expect, it } from 'vitest';
import { buildLexicon, DEFAULT_LEXICON, scanSentiment, type SentimentResult } from './lexicon.js';

const terms = (r: SentimentResult) => r.matches.map((m) => m.term);

/** Every match must be the exact span of the text staff will read. */
function expectExactSpans(text: string, r: SentimentResult): void {
  for (const m of r.matches) expect(text.slice(m.start, m.end)).toBe(m.term);
}

describe('scanSentiment: positive and neutral text', () => {
  it.each(['非常满意，师傅很专业，谢谢', '感谢物业及时处理，点赞', '请问下个月物业费怎么交？', '楼道灯坏了，麻烦派人看一下', ''])(
    '%s → none',
    (text) => {
      const r = scanSentiment(text);
      expect(r.level).toBe('none');
      expect(r.matches).toEqual([]);
      expect(r.score).toBe(0);
    },
  );
});

describe('scanSentiment: expressed dissatisfaction', () => {
  it('finds mild wording and reports the exact terms', () => {
    const text = '维修太慢了，到底什么时候来？客服也很敷衍';
    const r = scanSentiment(text);
    expect(r.level).toBe('mild');
    expect(terms(r)).toEqual(['太慢', '到底什么时候', '敷衍']);
    expect(r.matches.every((m) => m.category === 'dissatisfaction')).toBe(true);
    expectExactSpans(text, r);
  });

  it('reads a negated expectation as dissatisfaction: 没有解决, 不是很满意', () => {
    expect(terms(scanSentiment('问题到现在还没有解决'))).toEqual(['到现在还', '没有解决']);
    const r = scanSentiment('对这次维修不是很满意');
    expect(r.level).toBe('mild');
    expect(terms(r)).toEqual(['不是很满意']);
    expect(terms(scanSentiment('报修后一直没有人来修'))).toEqual(['一直没']);
    expect(terms(scanSentiment('没有及时回复业主'))).toEqual(['没有及时回复']);
  });

  it('counts 不满意 once, not as 不满意 + 不满 + a negated 满意', () => {
    const r = scanSentiment('非常不满意');
    expect(r.matches).toHaveLength(1);
    expect(r.matches[0]).toMatchObject({ term: '不满意', category: 'dissatisfaction', weight: 1, start: 2, end: 5 });
  });

  it('treats an imperative against bad service as a complaint: 不要再推诿了', () => {
    expect(terms(scanSentiment('你们不要再推诿了'))).toEqual(['推诿']);
  });

  it('grades harsher wording higher', () => {
    const mild = scanSentiment('客服不耐烦');
    const harsh = scanSentiment('客服态度恶劣');
    expect(harsh.score).toBeGreaterThan(mild.score);
  });
});

describe('scanSentiment: negation', () => {
  it.each(['没有不满', '我们没有不满意的地方', '没什么不满意的', '我不会投诉的', '不想再投诉了', '这次不用赔偿', '并没有推诿'])(
    '%s → no signal',
    (text) => {
      const r = scanSentiment(text);
      expect(r.level).toBe('none');
      expect(r.matches).toEqual([]);
    },
  );

  it('does not read 不得不 as a negation', () => {
    expect(scanSentiment('再不修我就不得不投诉了').level).toBe('strong');
  });

  it('negates only the term it precedes', () => {
    const r = scanSentiment('我不想投诉，但是维修太慢了');
    expect(terms(r)).toEqual(['太慢']);
    expect(r.level).toBe('mild');
  });
});

describe('scanSentiment: escalation, repeats, delay and urgency', () => {
  it('makes any escalation term strong', () => {
    for (const text of ['再不处理我就打12345', '我要去消协投诉', '找律师', '要求退费', '我会曝光你们', '要求赔偿损失']) {
      const r = scanSentiment(text);
      expect(r.level, text).toBe('strong');
      expect(r.matches.some((m) => m.category === 'escalation'), text).toBe(true);
    }
  });

  it('does not take a phone number for the 12345 hotline', () => {
    expect(scanSentiment('联系电话13812345678').matches).toEqual([]);
    expect(terms(scanSentiment('已经打了12345'))).toEqual(['12345']);
  });

  it('finds repeated contact and recurring faults', () => {
    const text = '这是第三次打电话了，一直没人管，电梯又坏了';
    const r = scanSentiment(text);
    expect(terms(r)).toEqual(['第三次', '一直没人管', '又坏']);
    expect(r.matches.every((m) => m.category === 'repeat')).toBe(true);
    expect(r.score).toBe(5);
    expect(r.level).toBe('strong'); // no threat, but enough repeated signals
    expectExactSpans(text, r);
  });

  it('does not read 又 in praise as a repeat', () => {
    expect(scanSentiment('师傅又快又好').matches).toEqual([]);
  });

  it('finds a long wait already endured', () => {
    const r = scanSentiment('漏水已经一个多星期了');
    expect(r.matches).toEqual([expect.objectContaining({ term: '已经一个多星期', category: 'delay' })]);
  });

  it('keeps ordinary urgency below the mild level, safety urgency above', () => {
    const ordinary = scanSentiment('请尽快安排');
    expect(ordinary.matches.map((m) => m.category)).toEqual(['urgency']);
    expect(ordinary.level).toBe('none');
    expect(scanSentiment('有人被困在电梯里，紧急！').level).toBe('mild');
  });
});

describe('scanSentiment: Traditional text', () => {
  it('matches Traditional wording and reports the Traditional substrings', () => {
    const text = '電梯又壞了，客服態度惡劣，我要投訴！！';
    const r = scanSentiment(text);
    expect(terms(r)).toEqual(['又壞', '惡劣', '投訴', '！！']);
    expect(r.level).toBe('strong');
    expectExactSpans(text, r);
  });

  it('handles negation in Traditional text', () => {
    expect(scanSentiment('沒有不滿').matches).toEqual([]);
    expect(terms(scanSentiment('對處理結果不是很滿意'))).toEqual(['不是很滿意']);
  });
});

describe('buildLexicon', () => {
  it('accepts an organisation’s own terms alongside the defaults', () => {
    const lexicon = buildLexicon([...DEFAULT_LEXICON, { term: '霸王条款', category: 'dissatisfaction', weight: 3 }, { term: '业委会', category: 'escalation', weight: 3 }]);
    const r = scanSentiment('我要去找业委会', lexicon);
    expect(r.level).toBe('strong');
    expect(terms(r)).toEqual(['业委会']);
    // The heavier duplicate wins.
    expect(scanSentiment('霸王条款', lexicon).score).toBe(3);
    expect(scanSentiment('我要去找业委会').matches).toEqual([]);
  });

  it('matches nothing with an empty lexicon', () => {
    expect(scanSentiment('我要投诉', buildLexicon([]))).toEqual({ score: 0, level: 'none', matches: [] });
  });

  it('normalises its own terms, so a Traditional entry matches Simplified text', () => {
    const lexicon = buildLexicon([{ term: '攤派', category: 'dissatisfaction', weight: 1 }]);
    expect(terms(scanSentiment('又在摊派费用', lexicon))).toEqual(['摊派']);
  });
});
