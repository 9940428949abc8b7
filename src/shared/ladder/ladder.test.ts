import { describe, expect, it } from 'vitest';
import { computeLadder, type LadderFacts, leadingSignals, normalisedScore, scoreSignal } from './ladder.js';

const base: LadderFacts = { type: 'repair', tier: 'ordinary', reopenCount: 0, wording: { score: 0, strong: false, terms: [] }, related: [], overdue: [], score: null };
const facts = (over: Partial<LadderFacts>): LadderFacts => ({ ...base, ...over });
const words = (...terms: Array<[string, string, number]>) => ({
  score: terms.reduce((s, [, , w]) => s + w, 0),
  strong: false,
  terms: terms.map(([term, category, weight]) => ({ term, category, weight })),
});
const overdue = [{ kind: 'resolution' as const, dueAt: '2026-11-20T10:00:00.000Z', minutesLate: 90 }];
const related = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `c${i}`, number: `FW-20261120-000${i}`, reasons: ['type' as const] }));

describe('the dissatisfaction ladder rules', () => {
  it('puts a case with no sign at all on no rung', () => {
    expect(computeLadder(base)).toEqual({ stage: 'none', points: 0, signals: [] });
  });

  it.each<[string, Partial<LadderFacts>, string]>([
    ['urgency words alone', { wording: words(['尽快', 'urgency', 0.5]) }, 'latent'],
    ['a VIP customer alone', { tier: 'vip' }, 'latent'],
    ['a key customer alone', { tier: 'key' }, 'latent'],
    ['an overdue deadline alone', { overdue }, 'latent'],
    ['dissatisfied words', { wording: words(['太慢', 'dissatisfaction', 1]) }, 'expressed'],
    ['one repeated contact', { related: related(1) }, 'expressed'],
    ['one reopening', { reopenCount: 1 }, 'expressed'],
    ['a middling score', { score: { score: 3, scale: 5, source: 'revisit', recordedAt: '2026-11-20T10:00:00.000Z' } }, 'expressed'],
    ['a complaint channel named', { wording: words(['12345', 'escalation', 3]) }, 'potential_complaint'],
    ['strong wording by weight', { wording: { ...words(['恶劣', 'dissatisfaction', 2], ['忍无可忍', 'dissatisfaction', 2], ['太差', 'dissatisfaction', 1]), strong: true } }, 'potential_complaint'],
    ['two repeated contacts', { related: related(2) }, 'potential_complaint'],
    ['two reopenings', { reopenCount: 2 }, 'potential_complaint'],
    ['a very low score', { score: { score: 2, scale: 5, source: 'revisit', recordedAt: '2026-11-20T10:00:00.000Z' } }, 'potential_complaint'],
    ['overdue and a repeated contact together', { overdue, related: related(1) }, 'potential_complaint'],
    ['overdue for a VIP', { overdue, tier: 'vip' }, 'expressed'],
    ['a complaint', { type: 'complaint' }, 'complaint'],
    ['a complaint with nothing else', { type: 'complaint', tier: null }, 'complaint'],
  ])('%s → %s', (_name, over, stage) => {
    expect(computeLadder(facts(over)).stage).toBe(stage);
  });

  it('never reaches a complaint by points alone', () => {
    const r = computeLadder(facts({ overdue, related: related(3), reopenCount: 3, tier: 'vip', wording: words(['投诉', 'escalation', 3]) }));
    expect(r.points).toBeGreaterThan(15);
    expect(r.stage).toBe('potential_complaint');
  });

  it('keeps the evidence the case page shows', () => {
    const r = computeLadder(facts({ overdue, related: related(1), wording: words(['推诿', 'dissatisfaction', 1]) }));
    expect(r.signals.find((s) => s.code === 'wording')?.evidence).toEqual({ terms: [{ term: '推诿', category: 'dissatisfaction' }] });
    expect(r.signals.find((s) => s.code === 'repeat_contact')?.evidence).toMatchObject({ days: 30, cases: [{ number: 'FW-20261120-0000' }] });
    expect(r.signals.find((s) => s.code === 'overdue')?.evidence).toEqual({ deadlines: overdue });
  });

  it('names the strongest signals first', () => {
    const r = computeLadder(facts({ overdue, related: related(1), tier: 'vip' }));
    expect(leadingSignals(r.signals)).toEqual(['repeat_contact', 'overdue', 'customer_tier']);
  });

  it('reads scores on every accepted scale', () => {
    expect(normalisedScore(1, 5)).toBe(0);
    expect(normalisedScore(10, 10)).toBe(1);
    expect(normalisedScore(50, 100)).toBe(0.5);
    expect(scoreSignal({ score: 4, scale: 5, source: 's', recordedAt: '' })).toBeNull();
    expect(scoreSignal({ score: 2, scale: 10, source: 's', recordedAt: '' })?.floor).toBe('potential_complaint');
    expect(scoreSignal({ score: 5, scale: 10, source: 's', recordedAt: '' })?.floor).toBe('expressed');
    expect(scoreSignal({ score: 7, scale: 10, source: 's', recordedAt: '' })).toBeNull();
  });
});
