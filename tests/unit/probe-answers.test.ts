// The probe-answers view's data (src/lib/experiment/probe-answers.ts) and the ranking numbers under it.
import { describe, expect, it } from 'vitest';
import type { Probe } from '../../src/lib/corpus/types.ts';
import type { ProbeResult } from '../../src/lib/eval/probes.ts';
import { candidateProbabilities, rankOfCorrect, topCandidate } from '../../src/lib/eval/rank.ts';
import { accuracyOf, addSnapshot, correctSince, probeAnswers, probeQuestions, type AnswerSnapshot } from '../../src/lib/experiment/probe-answers.ts';

const probes: Probe[] = [
  { id: 'b1', family: 'biographies', kind: 'attribute', prompt: "Ann Lee's childhood was spent in", answer: ' Oslo', candidates: [' Paris', ' Oslo', ' Rome'] },
  { id: 'a1', family: 'arithmetic', kind: 'final-answer', prompt: '3 + 4 =', answer: ' 7', meta: { rung: '1-digit' } },
  { id: 'b2', family: 'biographies', kind: 'attribute', prompt: 'x'.repeat(200), answer: ' Rome', candidates: [' Paris', ' Oslo', ' Rome'] },
];
const result = (over: Partial<ProbeResult>): ProbeResult => ({ id: '', family: 'biographies', kind: 'attribute', inContext: true, exact: false, exactRule: 'prefix', generated: '', ...over });

describe('candidate probabilities', () => {
  it('are a softmax of the log-likelihoods that sums to 1, agrees with the rank, and survives huge values', () => {
    const ll = [-3, -1, -2];
    const p = candidateProbabilities(ll);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(p[1]).toBeCloseTo(Math.exp(-1) / (Math.exp(-3) + Math.exp(-1) + Math.exp(-2)), 12);
    expect(topCandidate(ll)).toBe(1);
    expect(rankOfCorrect(ll, topCandidate(ll))).toBe(1);
    expect(candidateProbabilities([-1000, -1001]).every(Number.isFinite)).toBe(true);
    expect(candidateProbabilities([-Infinity, -Infinity])).toEqual([0.5, 0.5]);
  });
});

describe('probe answers', () => {
  it('questions carry family, rung and candidate count; answers the choice, the verdict and p(true)', () => {
    expect(probeQuestions(probes).map((q) => [q.id, q.family, q.rung, q.candidates])).toEqual([['b1', 'biographies', null, 3], ['a1', 'arithmetic', '1-digit', null], ['b2', 'biographies', null, 3]]);
    const answers = probeAnswers(probes, [
      result({ id: 'b1', rank: 2, candidates: 3, top: 0, pTrue: 0.3 }),
      result({ id: 'a1', family: 'arithmetic', kind: 'final-answer', exact: true, exactRule: 'final-answer', generated: ' 7\n' }),
      result({ id: 'b2', inContext: false }),
    ]);
    expect(answers).toEqual([
      { id: 'b1', scored: true, choice: ' Paris', correct: false, pTrue: 0.3 },
      { id: 'a1', scored: true, choice: '7', correct: true, pTrue: null },
      { id: 'b2', scored: false, choice: '', correct: false, pTrue: null },
    ]);
    // Accuracy over the scored probes only: b2 does not count.
    expect(accuracyOf(answers, new Set(['b1', 'b2']))).toBe(0);
    expect(accuracyOf(answers, new Set(['a1', 'b1']))).toBe(0.5);
    expect(accuracyOf(answers, new Set(['b2']))).toBeNaN();
  });

  it('"right since" is the start of the last unbroken run of right answers, null when the latest is wrong', () => {
    const snap = (step: number, correct: boolean): AnswerSnapshot => ({ step, answers: [{ id: 'q', scored: true, choice: '', correct, pTrue: null }] });
    expect(correctSince([snap(0, false), snap(10, true), snap(20, true)], 'q')).toBe(10);
    expect(correctSince([snap(0, true), snap(10, false), snap(20, true)], 'q')).toBe(20);
    expect(correctSince([snap(0, true), snap(10, true), snap(20, false)], 'q')).toBeNull();
    expect(correctSince([], 'q')).toBeNull();
    // A rollback re-evaluates a step: its answers replace the old ones, later ones go.
    const h = addSnapshot(addSnapshot(addSnapshot([], snap(0, false)), snap(10, true)), snap(10, false));
    expect(h.map((s) => [s.step, s.answers[0].correct])).toEqual([[0, false], [10, false]]);
  });
});
