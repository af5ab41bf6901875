// Training batches: random fixed-length windows from a run's token stream.
// Batch `step` is a pure function of (seed, step, stream, shape): the window starts come from a PRNG
// stream seeded with (seed, 'data', step), so a resumed run draws exactly the batch it would have drawn,
// with no generator state to carry. Shapes never vary ([batch, T]): tfjs-webgpu pools buffers by exact
// size, and every new shape would grow memory.
import { Prng, type Seed } from '../model/prng.ts';

export interface Batch {
  /** Row-major [batch, T] input ids. */
  inputs: Int32Array;
  /** Row-major [batch, T] target ids: inputs shifted left by one within each window. */
  targets: Int32Array;
  batch: number;
  /** Sequence length (the model's contextLength). */
  T: number;
}

/** Window starts for batch `step`: uniform over [0, n − (T+1)] so every window fits. */
export function windowStarts(seed: Seed, step: number, streamLength: number, batch: number, T: number): number[] {
  const span = streamLength - (T + 1) + 1;
  if (span < 1) throw new Error(`token stream of ${streamLength} tokens is shorter than one window of ${T + 1}`);
  const rng = new Prng(seed, 'data', step);
  return Array.from({ length: batch }, () => rng.int(span));
}

/** The training batch for optimiser step `step`. */
export function sampleBatch(tokens: Int32Array, seed: Seed, step: number, batch: number, T: number): Batch {
  const inputs = new Int32Array(batch * T);
  const targets = new Int32Array(batch * T);
  windowStarts(seed, step, tokens.length, batch, T).forEach((start, b) => {
    inputs.set(tokens.subarray(start, start + T), b * T);
    targets.set(tokens.subarray(start + 1, start + T + 1), b * T);
  });
  return { inputs, targets, batch, T };
}
