// Batched autoregressive decoding without a KV cache: each step runs one forward pass over the active
// rows (right-padded to a power-of-two window, see windowLength) and reads back only what it needs — B
// token ids when greedy, B rows of logits when sampling. Tiny models make recomputing the window
// cheaper than managing a cache.
// Rows stop on their own (a cap, a stop id, or a caller's test) and a finished row's slot is refilled
// with the next waiting row at once, so rows of very different lengths share batches without waiting
// for the longest one.
import * as tf from '@tensorflow/tfjs';
import { hiddenStates, logitsFromHidden, type Model } from '../model/model.ts';
import { Prng, type Seed } from '../model/prng.ts';
import { countPass, windowLength, type ForwardMeter } from './meter.ts';
import { pickToken, type SamplingOptions } from './pick.ts';

export interface GenerateOptions extends SamplingOptions {
  /** Most new tokens per row (a row's own `maxNew` overrides it). */
  maxNewTokens: number;
  batchSize: number;
  /** Sampling seed: row i draws from its own stream (seed, 'sample', i), so results don't depend on batching. */
  seed: Seed;
  /** Stop a row right after it emits this id (e.g. the document separator). */
  stopId?: number;
  meter?: ForwardMeter;
}

export interface DecodeRow {
  /** Token ids, at least one. Only the most recent contextLength tokens are seen. */
  prompt: ArrayLike<number>;
  /** Cap on new tokens for this row (default: maxNewTokens). */
  maxNew?: number;
  /** Called after every new token with all tokens produced so far; true ends the row there. */
  done?: (produced: readonly number[]) => boolean;
}

/** Continues each prompt and returns only the new tokens. */
export async function generate(model: Model, prompts: readonly ArrayLike<number>[], opts: GenerateOptions): Promise<Int32Array[]> {
  return decode(model, prompts.map((prompt) => ({ prompt })), opts);
}

/** Continues each row until its cap, the stop id, or its own `done` test; returns the new tokens of each. */
export async function decode(model: Model, rows: readonly DecodeRow[], opts: GenerateOptions): Promise<Int32Array[]> {
  const T = model.config.contextLength;
  const V = model.config.vocabSize;
  const B = opts.batchSize;
  const greedy = opts.temperature <= 0;
  for (const r of rows) if (r.prompt.length < 1) throw new Error('generate needs a non-empty prompt');
  const capOf = (i: number) => Math.max(0, rows[i].maxNew ?? opts.maxNewTokens);
  const produced: number[][] = rows.map(() => []);
  const seqs: number[][] = rows.map(() => []);
  const rngs: Array<Prng | null> = rows.map(() => null);
  const slots: number[] = new Array<number>(B).fill(-1);
  let next = 0;
  for (;;) {
    for (let s = 0; s < B; s++) {
      if (slots[s] >= 0) continue;
      while (next < rows.length && capOf(next) === 0) next++;
      if (next === rows.length) break;
      seqs[next] = Array.from(rows[next].prompt);
      if (!greedy) rngs[next] = new Prng(opts.seed, 'sample', next);
      slots[s] = next++;
    }
    if (slots.every((i) => i < 0)) break;

    const windows = slots.map((i) => (i < 0 ? [] : seqs[i].slice(-T))); // keep the most recent T tokens
    const L = windowLength(Math.max(...windows.map((w) => w.length)), T);
    const ids = new Int32Array(B * L);
    const lastPos = new Int32Array(B);
    windows.forEach((w, s) => {
      ids.set(w, s * L);
      lastPos[s] = s * L + Math.max(0, w.length - 1);
    });
    countPass(opts.meter, B, L);
    const pickedT = tf.tidy(() => {
      const h = hiddenStates(model, tf.tensor2d(ids, [B, L], 'int32'));
      const logits = logitsFromHidden(model, tf.gather(h, tf.tensor1d(lastPos, 'int32'))); // [B, V]
      return greedy ? tf.argMax(logits, 1) : logits;
    });
    const picked = await pickedT.data();
    pickedT.dispose();
    slots.forEach((i, s) => {
      if (i < 0) return;
      const id = greedy ? picked[s] : pickToken(picked.subarray(s * V, (s + 1) * V), opts, rngs[i]!);
      seqs[i].push(id);
      produced[i].push(id);
      if (id === opts.stopId || produced[i].length >= capOf(i) || rows[i].done?.(produced[i])) {
        slots[s] = -1;
        seqs[i] = []; // free the row's copy of its prompt
      }
    });
  }
  return produced.map((p) => Int32Array.from(p));
}

/**
 * Forward passes decode() makes when no row stops before its cap: the worst case, for cost bounds.
 * `caps` in the order rows are given to decode().
 */
export function worstCaseDecodePasses(caps: readonly number[], batchSize: number): number {
  const left = new Array<number>(batchSize).fill(0);
  let next = 0;
  let passes = 0;
  for (;;) {
    for (let s = 0; s < batchSize; s++) {
      if (left[s] > 0) continue;
      while (next < caps.length && caps[next] <= 0) next++;
      if (next < caps.length) left[s] = caps[next++];
    }
    if (left.every((n) => n <= 0)) return passes;
    passes++;
    for (let s = 0; s < batchSize; s++) if (left[s] > 0) left[s]--;
  }
}
