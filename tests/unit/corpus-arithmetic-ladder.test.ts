// The arithmetic difficulty ladder (arithmetic.ladder): four rungs of word problems, each problem parsed
// back from its text to check that it really has its rung's digits and carries; probes spread evenly over
// the rungs, tagged, held out, deterministic, short enough for a 64-token context; ladder off unchanged.
import { describe, expect, it } from 'vitest';
import { generate, probes, validateRecipe, type Probe, type Recipe } from '../../src/lib/corpus/index.ts';
import { RUNGS, type Rung } from '../../src/lib/corpus/families/arithmetic.ts';
import { isHeldOutKey } from '../../src/lib/corpus/family.ts';
import { MATH_NAMES } from '../../src/lib/corpus/lexicon.ts';
import { probeBreakdown } from '../../src/lib/eval/breakdown.ts';
import type { ProbeResult } from '../../src/lib/eval/probes.ts';
import { probeFits } from '../../src/lib/eval/fit.ts';
import { prepareExperiment } from '../../src/lib/experiment/prepare.ts';
import { tinyExperiment } from '../helpers/experiments.ts';

function ladder(arithmetic: object = {}, bytes = 60_000): Recipe {
  const r = validateRecipe({ preset: 'igsm-lite', bytes, arithmetic: { ladder: true, ...arithmetic } });
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.recipe;
}

const texts = (recipe: Recipe, seed: string | number): string[] => [...generate(recipe, seed)].flat().map((d) => d.text);
const statementOf = (text: string): string => text.slice(0, text.indexOf('?') + 1);

interface Parsed {
  /** Worked-solution lines after the first ("B has a + b = c items."), one per step. */
  steps: number;
  /** The one-step addition, when the problem is one step. */
  a?: number;
  b?: number;
  answer: number;
}

/** Reads a problem back from its text (with a worked solution): the steps, and a one-step problem's a + b. */
function parse(text: string): Parsed {
  const solution = text.slice(text.indexOf(' Solution: ') + ' Solution: '.length);
  const lines = solution.split('. ').slice(1, -1);
  const answer = Number(/Answer: (\d+)\.$/.exec(text)![1]);
  if (lines.length !== 1) return { steps: lines.length, answer };
  const m = /^\w+ has (\d+) \+ (\d+) = (\d+) \w+$/.exec(lines[0]);
  expect(m, text).not.toBeNull();
  const [a, b, v] = [Number(m![1]), Number(m![2]), Number(m![3])];
  expect(a + b, text).toBe(v);
  // The statement says the same numbers: the first person's count and "b more".
  expect(text).toMatch(new RegExp(`^Problem: \\w+ has ${a} \\w+\\. .*\\b${b}\\b (more|extra)`));
  return { steps: 1, a, b, answer };
}

const carries = (a: number, b: number): boolean => (a % 10) + (b % 10) >= 10;

/** The rung a problem's text belongs to, from its digits alone. */
function rungOf(p: Parsed): Rung {
  if (p.steps >= 2) return 'multi-step';
  const { a, b } = p as Required<Parsed>;
  if (a <= 9) return '1-digit';
  return carries(a, b) ? '2-digit-carry' : '2-digit';
}

/** Whether a one-step problem has exactly its rung's properties. */
function fitsRung(p: Parsed, rung: Rung): boolean {
  if (rung === 'multi-step') return p.steps >= 2;
  const { a, b } = p as Required<Parsed>;
  if (p.steps !== 1 || b < 1) return false;
  if (rung === '1-digit') return a >= 1 && a <= 9 && b <= 9 && a + b <= 9;
  const twoDigit = a >= 10 && a <= 99 && b <= 99 && a + b <= 99;
  return twoDigit && carries(a, b) === (rung === '2-digit-carry');
}

describe('arithmetic difficulty ladder', () => {
  it('draws the four rungs about equally, each with its digits and carries', () => {
    const docs = texts(ladder({}, 150_000), 7).map(parse);
    expect(docs.length).toBeGreaterThan(400);
    const count = new Map<Rung, number>();
    for (const p of docs) {
      const rung = rungOf(p);
      expect(fitsRung(p, rung)).toBe(true);
      count.set(rung, (count.get(rung) ?? 0) + 1);
    }
    // Uniform over 4 rungs: each share near 1/4 (a carry rung that did not carry would double "2-digit").
    for (const rung of RUNGS) expect((count.get(rung) ?? 0) / docs.length, rung).toBeGreaterThan(0.18);
    for (const rung of RUNGS) expect((count.get(rung) ?? 0) / docs.length, rung).toBeLessThan(0.32);
    // Every one-digit sum and both kinds of two-digit sum turn up in a corpus this size.
    const ones = new Set(docs.filter((p) => rungOf(p) === '1-digit').map((p) => `${p.a}+${p.b}`));
    expect(ones.size).toBe(36);
    // Multi-step keeps the recipe's range (1..4 steps), raised to at least two.
    const steps = new Set(docs.filter((p) => p.steps >= 2).map((p) => p.steps));
    expect([...steps].sort()).toEqual([2, 3, 4]);
  });

  it('uses the family wording: every "more" paraphrase, and no solution without traces', () => {
    const all = texts(ladder(), 3);
    expect(all.some((t) => t.includes(' owns ') && t.includes(' more '))).toBe(true);
    expect(all.some((t) => t.includes('Compared with'))).toBe(true);
    const plain = texts(ladder({ trace: false }), 3);
    for (const t of plain) expect(t).toMatch(/^Problem: .*\? Answer: \d+\.$/);
    // The same draws with and without the worked solution: the statements agree.
    expect(plain.slice(0, 50).map(statementOf)).toEqual(all.slice(0, 50).map(statementOf));
  });

  it('is deterministic by seed', () => {
    expect(texts(ladder(), 'a')).toEqual(texts(ladder(), 'a'));
    expect(texts(ladder(), 'a')).not.toEqual(texts(ladder(), 'b'));
    expect(probes(ladder(), 'a', 40)).toEqual(probes(ladder(), 'a', 40));
    expect(probes(ladder(), 'a', 40)).not.toEqual(probes(ladder(), 'b', 40));
  });

  it('charges exact bits: a one-digit problem is the rung, item, names, pair and template', () => {
    const recipe = ladder({ items: 2, paraphrases: 1 });
    for (const seed of ['x', 'y', 'z', 'w', 'v', 'u', 't', 's']) {
      const [doc] = [...generate({ ...recipe, bytes: 1 }, seed)].flat();
      const p = parse(doc.text);
      if (rungOf(p) === 'multi-step') continue;
      // Pairs per rung: 36 one-digit (a + b <= 9); the two-digit ones counted here from their rule.
      let n = 0;
      for (let a = 10; a <= 99; a++) for (let b = 1; b <= 99; b++) if (a + b <= 99 && carries(a, b) === (rungOf(p) === '2-digit-carry')) n++;
      const pairs = rungOf(p) === '1-digit' ? 36 : n;
      const bits = 2 + 1 + Math.log2(MATH_NAMES.length) + Math.log2(MATH_NAMES.length - 1) + Math.log2(pairs);
      expect(doc.bits, doc.text).toBeCloseTo(bits, 10);
    }
  });

  it('probes: round-robin over the rungs, tagged with meta.rung, each true to its rung', () => {
    const { probes: ps } = probes(ladder(), 1234, 48);
    expect(ps).toHaveLength(48);
    for (const [i, p] of ps.entries()) {
      const rung = RUNGS[i % RUNGS.length];
      expect(p.meta).toMatchObject({ split: 'iid', rung });
      const parsed = parse(p.prompt + p.answer);
      expect(fitsRung(parsed, rung), p.prompt).toBe(true);
      expect(p.meta?.steps).toBe(parsed.steps);
      expect(p.meta?.finalAnswer).toBe(String(parsed.answer));
    }
    expect(new Set(ps.map((p) => p.id)).size).toBe(48);
    expect(new Set(ps.map((p) => p.prompt)).size).toBe(48);
  });

  it('held-out problems never equal training ones', () => {
    const recipe = ladder({}, 400_000);
    const train = texts(recipe, 5);
    const seen = new Set(train.map(statementOf));
    for (const s of seen) expect(isHeldOutKey(s)).toBe(false);
    const { probes: ps } = probes(recipe, 5, 200);
    for (const p of ps) {
      const statement = p.prompt.slice(0, -' Solution:'.length);
      expect(isHeldOutKey(statement), statement).toBe(true);
      expect(seen.has(statement), statement).toBe(false);
    }
    // The easiest rung has few problems (36 sums × names × items × templates): its held-out ones are still
    // fresh statements even though their sums are all in training.
    expect(ps.filter((p) => p.meta?.rung === '1-digit').length).toBe(50);
  });

  it('every one-step probe fits a 64-token context with the experiment\'s BPE tokenizer, traces on or off', async () => {
    for (const trace of [true, false]) {
      const base = tinyExperiment();
      const config = {
        ...base,
        model: { ...base.model, contextLength: 64 },
        eval: { ...base.eval, probesPerFamily: 48 },
        tokenizer: { kind: 'bpe' as const, vocabSize: 512 },
        corpus: ladder({ trace }, 300_000),
        runs: [{ name: 'arithmetic', share: 1 }],
      };
      const prepared = await prepareExperiment(config, null);
      const arith = prepared.probes.filter((p) => p.family === 'arithmetic');
      const oneStep = arith.filter((p) => p.meta?.steps === 1);
      expect(oneStep).toHaveLength(36);
      for (const p of oneStep) expect(probeFits(prepared.tokenizer, p, 64), p.prompt).toBe(true);
      // What the preparation reports agrees: only multi-step probes can fall outside the window.
      const fit = prepared.probeFit.find((f) => f.family === 'arithmetic')!;
      expect(fit.total).toBe(48);
      expect(fit.outOfContext).toBe(arith.filter((p) => !probeFits(prepared.tokenizer, p, 64)).length);
      expect(fit.outOfContext).toBeLessThanOrEqual(12);
    }
  }, 60_000);

  it('accuracy is reported per rung; ladder-off probes keep their old slices', () => {
    const { probes: ps } = probes(ladder(), 1, 8);
    const results: ProbeResult[] = ps.map((_, i) => ({ inContext: true, exact: i % 4 === 0 }) as ProbeResult);
    const b = probeBreakdown(ps, results);
    expect(b['arithmetic/rung=1-digit']).toBe(1);
    expect(b['arithmetic/rung=2-digit']).toBe(0);
    expect(b['arithmetic/rung=2-digit-carry']).toBe(0);
    expect(b['arithmetic/iid']).toBe(0.25);
    const off = probes(ladder({ ladder: false }), 1, 8).probes;
    const keys = Object.keys(probeBreakdown(off, off.map(() => ({ inContext: true, exact: false }) as ProbeResult)));
    expect(keys.some((k) => k.includes('rung='))).toBe(false);
    expect(keys).toContain('arithmetic/ood');
  });

  it('ladder off is the default and changes nothing; validation takes only a boolean', () => {
    const r = validateRecipe({ preset: 'igsm-lite' });
    expect(r.ok && r.recipe.arithmetic.ladder).toBe(false);
    const off = ladder({ ladder: false });
    const { ladder: _, ...knobs } = off.arithmetic;
    const implicit = validateRecipe({ preset: 'igsm-lite', bytes: off.bytes, arithmetic: knobs });
    expect(implicit.ok && texts(implicit.recipe, 9)).toEqual(texts(off, 9));
    const ps: Probe[] = probes(off, 9, 24).probes;
    expect(ps.every((p) => p.meta?.rung === undefined)).toBe(true);
    expect(ps.filter((p) => p.meta?.split === 'ood')).toHaveLength(12);
    for (const bad of ['yes', 1, null, [true]]) {
      const v = validateRecipe({ arithmetic: { ladder: bad } });
      expect(v.ok).toBe(false);
      expect(!v.ok && v.errors.join()).toMatch(/arithmetic\.ladder: must be true or false/);
    }
  });
});
