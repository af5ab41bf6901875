// Muon (Keller Jordan, 2024): momentum SGD whose update for a 2-D weight matrix is replaced by the
// nearest semi-orthogonal matrix, computed approximately with a quintic Newton–Schulz iteration.
// Only for hidden 2-D matrices; embeddings and norm gains stay on AdamW.
import * as tf from '@tensorflow/tfjs';

/** Quintic Newton–Schulz coefficients, chosen (per Keller Jordan) to maximise the slope at 0. */
export const NS_COEFFS = { a: 3.4445, b: -4.775, c: 2.0315 } as const;
export const NS_STEPS = 5;

/**
 * Approximately orthogonalises G [r, c]: pushes all singular values toward ~1 (roughly into [0.7, 1.2])
 * while keeping the singular vectors.  X ← G/‖G‖_F;  repeat: A = X·Xᵀ, X ← a·X + (b·A + c·A²)·X.
 * Works on the wide orientation (rows ≤ cols) so A is the smaller Gram matrix.
 */
export function newtonSchulz(g: tf.Tensor2D, steps = NS_STEPS): tf.Tensor2D {
  return tf.tidy(() => {
    const tall = g.shape[0] > g.shape[1];
    let x: tf.Tensor2D = tall ? tf.transpose(g) : g;
    x = tf.div(x, tf.add(tf.norm(x), 1e-7));
    const { a, b, c } = NS_COEFFS;
    for (let i = 0; i < steps; i++) {
      const gram = tf.matMul(x, x, false, true);
      const poly = tf.add(tf.mul(gram, b), tf.mul(tf.matMul(gram, gram), c));
      x = tf.add(tf.mul(x, a), tf.matMul(poly, x));
    }
    return tall ? tf.transpose(x) : x;
  });
}

export interface MuonHyper {
  lr: number;
  momentum: number;
  nesterov: boolean;
  weightDecay: number;
}

/**
 * One Muon step for a matrix stored [in, out]: buf ← μ·buf + g; u = nesterov ? g + μ·buf : buf;
 * p ← p·(1 − lr·wd) − lr·√max(1, out/in)·NS(u).  The √(out/in) factor (Keller's, for PyTorch's
 * [out, in] layout) keeps the per-element update size comparable across shapes.
 */
export function muonStep(p: tf.Tensor2D, g: tf.Tensor2D, buf: tf.Tensor2D, h: MuonHyper): { p: tf.Tensor2D; buf: tf.Tensor2D } {
  return tf.tidy(() => {
    const buf2 = tf.add<tf.Tensor2D>(tf.mul(buf, h.momentum), g);
    const u = h.nesterov ? tf.add<tf.Tensor2D>(g, tf.mul(buf2, h.momentum)) : buf2;
    const scale = Math.sqrt(Math.max(1, p.shape[1] / p.shape[0]));
    const decayed = h.weightDecay > 0 ? tf.mul<tf.Tensor2D>(p, 1 - h.lr * h.weightDecay) : p;
    const p2 = tf.sub<tf.Tensor2D>(decayed, tf.mul(newtonSchulz(u), h.lr * scale));
    return { p: p2, buf: buf2 };
  });
}
