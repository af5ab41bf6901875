import { describe, expect, it } from 'vitest';
import { preset } from '../../src/lib/corpus/index.ts';
import { fingerprintCorpus, highlightFacts, manifestEntryFor, previewFamilies, webPreview, webTextStats } from '../../src/lib/experiment/preview.ts';
import { corpusStats } from '../../src/lib/corpus/index.ts';
import { DEFAULT_HUB_BASELINE, documentsFromText, manifestProblems, type Manifest } from '../../src/lib/baseline/index.ts';
import manifest from '../../datasets/manifest.json';
import { hasShared, needsShared, readSharedBytes } from '../../src/lib/baseline/shared-datasets.ts';
import type { Bits } from '../../src/lib/units.ts';
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

describe.skipIf(!hasShared('wikitext-2/valid.txt'))(`web baseline view ${needsShared('wikitext-2/valid.txt')}`, () => {
  // Real web text from the shared datasets (WikiText-2 validation split), never copied into the repo;
  // read verified against the manifest's size and SHA-256.
  const docs = hasShared('wikitext-2/valid.txt') ? documentsFromText(new TextDecoder().decode(readSharedBytes('wikitext-2/valid.txt'))).slice(0, 400) : [];

  it('computes the same statistics as the corpus view, with every document counted as web text', async () => {
    const s = await webTextStats(docs);
    const direct = corpusStats(docs.map((text) => ({ family: 'biographies' as const, text, bits: NaN as Bits, bitsIsUpperBound: false, source: 'web' as const })));
    expect(s).toEqual(direct);
    expect(s!.documents).toBe(docs.length);
    expect(s!.web.documents).toBe(docs.length);
    expect(s!.families).toEqual({});
    expect(s!.distinctWords).toBeGreaterThan(1000);
    expect(s!.ngramDiversity[0].ratio).toBeGreaterThan(0);
    expect(s!.ngramDiversity[3].ratio).toBeGreaterThan(s!.ngramDiversity[0].ratio);
  });

  it('stops when aborted', async () => {
    const abort = new AbortController();
    abort.abort();
    expect(await webTextStats(docs, abort.signal)).toBeNull();
  });

});

describe('web baseline source and preview', () => {
  it('previews the first documents cut at a word boundary', () => {
    const p = webPreview(['short', 'word '.repeat(300)], 3, 100);
    expect(p[0]).toBe('short');
    expect(p[1].length).toBeLessThanOrEqual(102);
    expect(p[1].endsWith(' …')).toBe(true);
    expect(p).toHaveLength(2);
  });
  it('reads source and licence of the default baseline from datasets/manifest.json', () => {
    expect(manifestProblems(manifest)).toEqual([]);
    const m = manifest as Manifest;
    const e = manifestEntryFor(DEFAULT_HUB_BASELINE, m);
    expect(e?.id).toBe('fineweb-edu-10bt-000');
    expect(e?.license).toBe('ODC-By-1.0');
    expect(manifestEntryFor({ ...DEFAULT_HUB_BASELINE, revision: 'abc123' }, m)?.id).toBe('fineweb-edu-10bt-000');
    expect(manifestEntryFor({ ...DEFAULT_HUB_BASELINE, dataset: 'someone/else' }, m)).toBeNull();
  });
});
