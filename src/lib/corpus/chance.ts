// Random choices that keep score: every draw adds its exact information, -log2 p, to `bits`.
// A generator that makes all of its random decisions through these functions gets the entropy floor of
// its output for free. Probabilities are exact rationals (uniform integers by rejection sampling, integer
// weights), so the recorded bits are the true -log2 p, not an approximation of a float threshold.
import { Rng, type SeedLike } from './rng.ts';

const TWO32 = 4294967296;
/** log2 for small n, precomputed: pick() is called millions of times per second. */
const LOG2 = new Float64Array(4097);
for (let i = 1; i < LOG2.length; i++) LOG2[i] = Math.log2(i);
const log2 = (n: number): number => (n < LOG2.length ? LOG2[n] : Math.log2(n));

export class Chance {
  /** Sum of -log2 p over every choice made so far. */
  bits = 0;
  readonly rng: Rng;
  constructor(seed: SeedLike | Rng, ...labels: string[]) {
    this.rng = seed instanceof Rng ? seed : new Rng(seed, ...labels);
  }
}

/** Uniform integer in [0, n) without recording bits (the building block). Rejection keeps it unbiased. */
function rawInt(rng: Rng, n: number): number {
  if (!(Number.isInteger(n) && n >= 1 && n <= TWO32)) throw new RangeError(`rawInt: bad range ${n}`);
  if (n === 1) return 0;
  const limit = TWO32 - (TWO32 % n);
  let x = rng.nextU32();
  while (x >= limit) x = rng.nextU32();
  return x % n;
}

/** Uniform integer in [0, n). Adds log2(n) bits. n = 1 is a non-choice: no draw, no bits. */
export function int(ch: Chance, n: number): number {
  const r = rawInt(ch.rng, n);
  ch.bits += log2(n);
  return r;
}

/** Uniform integer in [lo, hi] inclusive. Adds log2(hi - lo + 1) bits. */
export function between(ch: Chance, lo: number, hi: number): number {
  return lo + int(ch, hi - lo + 1);
}

/**
 * One item, uniformly or with non-negative integer weights (integers keep p an exact rational).
 * Adds -log2 p(chosen item) bits: 2 bits for a uniform choice among 4.
 */
export function pick<T>(ch: Chance, items: readonly T[], weights?: readonly number[]): T {
  if (items.length === 0) throw new RangeError('pick: no items to choose from');
  if (!weights) return items[int(ch, items.length)];
  if (weights.length !== items.length) throw new RangeError('pick: weights and items differ in length');
  let total = 0;
  for (const w of weights) {
    if (!(Number.isInteger(w) && w >= 0)) throw new RangeError(`pick: weight ${w} is not a non-negative integer`);
    total += w;
  }
  if (total === 0) throw new RangeError('pick: all weights are zero');
  let r = rawInt(ch.rng, total);
  for (let i = 0; i < items.length; i++) {
    if (r < weights[i]) {
      ch.bits += log2(total) - log2(weights[i]);
      return items[i];
    }
    r -= weights[i];
  }
  throw new Error('pick: unreachable');
}

/** True with probability num/den exactly. Adds -log2 of the probability of the outcome. */
export function flip(ch: Chance, num: number, den: number): boolean {
  if (!(Number.isInteger(num) && Number.isInteger(den) && den >= 1 && num >= 0 && num <= den)) {
    throw new RangeError(`flip: bad probability ${num}/${den}`);
  }
  const yes = rawInt(ch.rng, den) < num;
  ch.bits += log2(den) - log2(yes ? num : den - num);
  return yes;
}

/** Random permutation (Fisher–Yates). Adds log2(n!) bits: each step is a uniform choice among the rest. */
export function shuffle<T>(ch: Chance, items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = int(ch, i + 1);
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}

/**
 * k distinct indices from [0, n) in draw order (partial Fisher–Yates over the index pool). The j-th draw
 * is uniform among the n - j indices not yet drawn, so the bits are exactly log2(n (n-1) ... (n-k+1)).
 * `exclude` removes indices from the pool first (used to keep held-out worlds' names disjoint).
 *
 * The pool is virtual: position i holds the i-th index not excluded until a swap moves something else
 * there (kept in a map), so drawing 60 names from a pool of a million costs 60 steps, not a million-entry
 * array. The draws and results are exactly those of the explicit-array Fisher–Yates.
 */
export function sampleDistinct(ch: Chance, n: number, k: number, exclude?: ReadonlySet<number>): number[] {
  const excluded: number[] = [];
  if (exclude) for (const x of exclude) if (Number.isInteger(x) && x >= 0 && x < n) excluded.push(x);
  excluded.sort((a, b) => a - b);
  const size = n - excluded.length;
  if (k > size) throw new RangeError(`sampleDistinct: asked for ${k} of ${size}`);
  const moved = new Map<number, number>();
  const at = (pos: number): number => moved.get(pos) ?? nthKept(excluded, pos);
  const out: number[] = [];
  for (let j = 0; j < k; j++) {
    const r = j + int(ch, size - j);
    const drawn = at(r);
    if (r !== j) moved.set(r, at(j));
    out.push(drawn);
  }
  return out;
}

/**
 * The i-th (0-based) integer not in `excluded` (sorted, distinct). With m excluded values below the answer
 * it is i + m, and m is the first index where excluded[m] - m > i (that difference never decreases).
 */
function nthKept(excluded: readonly number[], i: number): number {
  let lo = 0;
  let hi = excluded.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (excluded[mid] - mid > i) hi = mid;
    else lo = mid + 1;
  }
  return i + lo;
}
