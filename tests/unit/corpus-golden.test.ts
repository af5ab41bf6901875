// Pinned output of the generators (constants in corpus-golden.ts, shared with the browser test): a change
// here means every old link using that family reproduces a different corpus.
import { describe, expect, it } from 'vitest';
import { GOLDEN_CORPORA, goldenDigests } from './corpus-golden.ts';

describe('golden corpora (Node)', () => {
  for (const g of GOLDEN_CORPORA) {
    it(`reproduces "${g.name}" byte for byte`, () => {
      expect(goldenDigests(g)).toEqual({ corpus: g.corpus, probes: g.probes, heldOut: g.heldOut });
    });
  }

  it('the golden recipes differ from each other and cover every family', () => {
    expect(new Set(GOLDEN_CORPORA.map((g) => g.corpus)).size).toBe(GOLDEN_CORPORA.length);
    const families = new Set(GOLDEN_CORPORA.flatMap((g) => Object.entries((g.recipe as { weights: Record<string, number> }).weights).filter(([, w]) => w > 0).map(([f]) => f)));
    expect(families).toEqual(new Set(['stories', 'biographies', 'arithmetic', 'textbook']));
  });
});
