// The entropy floor of real generators, checked against values worked out by hand: for one tiny document
// of a family, list every random choice the generator made, multiply the probabilities, and compare
// -log2 of the product with the bits the generator records and the bits per byte the statistics report.
import { describe, expect, it } from 'vitest';
import { corpusStats, generate, validateRecipe, type Doc, type Recipe } from '../../src/lib/corpus/index.ts';
import { BIO_FIRST, BIO_LAST, BIO_CITIES, MATH_ITEMS, MATH_NAMES } from '../../src/lib/corpus/lexicon.ts';

function recipeOf(input: object): Recipe {
  const r = validateRecipe(input);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.recipe;
}

/** The first document of the training stream: `bytes: 1` stops generation after one document. */
function firstDoc(recipe: Recipe, seed: string): Doc {
  const docs = [...generate({ ...recipe, bytes: 1 }, seed)].flat();
  expect(docs).toHaveLength(1);
  return docs[0];
}

describe('entropy floor of real generators, computed by hand', () => {
  it('a biography with 10 people, 2 attributes and 4 values per attribute', () => {
    const recipe = recipeOf({
      weights: { stories: 0, biographies: 1, arithmetic: 0, textbook: 0 },
      biographies: { people: 10, paraphrases: 1, shuffle: false, fullName: true, dilution: 0, tag: false, attributes: 2, values: 4 },
    });
    const doc = firstDoc(recipe, 'tiny');
    expect(doc.text).toBe('Quilla Lindemann was born on July 30, 1934. Quilla Lindemann spent her early years in Tallinn.');
    // The choices behind it, each uniform:
    //   the person's name: one of 100 first names × 98 last names = 9,800 (the first person of the world
    //     is drawn from the whole pool)                                   p = 1/9800
    //   birth month: one of 12                                            p = 1/12
    //   birth day: one of the 31 days of July                             p = 1/31
    //   birth year: one of 1900..1999                                     p = 1/100
    //   birth city: one of the first 4 cities (values = 4)                p = 1/4
    //   the template of each of the 2 sentences: one of 6 each            p = 1/6 × 1/6
    //   which person comes first: none (the first cycle is in world order) and no sentence shuffle.
    // So the document has probability 1 / (9800 × 12 × 31 × 100 × 4 × 36) = 1 / 52,496,640,000, and the
    // text determines every choice (the name, the date and the city are spelled out; each sentence shows
    // its template), so its information content is exactly log2(52,496,640,000) ≈ 35.6115 bits.
    expect(BIO_FIRST.length * BIO_LAST.length).toBe(9800);
    expect(BIO_CITIES.slice(0, 4)).toContain('Tallinn');
    const bits = Math.log2(9800) + Math.log2(12) + Math.log2(31) + Math.log2(100) + Math.log2(4) + 2 * Math.log2(6);
    expect(9800 * 12 * 31 * 100 * 4 * 36).toBe(52_496_640_000);
    expect(bits).toBeCloseTo(Math.log2(52_496_640_000), 10);
    expect(doc.bits).toBeCloseTo(bits, 10);
    expect(doc.bitsIsUpperBound).toBe(false);
    // 94 ASCII characters = 94 bytes: the floor is 35.6115 / 94 ≈ 0.37885 bits per byte.
    const stats = corpusStats([doc], recipe).families.biographies!;
    expect(stats.bytes).toBe(94);
    expect(stats.bitsPerByte).toBeCloseTo(bits / 94, 12);
    expect(stats.bitsPerByte).toBeCloseTo(0.37885, 5);
    expect(stats.bitsIsUpperBound).toBe(false);
  });

  it('a one-step word problem with operands up to 9, two items and one template, without a trace', () => {
    const recipe = recipeOf({
      weights: { stories: 0, biographies: 0, arithmetic: 1, textbook: 0 },
      arithmetic: { maxOperand: 9, minSteps: 1, maxSteps: 1, trace: false, items: 2, paraphrases: 1 },
    });
    const a = firstDoc(recipe, 'tiny');
    expect(a.text).toBe('Problem: Kira has 2 apples. Ben has 9 more apples than Kira. How many apples does Ben have? Answer: 11.');
    // Choices: the item, one of 2 (apples, pears): 1 bit. The number of steps, between 1 and 1: no choice.
    // Two different names in order from 24: log2(24) + log2(23). Kira's count, from 2..9: log2(8) = 3.
    // Ben's quantity is defined from Kira's (the only earlier one): no choice. The operation: with 2 apples,
    // "fewer" would go below 2 and "sum" needs a second earlier quantity, so it is one of {more, times}:
    // 1 bit. The template, one of 1: no choice. The "more" amount, from 2..min(9, 1e9 - 2): log2(8) = 3.
    // Total: 1 + log2(552) + 3 + 1 + 3 = 8 + log2(552) ≈ 17.1085 bits over 103 bytes.
    expect(MATH_ITEMS.slice(0, 2)).toEqual(['apples', 'pears']);
    expect(MATH_NAMES).toHaveLength(24);
    const bitsA = 1 + Math.log2(24) + Math.log2(23) + 3 + 1 + 3;
    expect(a.bits).toBeCloseTo(bitsA, 10);
    // Another seed: with 8 pears all of more, fewer and times are possible (log2 3 bits), and "times" takes
    // a factor from 2..min(9, 1e9 / 8): log2(8) = 3 bits. Total 1 + log2(552) + 3 + log2(3) + 3.
    const b = firstDoc(recipe, 'tiny3');
    expect(b.text).toBe('Problem: Femi has 8 pears. Cleo has 9 times as many pears as Femi. How many pears does Cleo have? Answer: 72.');
    const bitsB = 1 + Math.log2(24) + Math.log2(23) + 3 + Math.log2(3) + 3;
    expect(b.bits).toBeCloseTo(bitsB, 10);
    // The training stream leaves out the held-out class of problems (1 in 32), so each training problem
    // is in fact a little more likely than the product above: the recorded bits are an upper bound, and
    // the statistics say so and why.
    const stats = corpusStats([a, b], recipe).families.arithmetic!;
    expect(stats.bytes).toBe(103 + 109);
    expect(stats.bitsPerByte).toBeCloseTo((bitsA + bitsB) / (103 + 109), 12);
    expect(stats.bitsIsUpperBound).toBe(true);
    expect(stats.upperBoundReason).toMatch(/held-out hash class/);
  });
});
