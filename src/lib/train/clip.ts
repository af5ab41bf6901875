// Global gradient-norm clipping, entirely on the device: no readback, so it never stalls the GPU.
import * as tf from '@tensorflow/tfjs';

/** Σ x² of one tensor with stock ops. */
const stockSumSquares = (g: tf.Tensor): tf.Scalar => tf.sum(tf.square(g));

/** L2 norm of all gradients taken together, as a scalar tensor; `sumSquares` may be a fused kernel's. */
export function globalNorm(grads: readonly tf.Tensor[], sumSquares: (g: tf.Tensor) => tf.Scalar = stockSumSquares): tf.Scalar {
  return tf.tidy(() => tf.sqrt(tf.addN(grads.map((g) => sumSquares(g)))) as tf.Scalar);
}

/**
 * The global-norm clip's factor min(1, maxNorm / norm) as a scalar tensor, without applying it (null when
 * maxNorm ≤ 0 disables clipping), and the pre-clip norm. The optimiser applies it inside its update.
 */
export function clipScale(grads: readonly tf.Tensor[], maxNorm: number, sumSquares?: (g: tf.Tensor) => tf.Scalar): { scale: tf.Scalar | null; norm: tf.Scalar } {
  const norm = globalNorm(grads, sumSquares);
  // scale = maxNorm / max(norm, maxNorm): 1 when within the limit, never divides by zero.
  return { scale: maxNorm > 0 ? (tf.div(maxNorm, tf.maximum(norm, maxNorm)) as tf.Scalar) : null, norm };
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
