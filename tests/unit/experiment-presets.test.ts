import { describe, expect, it } from 'vitest';
import { tokenBudget, validateExperimentConfig } from '../../src/lib/experiment/config.ts';
import { CHECKS_OF } from '../../src/lib/experiment/headline.ts';
import { EXPERIMENT_PRESETS, matchesPreset, presetAtBudget, presetBudgetOf } from '../../src/lib/experiment/presets.ts';
import { longerBudget } from '../../src/lib/experiment/estimate.ts';

describe('experiment presets', () => {
  for (const p of EXPERIMENT_PRESETS) {
    it(`${p.id} is a valid experiment at both budgets, and its lesson states seed, budget and expectation`, () => {
      for (const c of [p.config(), p.testConfig()]) {
        const r = validateExperimentConfig(c);
        expect(r.ok ? [] : r.errors).toEqual([]);
        expect(c.seed).toBe(p.seed);
      }
      expect(p.about.length).toBeGreaterThan(80);
      expect(p.lesson.startsWith(p.about)).toBe(true);
      expect(p.lesson).toContain(`Seed ${p.seed}.`);
      expect(p.lesson).toContain(`${p.config().train.steps} steps × ${p.config().train.batchSize} sequences × ${p.config().model.contextLength} tokens`);
      expect(p.expected.length).toBeGreaterThan(20);
    });

    it(`${p.id}: the reduced budget is the same experiment with less training`, () => {
      const full = p.config();
      const test = p.testConfig();
      expect(tokenBudget(test)).toBeLessThan(tokenBudget(full));
      // Same runs, shares, seed and corpus knobs; only sizes, model, schedule, evaluation and tokenizer differ.
      const shape = (c: typeof full) => ({ seed: c.seed, baseline: c.baseline, runs: c.runs.map((r) => ({ ...r, recipe: r.recipe && { ...r.recipe, bytes: 0 } })), corpus: { ...c.corpus, bytes: 0 } });
      expect(shape(test)).toEqual(shape(full));
      for (const id of p.testShows) expect(CHECKS_OF[p.headline]).toContain(id);
    });
  }
  it('tell an unchanged preset config from an edited one, whatever the key order', () => {
    const p = EXPERIMENT_PRESETS[0];
    const c = p.config();
    const reverse = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).reverse()) as T;
    const reordered = { ...reverse(c), train: reverse(c.train) };
    expect(Object.keys(reordered)[0]).not.toBe(Object.keys(c)[0]);
    expect(matchesPreset(p, reordered)).toBe(true);
    expect(matchesPreset(p, { ...c, seed: c.seed + 1 })).toBe(false);
    expect(matchesPreset(p, { ...c, train: { ...c.train, steps: c.train.steps + 1 } })).toBe(false);
    expect(matchesPreset(p, p.testConfig())).toBe(false);
  });
  it('know the lab budgets: the long one is 4× the steps and evaluates as often per token, and still counts as the preset', () => {
    for (const p of EXPERIMENT_PRESETS) {
      const standard = p.config();
      const long = presetAtBudget(p, 'long');
      expect(long.train.steps).toBe(standard.train.steps * 4);
      expect(long.eval.every).toBe(standard.eval.every * 4);
      expect(long.train.warmupSteps).toBe(standard.train.warmupSteps * 4);
      expect({ ...long, train: standard.train, eval: standard.eval }).toEqual(standard);
      expect(presetBudgetOf(p, standard)).toBe('standard');
      expect(presetBudgetOf(p, long)).toBe('long');
      expect(matchesPreset(p, long)).toBe(true);
      expect(presetBudgetOf(p, longerBudget(standard, 2))).toBeNull();
    }
  });
  it('knowledge-paraphrases: at both budgets the two runs differ only in how the biographies are written', () => {
    const p = EXPERIMENT_PRESETS.find((x) => x.id === 'knowledge-paraphrases')!;
    for (const c of [p.config(), p.testConfig()]) {
      const [one, five] = c.runs.map((r) => r.recipe!);
      const { paraphrases: k1, shuffle: s1, fullName: n1, ...rest1 } = one.biographies;
      const { paraphrases: k5, shuffle: s5, fullName: n5, ...rest5 } = five.biographies;
      expect(rest5).toEqual(rest1);
      expect({ ...five, biographies: null }).toEqual({ ...one, biographies: null });
      expect([k1, s1, n1]).toEqual([1, false, false]);
      expect([k5, s5, n5]).toEqual([5, true, true]);
    }
  });
  it('have unique ids', () => {
    expect(new Set(EXPERIMENT_PRESETS.map((p) => p.id)).size).toBe(EXPERIMENT_PRESETS.length);
  });
});
