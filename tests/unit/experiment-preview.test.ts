import { describe, expect, it } from 'vitest';
import { preset } from '../../src/lib/corpus/index.ts';
import { fingerprintCorpus, highlightFacts, previewFamilies } from '../../src/lib/experiment/preview.ts';
import { prepareExperiment } from '../../src/lib/experiment/prepare.ts';
import { defaultExperiment } from '../../src/lib/experiment/config.ts';

describe('corpus preview', () => {
  it('shows documents of every active family and facts that appear in them', () => {
    const p = previewFamilies({ ...preset('default-mix'), bytes: 100_000 }, 3);
    expect(p.map((f) => f.family)).toEqual(['stories', 'biographies', 'arithmetic', 'textbook']);
    for (const f of p) expect(f.docs.length).toBe(3);
    const bios = p.find((f) => f.family === 'biographies')!;
    expect(bios.facts.length).toBeGreaterThan(0);
  });

  it('highlights whole-word facts, longest first, and keeps every character', () => {
    const segs = highlightFacts('Anya was born in New Oslo, not Oslo or Oslow.', ['Oslo', 'New Oslo']);
    expect(segs.map((s) => s.text).join('')).toBe('Anya was born in New Oslo, not Oslo or Oslow.');
    expect(segs.filter((s) => s.fact).map((s) => s.text)).toEqual(['New Oslo', 'Oslo']);
  });

  it('fingerprints the corpus exactly as training prepares it', async () => {
    const config = defaultExperiment();
    config.corpus = { ...preset('tinystories'), bytes: 50_000 };
    config.baseline = { kind: 'none' };
    config.runs = [{ name: 's', share: 1 }];
    const fp = await fingerprintCorpus(config.corpus, config.seed);
    const prepared = await prepareExperiment(config, null);
    expect(fp?.fingerprint).toBe(prepared.corpus.fingerprint);
    expect(fp?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });
});
