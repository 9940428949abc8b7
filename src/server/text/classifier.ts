// Cause suggestion for complaints: a multinomial naive Bayes over jieba words, trained on the
// organisation's own coded cases, blended with the keywords each cause code carries. The model is
// plain counts, so it serialises to JSON, learns one case at a time as staff code more, and
// forgets a case whose cause was changed.
import { normalizeText, segmentWords } from './segment.js';

/** One coded case to learn from. */
export interface LabelledText {
  text: string;
  label: string;
}

/** A label with its probability. */
export interface LabelProbability {
  label: string;
  probability: number;
}

/** The JSON form of a NaiveBayesModel (plain counts), safe to store and reload. */
export interface NaiveBayesJson {
  version: 1;
  alpha?: number;
  labels: Record<string, { docs: number; tokens: number; counts: Record<string, number> }>;
}

// Function words and one-character particles carry no cause; numbers are rooms, phones, dates.
const STOP_WORDS = new Set([
  ...Array.from('的了在是我你他她它们有和与及或就也都又还被把让给到从对向很太呢吗吧啊呀哦么这那个之而并且说'),
  '我们', '你们', '他们', '这个', '那个', '一个', '已经', '没有', '不是', '什么', '怎么', '因为', '所以', '但是', '如果',
  '还是', '就是', '可以', '现在', '今天', '昨天', '这样', '一下', '自己', '业主', '客户', '女士', '先生', '反映', '来电',
]);
const NUMERIC = /^[\p{N}.,:/-]+$/u;

/** The tokens the classifier counts: segmentWords minus stop words and bare numbers. */
export function featureTokens(text: string): string[] {
  return segmentWords(text).filter((t) => !STOP_WORDS.has(t) && !NUMERIC.test(t));
}

interface LabelStats {
  docs: number;
  tokens: number;
  counts: Map<string, number>;
}

/** Multinomial naive Bayes with Laplace smoothing, computed in log-probabilities. */
export class NaiveBayesModel {
  private readonly labels = new Map<string, LabelStats>();
  // How many labels use each token: the vocabulary, and when a token may be dropped on unlearn.
  private readonly vocabulary = new Map<string, number>();
  private docs = 0;

  /** alpha: the additive smoothing constant (1 = Laplace). */
  constructor(private readonly alpha = 1) {
    if (!(alpha > 0)) throw new Error('naive Bayes model: alpha must be positive');
  }

  /** Number of coded cases learnt. */
  get documentCount(): number {
    return this.docs;
  }

  /** Distinct tokens seen across all labels. */
  get vocabularySize(): number {
    return this.vocabulary.size;
  }

  /** Labels learnt, with how many cases each. */
  labelCounts(): Record<string, number> {
    return Object.fromEntries([...this.labels].map(([label, s]) => [label, s.docs]));
  }

  /** Learns many coded cases at once. */
  train(examples: readonly LabelledText[]): this {
    for (const { text, label } of examples) this.learn(text, label);
    return this;
  }

  /** Learns one coded case (e.g. when staff set a cause). */
  learn(text: string, label: string): void {
    this.addTokens(featureTokens(text), label, 1);
  }

  /** Forgets one coded case learnt before (e.g. when staff change its cause). */
  unlearn(text: string, label: string): void {
    const stats = this.labels.get(label);
    if (!stats || stats.docs === 0) return;
    this.addTokens(featureTokens(text), label, -1);
  }

  /** Learns from tokens already computed by featureTokens (bulk training avoids segmenting twice). */
  addTokens(tokens: readonly string[], label: string, sign: 1 | -1 = 1): void {
    let stats = this.labels.get(label);
    if (!stats) {
      if (sign < 0) return;
      stats = { docs: 0, tokens: 0, counts: new Map() };
      this.labels.set(label, stats);
    }
    stats.docs += sign;
    this.docs += sign;
    for (const t of tokens) {
      const before = stats.counts.get(t) ?? 0;
      const after = before + sign;
      if (after < 0) continue;
      stats.tokens += sign;
      if (after === 0) {
        stats.counts.delete(t);
        this.bumpVocabulary(t, -1);
      } else {
        stats.counts.set(t, after);
        if (before === 0) this.bumpVocabulary(t, 1);
      }
    }
    if (stats.docs <= 0) {
      for (const t of stats.counts.keys()) this.bumpVocabulary(t, -1);
      this.labels.delete(label);
    }
  }

  private bumpVocabulary(token: string, by: number): void {
    const n = (this.vocabulary.get(token) ?? 0) + by;
    if (n > 0) this.vocabulary.set(token, n);
    else this.vocabulary.delete(token);
  }

  /** Log P(label) + Σ log P(token | label) for every label, over the tokens the model knows. */
  logScores(tokens: readonly string[]): Map<string, number> {
    const scores = new Map<string, number>();
    const known = tokens.filter((t) => this.vocabulary.has(t));
    const v = this.vocabulary.size;
    for (const [label, s] of this.labels) {
      const denominator = Math.log(s.tokens + this.alpha * v);
      let score = Math.log(s.docs / this.docs);
      for (const t of known) score += Math.log((s.counts.get(t) ?? 0) + this.alpha) - denominator;
      scores.set(label, score);
    }
    return scores;
  }

  /** The k most likely labels with softmax probabilities; empty when the text has no word the model knows. */
  predict(text: string, k = 3): LabelProbability[] {
    return this.predictTokens(featureTokens(text), k);
  }

  /** predict() on tokens already computed by featureTokens. */
  predictTokens(tokens: readonly string[], k = 3): LabelProbability[] {
    const known = tokens.filter((t) => this.vocabulary.has(t));
    if (known.length === 0 || this.docs === 0) return [];
    const scores = this.logScores(known);
    // Naive Bayes counts every word as independent evidence and so is overconfident on long
    // texts; tempering by √(number of words) keeps its probabilities readable as confidence.
    const temperature = Math.sqrt(known.length);
    const max = Math.max(...scores.values());
    let total = 0;
    const exp = new Map<string, number>();
    for (const [label, s] of scores) {
      const x = Math.exp((s - max) / temperature);
      exp.set(label, x);
      total += x;
    }
    return [...exp]
      .map(([label, x]) => ({ label, probability: x / total }))
      .sort((a, b) => b.probability - a.probability || a.label.localeCompare(b.label))
      .slice(0, Math.max(0, k));
  }

  /** The tokens of the text that most favour the label over the others (log-likelihood ratio). */
  evidence(tokens: readonly string[], label: string, limit = 3): string[] {
    const s = this.labels.get(label);
    if (!s || this.labels.size < 2) return [];
    const v = this.vocabulary.size;
    const pIn = (t: string) => ((s.counts.get(t) ?? 0) + this.alpha) / (s.tokens + this.alpha * v);
    let otherTokens = 0;
    for (const [l, o] of this.labels) if (l !== label) otherTokens += o.tokens;
    const pOut = (t: string) => {
      let c = 0;
      for (const [l, o] of this.labels) if (l !== label) c += o.counts.get(t) ?? 0;
      return (c + this.alpha) / (otherTokens + this.alpha * v);
    };
    // Single characters explain nothing to a reader; words do.
    return [...new Set(tokens.filter((t) => t.length > 1 && s.counts.has(t)))]
      .map((t) => ({ t, llr: Math.log(pIn(t) / pOut(t)) }))
      .filter((x) => x.llr > 0)
      .sort((a, b) => b.llr - a.llr || a.t.localeCompare(b.t))
      .slice(0, limit)
      .map((x) => x.t);
  }

  /** Plain counts for storage. */
  toJSON(): NaiveBayesJson {
    const labels: NaiveBayesJson['labels'] = {};
    for (const [label, s] of this.labels) {
      labels[label] = { docs: s.docs, tokens: s.tokens, counts: Object.fromEntries(s.counts) };
    }
    return { version: 1, alpha: this.alpha, labels };
  }

  /** Rebuilds a model stored with toJSON (object or JSON string); throws on a malformed one. */
  static fromJSON(json: NaiveBayesJson | string): NaiveBayesModel {
    const data = (typeof json === 'string' ? JSON.parse(json) : json) as NaiveBayesJson;
    if (!data || data.version !== 1 || typeof data.labels !== 'object' || data.labels === null) {
      throw new Error('not a naive Bayes model (version 1)');
    }
    const alpha = data.alpha ?? 1;
    if (typeof alpha !== 'number' || !(alpha > 0)) throw new Error('naive Bayes model: alpha must be positive');
    const model = new NaiveBayesModel(alpha);
    for (const [label, s] of Object.entries(data.labels)) {
      if (!Number.isInteger(s?.docs) || s.docs <= 0 || typeof s.counts !== 'object' || s.counts === null) {
        throw new Error(`naive Bayes model: bad entry for label ${label}`);
      }
      const counts = new Map<string, number>();
      let tokens = 0;
      for (const [t, n] of Object.entries(s.counts)) {
        if (!Number.isInteger(n) || n <= 0) throw new Error(`naive Bayes model: bad count for ${label}/${t}`);
        counts.set(t, n);
        tokens += n;
        model.bumpVocabulary(t, 1);
      }
      // The token total is recomputed rather than trusted, so the probabilities stay consistent.
      model.labels.set(label, { docs: s.docs, tokens, counts });
      model.docs += s.docs;
    }
    return model;
  }
}

/** A cause code with the keywords that point to it (from the taxonomy). */
export interface CauseKeywords {
  code: string;
  keywords: readonly string[];
}

/** One suggested cause: how sure, and the keywords/words that drove it. */
export interface CauseSuggestion {
  code: string;
  confidence: number;
  reasons: string[];
  source: 'keywords' | 'model' | 'both';
}

/** Below this many coded cases the model is not consulted: its guesses would be noise. */
export const MIN_TRAINING_EXAMPLES = 30;

/** Suggests the likeliest causes of a complaint from cause keywords and, once trained enough, the organisation's model. */
export function suggestCauses(input: {
  text: string;
  causes: readonly CauseKeywords[];
  model?: NaiveBayesModel;
  k?: number;
  minExamples?: number;
}): CauseSuggestion[] {
  const { text, causes, model, k = 3, minExamples = MIN_TRAINING_EXAMPLES } = input;
  const norm = normalizeText(text);
  if (!norm.trim() || k <= 0) return [];

  // Keyword part: distinct keywords found, with one unit of mass kept back for "none of these",
  // so a single keyword hit reads as 50 %, not certainty.
  const hits = new Map<string, string[]>();
  let totalHits = 0;
  for (const cause of causes) {
    const found = new Map<string, string>();
    for (const kw of cause.keywords) {
      const n = normalizeText(kw).trim();
      if (n && norm.includes(n)) found.set(n, kw);
    }
    // 乱收费 and 收费 in one cause are one piece of evidence, not two.
    const distinct = [...found].filter(([n]) => ![...found.keys()].some((o) => o !== n && o.includes(n))).map(([, kw]) => kw);
    if (distinct.length > 0) {
      hits.set(cause.code, distinct);
      totalHits += distinct.length;
    }
  }
  const keywordProb = (code: string): number => (hits.get(code)?.length ?? 0) / (totalHits + 1);

  // Model part, weighted by how much it has learnt (n / (n + minExamples)): half at the
  // threshold, growing towards 1 as the organisation codes more cases.
  const known = new Set(causes.map((c) => c.code));
  const usable = model !== undefined && model.documentCount >= minExamples;
  const tokens = usable ? featureTokens(text) : [];
  const modelProbs = new Map<string, number>();
  if (usable) {
    for (const p of model.predictTokens(tokens, Number.POSITIVE_INFINITY)) {
      if (known.has(p.label)) modelProbs.set(p.label, p.probability);
    }
  }
  const modelWeight = usable && modelProbs.size > 0 ? model.documentCount / (model.documentCount + minExamples) : 0;
  const keywordWeight = totalHits > 0 ? (modelWeight > 0 ? 1 - modelWeight : 1) : 0;

  const out: CauseSuggestion[] = [];
  for (const code of new Set([...hits.keys(), ...modelProbs.keys()])) {
    const kp = keywordProb(code);
    const mp = modelProbs.get(code) ?? 0;
    const confidence = keywordWeight * kp + modelWeight * mp;
    if (confidence <= 0) continue;
    const keywordReasons = hits.get(code) ?? [];
    const modelReasons =
      modelWeight > 0 && mp > 0
        ? model!.evidence(tokens, code, 5).filter((t) => !keywordReasons.some((kw) => normalizeText(kw).includes(t))).slice(0, 3)
        : [];
    out.push({
      code,
      confidence,
      reasons: [...new Set([...keywordReasons, ...modelReasons])],
      source: keywordReasons.length > 0 && modelReasons.length > 0 ? 'both' : keywordReasons.length > 0 ? 'keywords' : 'model',
    });
  }
  return out.sort((a, b) => b.confidence - a.confidence || a.code.localeCompare(b.code)).slice(0, k);
}
