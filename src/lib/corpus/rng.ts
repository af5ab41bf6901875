// Seeded PRNG: sfc32 (src/lib/random/sfc32.ts; "small fast chaotic", Chris Doty-Humphrey's 128-bit-state design), seeded from a string.
// Why sfc32: pure 32-bit integer ops (|0, >>>, ^) give identical streams in every JS engine, it passes
// PractRand to many terabytes, and it is a few ns per draw. Math.random is never used anywhere in the corpus.
//
// Seeding: the seed key (any string; numbers are turned into their decimal string) is hashed four times
// with FNV-1a over UTF-16 code units, each with a different offset basis, then each hash is passed
// through a 32-bit avalanche finalizer. Those four words are the sfc32 state (the all-zero state is the
// only degenerate one; we guard it anyway). The first 15 outputs are discarded so nearby seeds decorrelate.

import { Sfc32 } from '../random/sfc32.ts';

/** Avalanche finalizer (xor-shift-multiply): every input bit flips about half the output bits. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units with a caller-chosen offset basis. Locale-free and engine-independent. */
export function fnv1a(s: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export type SeedLike = string | number;

/** Canonical seed key: derived seeds are built by appending labels, so streams never overlap by accident. */
export function seedKey(seed: SeedLike, ...labels: string[]): string {
  return [String(seed), ...labels].join('\u0001');
}

export class Rng extends Sfc32 {
  constructor(seed: SeedLike, ...labels: string[]) {
    super();
    const key = seedKey(seed, ...labels);
    this.setState(mix32(fnv1a(key, 0x811c9dc5)), mix32(fnv1a(key, 0x9e3779b9)), mix32(fnv1a(key, 0x85ebca6b)), mix32(fnv1a(key, 0xc2b2ae35)));
    for (let i = 0; i < 15; i++) this.nextU32();
  }
}
