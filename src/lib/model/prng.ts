// Seeded PRNG for everything numeric in training: weight init, data windows, sampling.
// Why our own and not tf.randomNormal: tfjs seeds are not guaranteed to give the same stream on every
// backend, and a run must be reproducible in the page, a Worker and Node alike. Pure 32-bit integer
// arithmetic (Math.imul, >>>) gives bit-identical streams in every JS engine.
//
// Generator: sfc32 (128-bit state). Seeding: the seed and any labels are hashed into four words with
// splitmix32-style finalizers, so `prng(seed, 'init', 'layer0.wq')` and `prng(seed, 'data', 17)` are
// independent streams that never depend on how many draws some other stream made.
// The state is four numbers, so it is trivially serializable (checkpoints).

import { Sfc32 } from '../random/sfc32.ts';

export type Seed = number | string;

/** The full generator state; restoring it continues the stream exactly. */
export type PrngState = readonly [number, number, number, number];

/** A 32-bit avalanche finalizer (every input bit flips about half the output bits). */
function avalanche(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x21f0aaad);
  h = Math.imul(h ^ (h >>> 15), 0x735a2d97);
  return (h ^ (h >>> 15)) >>> 0;
}

/** Hashes the seed key (seed and labels joined) with four different starting values. */
function seedWords(key: string): [number, number, number, number] {
  const words: [number, number, number, number] = [0x9e3779b9, 0x243f6a88, 0xb7e15162, 0x3c6ef372];
  for (let w = 0; w < 4; w++) {
    let h = words[w];
    for (let i = 0; i < key.length; i++) h = avalanche((h + key.charCodeAt(i) + w) | 0);
    words[w] = avalanche(h ^ key.length);
  }
  if ((words[0] | words[1] | words[2] | words[3]) === 0) words[3] = 1;
  return words;
}

export class Prng extends Sfc32 {
  /** A second normal from Box–Muller, kept so no draw is wasted; part of the state. */
  private spare: number | null = null;

  constructor(seed: Seed, ...labels: Array<string | number>) {
    super();
    this.setState(...seedWords([String(seed), ...labels.map(String)].join('\u001f')));
    for (let i = 0; i < 12; i++) this.nextU32(); // decorrelate nearby seeds
  }

  static fromState(state: PrngState, spare: number | null = null): Prng {
    const p = new Prng(0);
    p.a = state[0];
    p.b = state[1];
    p.c = state[2];
    p.d = state[3];
    p.spare = spare;
    return p;
  }

  state(): { words: PrngState; spare: number | null } {
    return { words: [this.a, this.b, this.c, this.d], spare: this.spare };
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextU32() >>> 5; // 27 bits
    const lo = this.nextU32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n), n ≤ 2^53; the 53-bit draw makes the modulo bias negligible. */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal via Box–Muller (polar-free form; exact in distribution, two per pair of uniforms). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    const u1 = 1 - this.uniform(); // (0, 1]: log is finite
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }

  /** Fills a new Float32Array with N(0, std²) draws. */
  normalArray(n: number, std: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal() * std;
    return out;
  }
}
