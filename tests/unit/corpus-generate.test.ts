import { describe, expect, it } from 'vitest';
import {
  CorpusFingerprint,
  corpusText,
  generate,
  heldOutText,
  preset,
  probes,
  sha256Hex,
  type Recipe,
} from '../../src/lib/corpus/index.ts';

const recipe: Recipe = { ...preset('default-mix'), bytes: 600_000 };

function fingerprint(r: Recipe, seed: number | string, chunkBytes?: number): string {
  const fp = new CorpusFingerprint();
  for (const chunk of generate(r, seed, { chunkBytes })) for (const d of chunk) fp.add(d);
  return fp.digest();
}

describe('generate', () => {
  it('same recipe and seed → same fingerprint; different seed → different', () => {
    const a = fingerprint(recipe, 1);
    expect(fingerprint(recipe, 1)).toBe(a);
    expect(fingerprint(recipe, 2)).not.toBe(a);
    expect(fingerprint(recipe, 'one')).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('chunked streaming equals one-shot output, whatever the chunk size', () => {
    const whole = corpusText(recipe, 3);
    expect(fingerprint(recipe, 3, 1)).toBe(sha256Hex(whole));
    expect(fingerprint(recipe, 3, 10_000_000)).toBe(sha256Hex(whole));
    const chunks = [...generate(recipe, 3, { chunkBytes: 50_000 })];
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.flat().map((d) => d.text + '\n\n').join('')).toBe(whole);
  });

  it('stops at the first document boundary at or past the target size and respects weights', () => {
    const docs = [...generate(recipe, 4)].flat();
    const size = (t: string): number => new TextEncoder().encode(t).length + 2;
    const total = docs.reduce((n, d) => n + size(d.text), 0);
    expect(total).toBeGreaterThanOrEqual(recipe.bytes);
    expect(total - size(docs[docs.length - 1].text)).toBeLessThan(recipe.bytes);
    for (const f of ['stories', 'biographies', 'arithmetic', 'textbook'] as const) {
      const share = docs.filter((d) => d.family === f).reduce((n, d) => n + size(d.text), 0) / total;
      expect(Math.abs(share - recipe.weights[f])).toBeLessThan(0.01);
    }
  });

  it('never produces the document separator inside a document, and every doc carries finite positive bits', () => {
    for (const d of [...generate(recipe, 5)].flat()) {
      expect(d.text.includes('\n\n')).toBe(false);
      expect(d.text.length).toBeGreaterThan(0);
      expect(Number.isFinite(d.bits) && d.bits >= 0).toBe(true);
    }
  });

  it('held-out text is reproducible, seed-dependent and disjoint from training for every family', () => {
    const train = new Set(corpusText(recipe, 6).split('\n\n'));
    for (const f of ['stories', 'biographies', 'arithmetic', 'textbook'] as const) {
      const h = heldOutText(recipe, 6, f, 20_000);
      expect(h.length).toBeGreaterThanOrEqual(20_000);
      expect(heldOutText(recipe, 6, f, 20_000)).toBe(h);
      expect(heldOutText(recipe, 7, f, 20_000)).not.toBe(h);
      for (const doc of h.split('\n\n').filter(Boolean)) expect(train.has(doc)).toBe(false);
    }
  });

  it('probes are deterministic, capped per family and only for families in the mix', () => {
    const a = probes(recipe, 8, 30);
    expect(probes(recipe, 8, 30)).toEqual(a);
    for (const f of ['stories', 'biographies', 'arithmetic', 'textbook'] as const) {
      const n = a.probes.filter((p) => p.family === f).length;
      expect(n).toBeGreaterThan(0);
      expect(n).toBeLessThanOrEqual(30);
    }
    expect(new Set(a.probes.map((p) => p.id)).size).toBe(a.probes.length);
    const onlyStories = probes({ ...recipe, weights: { stories: 1, biographies: 0, arithmetic: 0, textbook: 0 } }, 8, 30);
    expect(new Set(onlyStories.probes.map((p) => p.family))).toEqual(new Set(['stories']));
  });
});
