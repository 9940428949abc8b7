import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getJieba,
  highlightRanges,
  normalizeText,
  normalizeTextAligned,
  queryTokens,
  searchTokens,
  segmentWords,
} from './segment.js';

describe('normalizeText', () => {
  it('turns Traditional into Simplified so both spellings meet', () => {
    expect(normalizeText('電梯又壞了')).toBe('电梯又坏了');
    expect(normalizeText('衛生間漏水')).toBe('卫生间漏水');
    expect(normalizeText('物業費太貴')).toBe('物业费太贵');
    // Taiwan variant forms as well as plain Traditional.
    expect(normalizeText('著急')).toBe('着急');
    expect(normalizeText('裡面')).toBe('里面');
  });

  it('turns full-width ASCII into half-width and lower-cases Latin', () => {
    expect(normalizeText('３栋１５０２')).toBe('3栋1502');
    expect(normalizeText('ＷｉＦｉ连不上')).toBe('wifi连不上');
    expect(normalizeText('A座\u3000B1层')).toBe('a座 b1层');
    expect(normalizeText('Call 95598!')).toBe('call 95598!');
  });

  it('leaves Simplified text and empty input alone', () => {
    expect(normalizeText('卫生间漏水')).toBe('卫生间漏水');
    expect(normalizeText('')).toBe('');
    expect(normalizeText('3-1502')).toBe('3-1502');
  });

  it('keeps offsets, so a span found in the normalised text is the same span of the original', () => {
    const original = '住戶反映：衛生間天花板滲水，ＡＢ座';
    const norm = normalizeTextAligned(original);
    expect(norm).toHaveLength(original.length);
    const at = norm.indexOf('卫生间');
    expect(original.slice(at, at + 3)).toBe('衛生間');
  });
});

describe('segmentWords', () => {
  it('cuts complaint text into words without punctuation or spaces', () => {
    expect(segmentWords('卫生间漏水')).toEqual(['卫生间', '漏水']);
    const words = segmentWords('楼上漏水到我家，卫生间 天花板都湿了！');
    expect(words).toEqual(expect.arrayContaining(['楼上', '漏水', '卫生间', '天花板']));
    for (const w of words) expect(w).toMatch(/^[\p{L}\p{N}]+$/u);
  });

  it('segments Traditional text as its Simplified form', () => {
    expect(segmentWords('電梯又壞了')).toContain('电梯');
    expect(segmentWords('物業費')).toEqual(['物业费']);
  });

  it('keeps numbers and Latin as their own words', () => {
    expect(segmentWords('3栋1502业主投诉，95598打不通')).toEqual(
      expect.arrayContaining(['3', '栋', '1502', '业主', '投诉', '95598']),
    );
    expect(segmentWords('   ，。！')).toEqual([]);
    expect(segmentWords('')).toEqual([]);
  });
});

describe('searchTokens', () => {
  it('holds every Han character and overlapping bigram, deduplicated', () => {
    const tokens = searchTokens('卫生间漏水，漏水').split(' ');
    expect(tokens).toEqual(['卫', '卫生', '生', '生间', '间', '间漏', '漏', '漏水', '水']);
  });

  it('keeps Latin and digit runs whole, normalised, and drops punctuation', () => {
    expect(searchTokens('３栋1502，拨打95598！ＡＢ')).toBe('3 栋 1502 拨 拨打 打 95598 ab');
    expect(searchTokens('。，！？  ')).toBe('');
    expect(searchTokens('')).toBe('');
  });

  it('does not depend on how jieba segments the document', () => {
    // jieba glues 又坏了 into one word, and cutForSearch does not split it back, so an index of
    // jieba words (either mode) has no 坏 for a query 电梯坏了 to find.
    const doc = normalizeText('電梯又壞了');
    expect(getJieba().cutForSearch(doc, true)).not.toContain('坏');
    expect(searchTokens('電梯又壞了').split(' ')).toEqual(expect.arrayContaining(['电梯', '坏', '坏了']));
    // Likewise 态度恶劣 is one precise-mode word.
    expect(getJieba().cut('保安态度恶劣', true)).not.toContain('态度');
    expect(searchTokens('保安态度恶劣').split(' ')).toContain('态度');
  });
});

describe('queryTokens', () => {
  it('turns each query word into its bigrams, or itself when it is one character', () => {
    expect(queryTokens('漏水')).toEqual(['漏水']);
    expect(queryTokens('卫生间')).toEqual(['卫生', '生间']);
    expect(queryTokens('卫生间 漏水')).toEqual(['卫生', '生间', '漏水']);
    expect(queryTokens('衛生間漏水')).toEqual(['卫生', '生间', '漏水']);
    expect(queryTokens('3栋1502')).toEqual(['3', '栋', '1502']);
  });

  it('drops function characters unless nothing else is left', () => {
    expect(queryTokens('楼上漏水到我家')).toEqual(['楼上', '漏水', '我家']);
    expect(queryTokens('电梯坏了')).toEqual(['电梯', '坏']);
    expect(queryTokens('的')).toEqual(['的']);
  });

  it('returns nothing for an empty or punctuation-only query', () => {
    expect(queryTokens('')).toEqual([]);
    expect(queryTokens(' ，。')).toEqual([]);
  });
});

// The tokens are meant for a real full-text engine: prove them on SQLite FTS5 as the
// application will use it (a space-separated column, unicode61, tokens ANDed).
describe('searchTokens and queryTokens on SQLite FTS5', () => {
  const docs: Record<number, string> = {
    1: '3栋1502业主反映卫生间漏水，地面全是水',
    2: '楼上漏水到我家，客厅天花板发霉了',
    3: '電梯又壞了，衛生間也在滲水，物業費照收',
    4: '小区今天下午停电三次，冰箱里的东西都坏了',
    5: '停车场收费不合理，物业管理费也涨了',
    6: '95598一直打不通，停电了没人通知',
    7: '保安态度恶劣，还骂人',
    8: '1502室漏水，请尽快派人维修',
    9: '卫生间地面有积水，怀疑是楼上漏水',
  };
  let db: Database.Database;

  beforeAll(() => {
    db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE docs USING fts5(tokens, tokenize = 'unicode61')");
    const insert = db.prepare('INSERT INTO docs(rowid, tokens) VALUES (?, ?)');
    for (const [id, text] of Object.entries(docs)) insert.run(Number(id), searchTokens(text));
  });
  afterAll(() => db.close());

  const search = (q: string): number[] => {
    const tokens = queryTokens(q);
    const match = tokens.map((t) => `"${t.replace(/"/g, '""')}"`).join(' AND ');
    return (db.prepare('SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY rowid').all(match) as { rowid: number }[]).map(
      (r) => r.rowid,
    );
  };

  it('finds a 2-character word wherever it occurs, in either script', () => {
    expect(search('漏水')).toEqual([1, 2, 8, 9]);
    expect(search('漏水')).not.toContain(3); // 滲水 is not 漏水
    expect(search('停电')).toEqual([4, 6]);
    expect(search('物业费')).toEqual([3]);
  });

  it('finds a 3-character word, Traditional documents and Traditional queries', () => {
    expect(search('卫生间')).toEqual([1, 3, 9]);
    expect(search('衛生間')).toEqual([1, 3, 9]);
    expect(search('电梯坏了')).toEqual([3]);
  });

  it('ANDs the words of a query without requiring them to be adjacent', () => {
    expect(search('卫生间 漏水')).toEqual([1, 9]);
    expect(search('卫生间漏水')).toEqual([1, 9]);
    expect(search('楼上漏水到我家')).toEqual([2]);
  });

  it('matches words glued differently by jieba in the document', () => {
    expect(search('态度')).toEqual([7]);
    expect(search('管理费')).toEqual([5]);
  });

  it('matches numbers, room numbers and service lines whole', () => {
    expect(search('1502')).toEqual([1, 8]);
    expect(search('3栋1502')).toEqual([1]);
    expect(search('1502室')).toEqual([8]);
    expect(search('95598')).toEqual([6]);
    expect(search('150')).toEqual([]);
  });
});

describe('highlightRanges', () => {
  it('marks the query words in the original text, Traditional included', () => {
    const text = '電梯又壞了，衛生間漏水';
    const ranges = highlightRanges(text, '卫生间 漏水');
    expect(ranges).toEqual([[6, 11]]);
    expect(ranges.map(([a, b]) => text.slice(a, b))).toEqual(['衛生間漏水']);
  });

  it('marks every occurrence and returns nothing without a match', () => {
    const text = '漏水，又漏水';
    expect(highlightRanges(text, '漏水').map(([a, b]) => text.slice(a, b))).toEqual(['漏水', '漏水']);
    expect(highlightRanges(text, '停电')).toEqual([]);
    expect(highlightRanges('', '漏水')).toEqual([]);
  });
});
