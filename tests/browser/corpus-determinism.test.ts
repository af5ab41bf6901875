// The same recipes and seeds give byte-identical corpora, probes and held-out text in the browser as in
// Node: the digests are the constants the Node test pins (tests/unit/corpus-golden.ts).
import { describe, expect, it } from 'vitest';
import { GOLDEN_CORPORA, goldenDigests } from '../unit/corpus-golden.ts';

describe('golden corpora (headless Chromium)', () => {
  it('runs in a real browser, not Node', () => {
    expect(typeof document.createElement).toBe('function');
    expect(navigator.userAgent).toMatch(/Chrome/);
    console.log(`[corpus-determinism] ${navigator.userAgent}`);
  });

  for (const g of GOLDEN_CORPORA) {
    it(`reproduces "${g.name}" byte for byte`, () => {
      expect(goldenDigests(g)).toEqual({ corpus: g.corpus, probes: g.probes, heldOut: g.heldOut });
    });
  }
});
