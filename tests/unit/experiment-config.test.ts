import { describe, expect, it } from 'vitest';
import { defaultExperiment, tokenBudget, validateExperimentConfig } from '../../src/lib/experiment/config.ts';

const withChange = (f: (c: Record<string, any>) => void): unknown => {
  const c = structuredClone(defaultExperiment()) as Record<string, any>;
  f(c);
  return c;
};

describe('experiment config', () => {
  it('accepts the default experiment unchanged', () => {
    const d = defaultExperiment();
    expect(validateExperimentConfig(d)).toEqual({ ok: true, value: d });
    expect(tokenBudget(d)).toBe(400 * 16 * 128);
  });

  it('names the field and the problem for out-of-range values', () => {
    const r = validateExperimentConfig(withChange((c) => {
      c.train.lr = 5;
      c.model.preset = 'giga';
      c.runs[0].share = -0.1;
    }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toContain('train.lr: 5 is out of range [0.000001, 1]');
      expect(r.errors).toContain('model.preset: expected one of "nano", "micro", "mini", got "giga"');
      expect(r.errors).toContain('runs[0].share: -0.1 is out of range [0, 1]');
    }
  });

  it('refuses a newer format with a message saying so', () => {
    const r = validateExperimentConfig(withChange((c) => (c.v = 7)));
    expect(r).toEqual({ ok: false, errors: [expect.stringMatching(/newer synthlab \(format 7\)/)] });
  });

  it('refuses unknown fields, script in names, and recipe errors from the corpus validator', () => {
    const r = validateExperimentConfig(withChange((c) => {
      c.extra = 1;
      c.name = '<script>alert(1)</script>';
      c.corpus.stories.events = 99;
    }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toContain('value: unknown field "extra"');
      expect(r.errors.some((e) => e.startsWith('name: '))).toBe(true);
      expect(r.errors.some((e) => e.startsWith('corpus: ') && e.includes('events'))).toBe(true);
    }
  });

  it('checks rules that span fields', () => {
    const r = validateExperimentConfig(withChange((c) => {
      c.baseline = { kind: 'none' };
      c.runs[1].name = 'synthetic';
    }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toContain('runs[1].share: run "synthetic" needs web text (share 0 < 1), but the baseline is "none"');
      expect(r.errors).toContain('runs: two runs are named "synthetic"');
    }
  });

  it('never throws on hostile values', () => {
    const hostile: unknown[] = [null, undefined, 0, 'x', [], new Proxy({}, { ownKeys: () => { throw new Error('boom'); } }), JSON.parse('{"__proto__":{"v":1}}')];
    for (const h of hostile) expect(validateExperimentConfig(h).ok).toBe(false);
  });
});
