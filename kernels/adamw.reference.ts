// CPU reference for kernels/adamw.ts: one AdamW step (decoupled weight decay), float64.
import type { AdamWHyper } from '../src/lib/train/adamw.ts';
export type { AdamWHyper };

export function adamwReference(
  param: ArrayLike<number>,
  grad: ArrayLike<number>,
  m: ArrayLike<number>,
  v: ArrayLike<number>,
  h: AdamWHyper,
  step: number,
): { param: Float64Array; m: Float64Array; v: Float64Array } {
  const n = param.length;
  const out = { param: new Float64Array(n), m: new Float64Array(n), v: new Float64Array(n) };
  const bc1 = 1 - Math.pow(h.beta1, step);
  const bc2 = 1 - Math.pow(h.beta2, step);
  for (let i = 0; i < n; i++) {
    const mi = h.beta1 * m[i] + (1 - h.beta1) * grad[i];
    const vi = h.beta2 * v[i] + (1 - h.beta2) * grad[i] * grad[i];
    const update = mi / bc1 / (Math.sqrt(vi / bc2) + h.eps);
    out.param[i] = param[i] - h.lr * (update + h.weightDecay * param[i]);
    out.m[i] = mi;
    out.v[i] = vi;
  }
  return out;
}
