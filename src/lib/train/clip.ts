// Global gradient-norm clipping, entirely on the device: no readback, so it never stalls the GPU.
import * as tf from '@tensorflow/tfjs';

/** Σ x² of a tensor plus a running total (a fused kernel's, model/ops.ts ModelOps.sumSquares). */
export type SumSquares = (x: tf.Tensor, acc?: tf.Scalar) => tf.Scalar;

/**
 * L2 norm of all gradients taken together, as a scalar tensor. With stock ops each gradient's Σ g² is
 * summed at the end; with a fused `sumSquares` the gradients are chained through it, one pass each.
 */
export function globalNorm(grads: readonly tf.Tensor[], sumSquares?: SumSquares): tf.Scalar {
  if (grads.length === 0) throw new Error('globalNorm: no gradients');
  return tf.tidy(() => {
    const total = sumSquares ? grads.reduce<tf.Scalar | undefined>((acc, g) => sumSquares(g, acc), undefined)! : tf.addN(grads.map((g) => tf.sum(tf.square(g))));
    return tf.sqrt(total) as tf.Scalar;
  });
}

/**
 * The global-norm clip's factor min(1, maxNorm / norm) as a scalar tensor, without applying it (null when
 * maxNorm is null or ≤ 0: no clipping), and the pre-clip norm. The optimiser applies it inside its update.
 * maxNorm may be a scalar already on the device (Optimizer.clipLimit), which spares two uploads a step.
 */
export function clipScale(grads: readonly tf.Tensor[], maxNorm: number | tf.Scalar | null, sumSquares?: SumSquares): { scale: tf.Scalar | null; norm: tf.Scalar } {
  const norm = globalNorm(grads, sumSquares);
  const clips = maxNorm !== null && (typeof maxNorm !== 'number' || maxNorm > 0);
  // scale = maxNorm / max(norm, maxNorm): 1 when within the limit, never divides by zero.
  return { scale: clips ? (tf.div(maxNorm, tf.maximum(norm, maxNorm)) as tf.Scalar) : null, norm };
}

/**
 * Scales every gradient by min(1, maxNorm / norm). Returns the scaled gradients and the pre-clip norm.
 * maxNorm ≤ 0 disables clipping (the norm is still returned, for logging).
 * Callers own the returned tensors (run inside tf.tidy).
 */
export function clipByGlobalNorm<K extends string>(grads: Readonly<Record<K, tf.Tensor>>, maxNorm: number): { grads: Record<K, tf.Tensor>; norm: tf.Scalar } {
  const names = Object.keys(grads) as K[];
  const { scale, norm } = clipScale(names.map((k) => grads[k]), maxNorm);
  if (!scale) return { grads: { ...grads }, norm };
  const out = {} as Record<K, tf.Tensor>;
  for (const k of names) out[k] = tf.mul(grads[k], scale);
  return { grads: out, norm };
}
