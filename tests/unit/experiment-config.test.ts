import { describe, expect, it } from 'vitest';
import { fingerprintDocuments } from '../../src/lib/baseline/index.ts';
import { defaultExperiment, tokenBudget, validateExperimentConfig } from '../../src/lib/experiment/config.ts';
import { modelConfigFor, runModelSummaries, trainConfigFor } from '../../src/lib/experiment/derived-configs.ts';
import { trainingFingerprint } from '../../src/lib/experiment/fingerprint.ts';
import { webTextFrom } from '../../src/lib/experiment/web-text.ts';

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
      expect(r.errors).toContain('model.preset: expected one of "nano", "micro", "mini", "shallow-wide", "deep-narrow", got "giga"');
      expect(r.errors).toContain('runs[0].share: -0.1 is out of range [0, 1]');
    }
  });

  it('a run may train its own model (style and shape over the experiment\'s); bad ones are named by run', () => {
    const ok = validateExperimentConfig(withChange((c) => {
      c.runs[1].model = { style: 'phi', nLayer: 6, dModel: 32, nHead: 2, mlpHidden: 64 };
    }));
    expect(ok.ok).toBe(true);
    if (ok.ok) {
      expect(modelConfigFor(ok.value, 512, ok.value.runs[1])).toMatchObject({ style: 'phi', nLayer: 6, dModel: 32, contextLength: ok.value.model.contextLength, kernels: ok.value.model.kernels });
      expect(modelConfigFor(ok.value, 512, ok.value.runs[0]).style).toBeUndefined();
      expect(runModelSummaries(ok.value, 512)?.map((r) => [r.run, r.model.style, r.model.nLayer])).toEqual([[ok.value.runs[0].name, 'llama', 4], [ok.value.runs[1].name, 'phi', 6]]);
      expect(trainingFingerprint(ok.value)).not.toBe(trainingFingerprint(defaultExperiment()));
    }
    expect(runModelSummaries(defaultExperiment(), 512)).toBeNull();
    const bad = validateExperimentConfig(withChange((c) => {
      c.runs[1].model = { style: 'phi', dModel: 24, nHead: 4, contextLength: 8 };
    }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.join('\n')).toMatch(/runs\[1\]\.model: unknown field "contextLength"/);
    const odd = validateExperimentConfig(withChange((c) => (c.runs[1].model = { style: 'phi', dModel: 24, nHead: 4 })));
    expect(odd.ok).toBe(false);
    if (!odd.ok) expect(odd.errors).toContain('runs[1].model: width 24 must split into 4 heads whose size is a multiple of 4 for the phi style (rotary pairs half of each head)');
  });

  it('refuses a newer format with a message saying so', () => {
    const r = validateExperimentConfig(withChange((c) => (c.v = 7)));
    expect(r).toEqual({ ok: false, errors: [expect.stringMatching(/newer synthlab \(format 7\)/)] });
  });

  it('refuses unknown fields, script in names, and recipe errors from the corpus validator', () => {
    const r = validateExperimentConfig(withChange((c) => {
      c.bogus = 1;
      c.name = '<script>alert(1)</script>';
      c.corpus.stories.events = 99;
    }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toContain('value: unknown field "bogus"');
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

  it('sets Muon\'s learning rate when the optimizer is Muon, and only then', () => {
    const muon = withChange((c) => {
      c.train.optimizer = 'muon';
      c.train.muonLr = 0.05;
    });
    const ok = validateExperimentConfig(muon);
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(trainConfigFor(ok.value).muonLr).toBe(0.05);
    expect(trainConfigFor(defaultExperiment()).muonLr).toBe(0.02); // the library default when absent
    const r = validateExperimentConfig(withChange((c) => (c.train.muonLr = 0.05)));
    expect(r).toEqual({ ok: false, errors: ['train.muonLr: only the "muon" optimizer uses it (this experiment uses "adamw")'] });
    const range = validateExperimentConfig(withChange((c) => ((c.train.optimizer = 'muon'), (c.train.muonLr = 3))));
    expect(range.ok).toBe(false);
    if (!range.ok) expect(range.errors).toContain('train.muonLr: 3 is out of range [0.00001, 1]');
    // Training depends on it, so it is part of what a checkpoint file must match.
    expect(trainingFingerprint(muon as never)).not.toBe(trainingFingerprint(withChange((c) => ((c.train.optimizer = 'muon'), (c.train.muonLr = 0.04))) as never));
  });
});

describe('web-text provenance', () => {
  const docs = ['First web document.', 'Second one, a little longer.', 'Third.', 'Fourth document here.'];
  const fp = fingerprintDocuments(docs);

  it('a hub baseline may pin the fingerprint of its documents; text with another fingerprint is refused, naming both', () => {
    const config = defaultExperiment();
    if (config.baseline.kind !== 'hub') throw new Error('the default baseline is a hub file');
    const pinned = { ...config, baseline: { ...config.baseline, fingerprint: fp } };
    expect(validateExperimentConfig(pinned).ok).toBe(true);
    expect(webTextFrom({ docs, fingerprint: fp, source: 'hub' }, pinned).train.length + webTextFrom({ docs, fingerprint: fp, source: 'hub' }, pinned).heldout.length).toBe(4);
    const other = [...docs.slice(0, 3), 'A different fourth document.'];
    const otherFp = fingerprintDocuments(other);
    expect(() => webTextFrom({ docs: other, fingerprint: otherFp, source: 'HuggingFaceFW/fineweb-edu rows 0–2000' }, pinned)).toThrow(
      new RegExp(`fineweb-edu rows 0–2000 has fingerprint ${otherFp}, but this experiment was set up with web text of fingerprint ${fp}`),
    );
    // Without a pinned fingerprint any text is accepted (and its fingerprint is recorded in the results).
    expect(() => webTextFrom({ docs: other, fingerprint: otherFp, source: 'hub' }, config)).not.toThrow();
    // A local file's fingerprint is checked the same way.
    expect(() => webTextFrom({ docs: other, fingerprint: otherFp, source: 'file' }, { ...config, baseline: { kind: 'local', name: 'mine.txt', fingerprint: fp, bytes: 10 } })).toThrow(/fingerprint/);
    const bad = validateExperimentConfig({ ...config, baseline: { ...config.baseline, fingerprint: 'ABC' } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toMatch(/^baseline\.fingerprint: /);
  });
});
