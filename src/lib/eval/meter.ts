// Counts the model forward passes an evaluation makes, so its cost can be measured and bounded in tests
// and reported by tools. The scorer and the decoder bump it right where they call the model.

export interface ForwardMeter {
  /** Forward passes (one per batch of rows, whatever its length). */
  passes: number;
  /** Token positions computed: Σ over passes of rows × window length (padding included). */
  positions: number;
}

export const newMeter = (): ForwardMeter => ({ passes: 0, positions: 0 });

export function countPass(meter: ForwardMeter | undefined, rows: number, length: number): void {
  if (!meter) return;
  meter.passes++;
  meter.positions += rows * length;
}

/**
 * Length of the window a forward pass runs on: the smallest power of two ≥ the longest row (at least
 * 16), capped at the context length. A causal model's outputs at a position do not depend on later
 * positions, so a shorter window gives the same numbers for less work; powers of two keep the number
 * of distinct shapes (compiled kernels, pooled buffers) small.
 */
export function windowLength(longestRow: number, contextLength: number): number {
  let L = 16;
  while (L < longestRow) L *= 2;
  return Math.min(L, contextLength);
}
