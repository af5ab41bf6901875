// Choosing the next token from one row of logits: greedy, or temperature + top-k sampling with our
// seeded PRNG. Done on the CPU in float64 so the choice is identical on every backend given the logits.
import type { Prng } from '../model/prng.ts';

export interface SamplingOptions {
  /** 0 = greedy (argmax). */
  temperature: number;
  /** Keep only the k most likely tokens (0 or ≥ vocab = all). */
  topK: number;
}

/** Index of the largest value; ties go to the lowest index. */
export function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

export function pickToken(logits: ArrayLike<number>, opts: SamplingOptions, rng: Prng): number {
  if (opts.temperature <= 0) return argmax(logits);
  const ids = Array.from({ length: logits.length }, (_, i) => i);
  // Stable order (value desc, id asc) so top-k ties resolve the same way everywhere.
  ids.sort((a, b) => logits[b] - logits[a] || a - b);
  const k = opts.topK > 0 ? Math.min(opts.topK, ids.length) : ids.length;
  const kept = ids.slice(0, k);
  const max = logits[kept[0]];
  const weights = kept.map((i) => Math.exp((logits[i] - max) / opts.temperature));
  const total = weights.reduce((s, w) => s + w, 0);
  let u = rng.uniform() * total;
  for (let j = 0; j < kept.length; j++) {
    u -= weights[j];
    if (u < 0) return kept[j];
  }
  return kept[kept.length - 1]; // only reached through float rounding
}
