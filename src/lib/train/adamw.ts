// AdamW (Loshchilov & Hutter) with decoupled weight decay, as in PyTorch's torch.optim.AdamW:
//   p ← p·(1 − lr·wd)
//   m ← β1·m + (1−β1)·g          v ← β2·v + (1−β2)·g²
//   p ← p − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε)
// Pure tensor math: returns new values; the optimiser assigns them to its variables.
import * as tf from '@tensorflow/tfjs';

export interface AdamWHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** Already zero for parameters that are not decayed. */
  weightDecay: number;
}

/**
 * An AdamW update of one parameter: new (p, m, v) from the old ones and the gradient; `t` counts from 1.
 * `gradScale`, when given, multiplies the gradient first (the global-norm clip's factor, clip.ts), so the
 * fused kernel can apply it in the same pass instead of a multiply per gradient.
 * Implemented here with stock ops, and as one fused WGSL kernel in kernels/adamw.ts.
 */
export type AdamWUpdate = (p: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, h: AdamWHyper, t: number, gradScale?: tf.Scalar) => { p: tf.Tensor; m: tf.Tensor; v: tf.Tensor };

/**
 * AdamW over a packed state (a fused kernel's form): `state` is [3 · n] = (param', m, v) as the previous
 * step returned it (zeros before the first); returns the next packed state, whose first n values are the
 * new parameter. Same maths and arguments as AdamWUpdate.
 */
export type PackedAdamWUpdate = (p: tf.Tensor, g: tf.Tensor, state: tf.Tensor, h: AdamWHyper, t: number, gradScale?: tf.Scalar) => tf.Tensor1D;

/** One AdamW step for one parameter with stock tfjs ops; `t` is the 1-based step count for bias correction. */
export const adamwStep: AdamWUpdate = (p, grad, m, v, h, t, gradScale) => {
  return tf.tidy(() => {
    const g = gradScale ? tf.mul(grad, gradScale) : grad;
    const m2 = tf.add(tf.mul(m, h.beta1), tf.mul(g, 1 - h.beta1));
    const v2 = tf.add(tf.mul(v, h.beta2), tf.mul(tf.square(g), 1 - h.beta2));
    const biasCorrection1 = 1 - Math.pow(h.beta1, t);
    const biasCorrection2 = 1 - Math.pow(h.beta2, t);
    const denom = tf.add(tf.div(tf.sqrt(v2), Math.sqrt(biasCorrection2)), h.eps);
    const decayed = h.weightDecay > 0 ? tf.mul(p, 1 - h.lr * h.weightDecay) : p;
    const p2 = tf.sub(decayed, tf.mul(tf.div(m2, denom), h.lr / biasCorrection1));
    return { p: p2, m: m2, v: v2 };
  });
};
