// The pure rules of evaluation, on real corpus output: final answers, probe slices, the story-grammar
// check of samples, and the decoding schedule's worst case.
import { describe, expect, it } from 'vitest';
import { heldOutDocs, preset, probes as corpusProbes, type Probe } from '../../src/lib/corpus/index.ts';
import { probeBreakdown } from '../../src/lib/eval/breakdown.ts';
import { ANSWER_MARKER, hasFinalAnswer, judgeFinalAnswer } from '../../src/lib/eval/final-answer.ts';
import { worstCaseDecodePasses } from '../../src/lib/eval/generate.ts';
import { windowLength } from '../../src/lib/eval/meter.ts';
import type { ProbeResult } from '../../src/lib/eval/probes.ts';
import { sampleParsesAsStory } from '../../src/lib/eval/story-parse.ts';

describe('final answers', () => {
  it('reads the answer line as it grows', () => {
    expect(judgeFinalAnswer(' A has 3 pears.', '51', false)).toBe('pending');
    expect(judgeFinalAnswer(' A has 3 pears. Answer:', '51', false)).toBe('pending');
    expect(judgeFinalAnswer(' A has 3 pears. Answer: 5', '51', false)).toBe('pending');
    expect(judgeFinalAnswer(' A has 3 pears. Answer: 51', '51', false)).toBe('pending');
    expect(judgeFinalAnswer(' A has 3 pears. Answer: 51.', '51', false)).toBe('correct');
    expect(judgeFinalAnswer(' A has 3 pears. Answer: 510', '51', false)).toBe('wrong');
    expect(judgeFinalAnswer(' A has 3 pears. Answer: 52', '51', false)).toBe('wrong');
    expect(judgeFinalAnswer(' A has 3 pears. Answer: x', '51', false)).toBe('wrong');
    // Traces off: the prompt ends with the marker, the continuation is just the number.
    expect(judgeFinalAnswer(' 51.', '51', true)).toBe('correct');
    expect(judgeFinalAnswer(' 5', '51', true)).toBe('pending');
    expect(judgeFinalAnswer(' 6', '51', true)).toBe('wrong');
  });

  it('matches the arithmetic family as the corpus writes it, with and without worked solutions', () => {
    for (const trace of [true, false]) {
      const recipe = preset('igsm-lite');
      recipe.arithmetic = { ...recipe.arithmetic, trace };
      const arithmetic = corpusProbes(recipe, 7, 12).probes;
      expect(arithmetic.length).toBe(12);
      for (const p of arithmetic) {
        expect(hasFinalAnswer(p.meta)).toBe(true);
        const expected = String(p.meta!.finalAnswer);
        const opens = p.prompt.trimEnd().endsWith(ANSWER_MARKER);
        expect(opens).toBe(!trace);
        // The reference continuation is judged correct at its very end, and only there.
        expect(judgeFinalAnswer(p.answer, expected, opens)).toBe('correct');
        expect(judgeFinalAnswer(p.answer.slice(0, -1), expected, opens)).toBe('pending');
        const wrong = String(Number(expected) + 1);
        expect(judgeFinalAnswer(p.answer.replace(new RegExp(`${expected}\\.$`), `${wrong}.`), expected, opens)).toBe('wrong');
      }
    }
  });
});

describe('probe slices', () => {
  const result = (p: Probe, correct: boolean, inContext = true): ProbeResult => ({
    id: p.id,
    family: p.family,
    kind: p.kind,
    inContext,
    ...(p.candidates ? { rank: correct ? 1 : 2, candidates: p.candidates.length } : {}),
    exact: !p.candidates && correct,
    exactRule: 'prefix',
    generated: '',
  });

  it('breaks arithmetic down by steps and split, textbook by kind, and leaves out probes not scored', () => {
    const recipe = { ...preset('default-mix'), weights: { stories: 0, biographies: 0, arithmetic: 1, textbook: 1 } };
    const probes = corpusProbes(recipe, 3, 24).probes;
    // Correct exactly when the probe's index is even; the last probe is out of context.
    const results = probes.map((p, i) => result(p, i % 2 === 0, i < probes.length - 1));
    const b = probeBreakdown(probes, results);
    const expectSlice = (key: string, member: (p: Probe) => boolean) => {
      const idx = probes.map((p, i) => (member(p) && i < probes.length - 1 ? i : -1)).filter((i) => i >= 0);
      expect(b[key], key).toBeCloseTo(idx.filter((i) => i % 2 === 0).length / idx.length, 12);
    };
    const arith = (p: Probe) => p.family === 'arithmetic';
    expectSlice('arithmetic/iid', (p) => arith(p) && p.meta?.split === 'iid');
    expectSlice('arithmetic/ood', (p) => arith(p) && p.meta?.split === 'ood');
    expectSlice('arithmetic/ood-steps', (p) => arith(p) && p.meta?.ood === 'steps');
    const steps = [...new Set(probes.filter((p) => arith(p) && p.meta?.split === 'iid').map((p) => p.meta!.steps))];
    expect(steps.length).toBeGreaterThan(1);
    for (const n of steps) expectSlice(`arithmetic/steps=${n}`, (p) => arith(p) && p.meta?.split === 'iid' && p.meta.steps === n);
    for (const kind of ['direct', 'two-hop']) expectSlice(`textbook/${kind}`, (p) => p.family === 'textbook' && p.kind === kind);
    expect(Object.keys(b).every((k) => /^(arithmetic|textbook)\//.test(k))).toBe(true);
  });
});

describe('story grammar check of samples', () => {
  const stories = heldOutDocs(preset('tinystories'), 5, 'stories', 6000).map((d) => d.text);

  it('accepts whole stories, and prefixes cut after a complete sentence', () => {
    expect(stories.length).toBeGreaterThan(5);
    for (const s of stories) {
      expect(sampleParsesAsStory(s, true)).toBe(true);
      // Cut anywhere after the first sentence: a sample that stopped mid-story still parses.
      const firstEnd = s.indexOf('. ') + 1;
      for (const cut of [firstEnd, firstEnd + 7, Math.floor(s.length / 2), s.length - 3]) expect(sampleParsesAsStory(s.slice(0, cut), false), s.slice(0, cut)).toBe(true);
    }
  });

  it('refuses ungrammatical text, unfinished stories that claim to be done, and samples without a sentence', () => {
    const s = stories[0];
    expect(sampleParsesAsStory(s.slice(0, s.indexOf('. ') + 1), true)).toBe(false); // ended after one sentence
    expect(sampleParsesAsStory(s.slice(0, 12), false)).toBe(false); // no complete sentence
    const broken = s.replace(/ was /, ' were ');
    expect(broken).not.toBe(s);
    expect(sampleParsesAsStory(broken, true)).toBe(false);
    expect(sampleParsesAsStory('The cat sat on the mat. It was happy.', false)).toBe(false);
  });
});

describe('decoding schedule', () => {
  it('worst case: finished rows hand their slot to the next row at once', () => {
    expect(worstCaseDecodePasses([], 4)).toBe(0);
    expect(worstCaseDecodePasses([5, 5, 5, 5], 4)).toBe(5);
    expect(worstCaseDecodePasses([5, 1, 1, 1, 1, 1], 2)).toBe(5);
    expect(worstCaseDecodePasses([3, 0, 2, 2], 1)).toBe(7);
  });

  it('windows are powers of two within the context', () => {
    expect(windowLength(1, 128)).toBe(16);
    expect(windowLength(17, 128)).toBe(32);
    expect(windowLength(64, 128)).toBe(64);
    expect(windowLength(100, 128)).toBe(128);
    expect(windowLength(100, 96)).toBe(96);
  });
});
