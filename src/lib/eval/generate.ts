// Batched autoregressive decoding without a KV cache: each step runs the full fixed-shape window
// [batchSize, T] (right-padded) and reads back only what it needs — B token ids when greedy, B rows of
// logits when sampling. Tiny models make recomputing the window cheaper than managing a cache.
import * as tf from '@tensorflow/tfjs';
import { hiddenStates, logitsFromHidden, type Model } from '../model/model.ts';
import { Prng, type Seed } from '../model/prng.ts';
import { pickToken, type SamplingOptions } from './pick.ts';

export interface GenerateOptions extends SamplingOptions {
  maxNewTokens: number;
  batchSize: number;
  /** Sampling seed: prompt i draws from its own stream (seed, 'sample', i), so results don't depend on batching. */
  seed: Seed;
  /** Stop a sequence early after it emits this id (e.g. the document separator). */
  stopId?: number;
}

/** Continues each prompt (token ids, at least one) and returns only the new tokens. */
export async function generate(model: Model, prompts: readonly ArrayLike<number>[], opts: GenerateOptions): Promise<Int32Array[]> {
  const T = model.config.contextLength;
  const V = model.config.vocabSize;
  const B = opts.batchSize;
  const results: Int32Array[] = [];
  for (let start = 0; start < prompts.length; start += B) {
    const n = Math.min(B, prompts.length - start);
    const seqs = Array.from({ length: n }, (_, r) => {
      if (prompts[start + r].length < 1) throw new Error('generate needs a non-empty prompt');
      return Array.from(prompts[start + r]);
    });
    const rngs = Array.from({ length: n }, (_, r) => new Prng(opts.seed, 'sample', start + r));
    const produced: number[][] = seqs.map(() => []);
    const done = new Array<boolean>(n).fill(false);
    for (let step = 0; step < opts.maxNewTokens && done.some((d) => !d); step++) {
      const ids = new Int32Array(B * T);
      const lastPos = new Int32Array(B);
      for (let r = 0; r < n; r++) {
        const window = seqs[r].slice(-T); // keep the most recent T tokens
        ids.set(window, r * T);
        lastPos[r] = r * T + window.length - 1;
      }
      const greedy = opts.temperature <= 0;
      const pickedT = tf.tidy(() => {
        const h = hiddenStates(model, tf.tensor2d(ids, [B, T], 'int32'));
        const logits = logitsFromHidden(model, tf.gather(h, tf.tensor1d(lastPos, 'int32'))); // [B, V]
        return greedy ? tf.argMax(logits, 1) : logits;
      });
      const picked = await pickedT.data();
      pickedT.dispose();
      for (let r = 0; r < n; r++) {
        if (done[r]) continue;
        const id = greedy ? picked[r] : pickToken(picked.subarray(r * V, (r + 1) * V), opts, rngs[r]);
        seqs[r].push(id);
        produced[r].push(id);
        if (id === opts.stopId) done[r] = true;
      }
    }
    for (const p of produced) results.push(Int32Array.from(p));
  }
  return results;
}
