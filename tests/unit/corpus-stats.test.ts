import { describe, expect, it } from 'vitest';
import type { Bits } from '../../src/lib/units.ts';
import { Chance, corpusStats, pick, preset, words, type Doc } from '../../src/lib/corpus/index.ts';

const doc = (text: string, bits = 0, family: Doc['family'] = 'stories'): Doc => ({ family, text, bits: bits as Bits, bitsIsUpperBound: false });

describe('corpus statistics (hand-checked)', () => {
  it('tokenizes words as lowercased ASCII alphanumeric runs', () => {
    expect(words('The cat, the CAT! 42x é-b')).toEqual(['the', 'cat', 'the', 'cat', '42x', 'b']);
  });

  it('counts bytes, documents, words and n-gram diversity exactly', () => {
    // doc 1: "a b a b" (4 words), doc 2: "a b" (2 words). n-grams never cross documents.
    const s = corpusStats([doc('a b a b', 8), doc('a b', 2, 'arithmetic')]);
    expect(s.bytes).toBe(7 + 2 + 3 + 2);
    expect(s.documents).toBe(2);
    expect(s.words).toBe(6);
    expect(s.distinctWords).toBe(2);
    // unigrams: 6 total, {a, b} distinct. bigrams: (ab, ba, ab) + (ab) = 4 total, {ab, ba} distinct.
    // trigrams: (aba, bab) = 2 total, 2 distinct. 4-grams: (abab) = 1 total, 1 distinct.
    expect(s.ngramDiversity).toEqual([
      { n: 1, distinct: 2, total: 6, ratio: 2 / 6 },
      { n: 2, distinct: 2, total: 4, ratio: 2 / 4 },
      { n: 3, distinct: 2, total: 2, ratio: 1 },
      { n: 4, distinct: 1, total: 1, ratio: 1 },
    ]);
    expect(s.families.stories).toMatchObject({ documents: 1, bytes: 7, bits: 8, bitsPerByte: 8 / 7 });
    expect(s.families.stories!.share).toBeCloseTo(7 / 10, 12);
    expect(s.families.arithmetic).toMatchObject({ documents: 1, bytes: 3, bits: 2, bitsPerByte: 2 / 3 });
    expect(s.web).toEqual({ documents: 0, bytes: 0, share: 0 });
  });

  it('counts UTF-8 bytes and keeps web documents out of the entropy floor', () => {
    const web: Doc = { family: 'biographies', text: 'héllo', bits: Number.NaN as Bits, bitsIsUpperBound: false, source: 'web' };
    const s = corpusStats([doc('bio', 3, 'biographies'), web]);
    expect(s.bytes).toBe(3 + 2 + 6 + 2);
    expect(s.families.biographies).toMatchObject({ documents: 1, bytes: 3, bits: 3, bitsPerByte: 1 });
    expect(s.web).toEqual({ documents: 1, bytes: 6, share: 6 / 9 });
  });

  it('limits n-gram counting to the documents starting within the sample', () => {
    const s = corpusStats([doc('a b'), doc('c d'), doc('e f')], undefined, 5);
    // doc 1 starts at 0, doc 2 at 5 (outside a 5-byte sample): only doc 1 counts.
    expect(s.ngramDiversity[0]).toEqual({ n: 1, distinct: 2, total: 2, ratio: 1 });
    expect(s.distinctWords).toBe(6);
  });

  it('entropy floor of a tiny grammar equals the hand-computed value: 4 equiprobable words = 2 bits each', () => {
    const words4 = ['red', 'tan', 'big', 'odd'];
    const docs: Doc[] = [];
    for (let i = 0; i < 50; i++) {
      const ch = new Chance('tiny', String(i));
      const text = Array.from({ length: 10 }, () => pick(ch, words4)).join(' ');
      docs.push(doc(text, ch.bits));
    }
    const s = corpusStats(docs);
    // Every doc: 10 words × 2 bits = 20 bits over 10 × 3 letters + 9 spaces = 39 bytes.
    expect(s.families.stories!.bits).toBe(50 * 20);
    expect(s.families.stories!.bitsPerByte).toBe(20 / 39);
  });

  it('reports why a family floor is an upper bound when the recipe is given', () => {
    const d = { ...doc('x', 1), bitsIsUpperBound: true };
    const s = corpusStats([d], preset('tinystories'));
    expect(s.families.stories!.bitsIsUpperBound).toBe(true);
    expect(s.families.stories!.upperBoundReason).toMatch(/held-out hash class/);
  });
});
