// The incremental trainer against the definition of BPE: recount every pair after every merge, take the
// most frequent, ties to the smallest (left, right). Any bookkeeping slip in the incremental counts, the
// pair→words index or the lazy heap shows up as a different merge list.
import { describe, expect, it } from 'vitest';
import { hasShared, needsShared, readSharedText } from '../../src/lib/baseline/shared-datasets.ts';
import { countWords, trainBpe } from '../../src/lib/tokenizer/index.ts';

function bruteForceBpe(texts: string[], vocab: number): Array<[number, number]> {
  const { words: raw, counts } = countWords(texts);
  let words = raw.map((w) => Array.from(w));
  const merges: Array<[number, number]> = [];
  while (merges.length < vocab - 257) {
    const count = new Map<string, number>();
    words.forEach((w, wi) => {
      for (let i = 0; i + 1 < w.length; i++) count.set(`${w[i]},${w[i + 1]}`, (count.get(`${w[i]},${w[i + 1]}`) ?? 0) + counts[wi]);
    });
    let best: [number, number] | null = null;
    let bestCount = 0;
    for (const [k, c] of count) {
      const [a, b] = k.split(',').map(Number);
      const smaller = best !== null && (a < best[0] || (a === best[0] && b < best[1]));
      if (c > bestCount || (c === bestCount && smaller)) [best, bestCount] = [[a, b], c];
    }
    if (best === null || bestCount < 2) break;
    const [a, b] = best;
    const id = 257 + merges.length;
    merges.push(best);
    words = words.map((w) => {
      const out: number[] = [];
      for (let i = 0; i < w.length; i++) {
        if (i + 1 < w.length && w[i] === a && w[i + 1] === b) {
          out.push(id);
          i++;
        } else out.push(w[i]);
      }
      return out;
    });
  }
  return merges;
}

describe('incremental BPE training equals brute-force recounting', () => {
  it('on 200 random texts over a small alphabet (many ties, overlapping pairs like "aaa")', () => {
    let s = 12345;
    const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const pieces = ['a', 'b', 'aa', ' ', 'ab', 'ba', '.', 'é', '\n'];
    for (let t = 0; t < 200; t++) {
      let x = '';
      const n = 5 + Math.floor(next() * 200);
      for (let i = 0; i < n; i++) x += pieces[Math.floor(next() * pieces.length)];
      expect(trainBpe([x], 320), JSON.stringify(x)).toEqual(bruteForceBpe([x], 320));
    }
  });

  const C4 = 'c4/train.jsonl';
  it.skipIf(!hasShared(C4))(`on 100 real C4 documents to vocab 600 ${needsShared(C4)}`, () => {
    const docs = readSharedText(C4).split('\n').filter(Boolean).slice(0, 100).map((l) => (JSON.parse(l) as { text: string }).text);
    expect(trainBpe(docs, 600)).toEqual(bruteForceBpe(docs, 600));
  });
});
