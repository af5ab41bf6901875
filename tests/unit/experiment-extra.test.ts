// Bring your own text as an extra corpus: config, fingerprint check, mixing into runs, its held-out set.
import { describe, expect, it } from 'vitest';
import { fingerprintDocuments } from '../../src/lib/baseline/index.ts';
import { heldOutDocs, preset as recipePreset, utf8Length } from '../../src/lib/corpus/index.ts';
import { validateExperimentConfig, type ExperimentConfig } from '../../src/lib/experiment/config.ts';
import { extraTextFrom } from '../../src/lib/experiment/extra-text.ts';
import { mixSources, prepareExperiment } from '../../src/lib/experiment/prepare.ts';
import { tinyExperiment } from '../helpers/experiments.ts';

/** "The user's file": real generated biographies, standing in for any text a user drops in. */
const userDocs = heldOutDocs(recipePreset('bios-single'), 99, 'biographies', 40_000).map((d) => d.text);
const userRef = { name: 'my-notes.txt', fingerprint: fingerprintDocuments(userDocs), bytes: userDocs.reduce((n, d) => n + utf8Length(d), 0) };

function withExtra(patch: Partial<ExperimentConfig> = {}): ExperimentConfig {
  return { ...tinyExperiment(10), extra: userRef, runs: [{ name: 'stories', share: 1 }, { name: 'half mine', share: 0.5, extraShare: 0.5 }], ...patch };
}

describe('extra corpus', () => {
  it('is validated: a share of it needs one, and shares add up to at most 1', () => {
    expect(validateExperimentConfig(withExtra()).ok).toBe(true);
    const errors = (c: unknown) => {
      const r = validateExperimentConfig(c);
      return r.ok ? [] : r.errors;
    };
    const { extra: _none, ...noExtra } = withExtra();
    expect(errors(noExtra)).toContain('runs[1].extraShare: run "half mine" trains on the extra corpus, but the experiment has none ("extra")');
    expect(errors(withExtra({ runs: [{ name: 'too much', share: 0.8, extraShare: 0.4 }] }))).toContain('runs[0].extraShare: run "too much" has synthetic share 0.8 + extra share 0.4 > 1');
    // Synthetic + extra below 1 needs web text, which a "none" baseline cannot give.
    expect(errors(withExtra({ runs: [{ name: 'gap', share: 0.5, extraShare: 0.3 }] }))).toContain('runs[0].share: run "gap" needs web text (share 0.5 + extra 0.3 < 1), but the baseline is "none"');
    expect(errors({ ...withExtra(), extra: { ...userRef, fingerprint: 'nope' } }).some((e) => e.startsWith('extra.fingerprint: '))).toBe(true);
  });

  it('refuses text that is not the file the experiment names', () => {
    const config = withExtra();
    expect(() => extraTextFrom({ docs: userDocs.slice(1), fingerprint: fingerprintDocuments(userDocs.slice(1)), source: 'other.txt' }, config)).toThrow(
      /other\.txt has fingerprint [0-9a-f]{64}, but this experiment's extra corpus \("my-notes\.txt"\) has fingerprint/,
    );
    expect(() => extraTextFrom({ docs: userDocs, fingerprint: userRef.fingerprint, source: 'x' }, { seed: 1 })).toThrow(/has no extra corpus/);
  });

  it('mixes into the runs that ask for it, by bytes, and gets a held-out set no run trains on', async () => {
    const config = withExtra();
    const extra = extraTextFrom({ docs: userDocs, fingerprint: userRef.fingerprint, source: 'my-notes.txt' }, config);
    await expect(prepareExperiment(config, null)).rejects.toThrow(/extra corpus \("my-notes\.txt"\), but its text is not loaded/);
    const prepared = await prepareExperiment(config, null, () => {}, extra);
    expect(prepared.heldout.map((h) => h.name)).toEqual(['extra', 'stories']);
    expect(prepared.heldout[0]).toMatchObject({ floorBpb: null, docs: extra.heldout });
    expect(prepared.corpus.extra).toMatchObject({ fingerprint: userRef.fingerprint, documents: extra.train.length });
    const [stories, half] = prepared.runs;
    expect(stories.extraBytes).toBe(0);
    const total = config.corpus.bytes;
    expect(half.syntheticBytes / total).toBeCloseTo(0.5, 1);
    expect(half.extraBytes / total).toBeCloseTo(0.5, 1);
    expect(half.webBytes).toBe(0);
    // The run's stream holds the user's training documents and never one of its held-out documents.
    const text = prepared.tokenizer.decode(half.tokens);
    expect(extra.train.some((d) => text.includes(d))).toBe(true);
    expect(extra.heldout.some((d) => text.includes(d))).toBe(false);
  });

  it('interleaves any number of sources evenly by their wanted bytes', () => {
    const src = (label: string, n: number, repeat: boolean, want: number) => ({ label, docs: Array.from({ length: n }, (_, i) => `${label}${i}`.padEnd(8, '.')), want, repeat });
    const m = mixSources([src('a', 100, false, 300), src('b', 2, true, 200), src('c', 100, true, 100)]);
    expect(m.docs.slice(0, 6).map((d) => d[0])).toEqual(['a', 'b', 'c', 'a', 'b', 'a']);
    expect(m.bytes).toEqual([300, 200, 100]); // 10 bytes per document with its separator
    expect(m.repeated).toEqual([false, true, false]);
    expect(() => mixSources([src('a', 1, false, 10), { label: 'web text', docs: [], want: 5, repeat: true }])).toThrow(/needs web text, but none was loaded/);
  });
});
