// Byte-level BPE training. Incremental: pair counts are kept up to date as merges rewrite only the
// words that contain the merged pair, and a max-heap with lazy deletion finds the next best pair,
// so 10 MB trains in seconds rather than recounting every pair for every merge.
// Deterministic: ties between equally frequent pairs go to the pair with the smaller (left, right)
// ids, and words are visited in first-seen order; nothing depends on hashing or iteration quirks.
import { pretokenize } from './pretokenize.ts';

export const FIRST_MERGE_ID = 257; // 0..255 bytes, 256 the separator
const KEY_BASE = 1 << 14; // ids stay below 16384 (vocab ≤ 8192), so a pair packs into one number

const pairKey = (a: number, b: number) => a * KEY_BASE + b;

/** Max-heap of [count, key] with lazy deletion (stale entries are skipped when popped). */
class PairHeap {
  private counts: number[] = [];
  private keys: number[] = [];

  push(count: number, key: number): void {
    this.counts.push(count);
    this.keys.push(key);
    let i = this.counts.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  pop(): [number, number] | null {
    const n = this.counts.length;
    if (n === 0) return null;
    const top: [number, number] = [this.counts[0], this.keys[0]];
    this.swap(0, n - 1);
    this.counts.pop();
    this.keys.pop();
    let i = 0;
    const m = this.counts.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < m && this.before(l, best)) best = l;
      if (r < m && this.before(r, best)) best = r;
      if (best === i) break;
      this.swap(i, best);
      i = best;
    }
    return top;
  }

  /** Higher count first; on equal counts the smaller pair key. */
  private before(i: number, j: number): boolean {
    return this.counts[i] > this.counts[j] || (this.counts[i] === this.counts[j] && this.keys[i] < this.keys[j]);
  }

  private swap(i: number, j: number): void {
    [this.counts[i], this.counts[j]] = [this.counts[j], this.counts[i]];
    [this.keys[i], this.keys[j]] = [this.keys[j], this.keys[i]];
  }
}

/** Distinct pre-tokens with their counts, in first-seen order. */
export function countWords(texts: Iterable<string>): { words: Uint8Array[]; counts: number[] } {
  const index = new Map<string, number>();
  const words: Uint8Array[] = [];
  const counts: number[] = [];
  const enc = new TextEncoder();
  for (const text of texts) {
    const bytes = enc.encode(text);
    pretokenize(bytes, (s, e) => {
      // A latin-1 string of the bytes is a cheap, exact map key.
      let key = '';
      for (let i = s; i < e; i++) key += String.fromCharCode(bytes[i]);
      const k = index.get(key);
      if (k === undefined) {
        index.set(key, words.length);
        words.push(bytes.slice(s, e));
        counts.push(1);
      } else counts[k]++;
    });
  }
  return { words, counts };
}

/**
 * Learns up to vocabSize − 257 merges from `texts`. Stops early when no pair occurs twice.
 * Returns merges in order: merge i creates id 257 + i from its (left, right) pair.
 */
export function trainBpe(texts: Iterable<string>, vocabSize: number): Array<[number, number]> {
  if (!Number.isInteger(vocabSize) || vocabSize < FIRST_MERGE_ID || vocabSize > 8192) {
    throw new RangeError(`BPE vocabulary size must be an integer in [${FIRST_MERGE_ID}, 8192], got ${vocabSize}`);
  }
  const { words: raw, counts } = countWords(texts);
  const words: number[][] = raw.map((w) => Array.from(w));
  const pairCount = new Map<number, number>();
  const pairWords = new Map<number, number[]>();
  const heap = new PairHeap();

  const add = (key: number, delta: number, word: number) => {
    const c = (pairCount.get(key) ?? 0) + delta;
    pairCount.set(key, c);
    if (delta > 0) {
      let list = pairWords.get(key);
      if (!list) pairWords.set(key, (list = []));
      if (list[list.length - 1] !== word) list.push(word);
    }
    // Every change gets a fresh heap entry; the outdated ones are skipped when popped.
    if (c > 0) heap.push(c, key);
  };

  words.forEach((w, wi) => {
    for (let i = 0; i + 1 < w.length; i++) add(pairKey(w[i], w[i + 1]), counts[wi], wi);
  });

  const merges: Array<[number, number]> = [];
  while (merges.length < vocabSize - FIRST_MERGE_ID) {
    let best: [number, number] | null;
    // Skip stale heap entries: their count no longer matches the live count.
    while ((best = heap.pop()) && pairCount.get(best[1]) !== best[0]);
    if (!best || best[0] < 2) break;
    const key = best[1];
    const a = Math.floor(key / KEY_BASE);
    const b = key % KEY_BASE;
    const id = FIRST_MERGE_ID + merges.length;
    merges.push([a, b]);
    const seen = new Set<number>();
    for (const wi of pairWords.get(key) ?? []) {
      if (seen.has(wi)) continue;
      seen.add(wi);
      const w = words[wi];
      const c = counts[wi];
      let has = false;
      for (let i = 0; i + 1 < w.length; i++) if (w[i] === a && w[i + 1] === b) has = true;
      if (!has) continue; // stale entry: an earlier merge already consumed the pair here
      for (let i = 0; i + 1 < w.length; i++) add(pairKey(w[i], w[i + 1]), -c, wi);
      const merged: number[] = [];
      for (let i = 0; i < w.length; i++) {
        if (i + 1 < w.length && w[i] === a && w[i + 1] === b) {
          merged.push(id);
          i++;
        } else merged.push(w[i]);
      }
      words[wi] = merged;
      for (let i = 0; i + 1 < merged.length; i++) add(pairKey(merged[i], merged[i + 1]), c, wi);
    }
    pairCount.delete(key);
    pairWords.delete(key);
  }
  return merges;
}
