// Causal attention, two ways with one contract: the fused flash kernels (forward and backward wired
// together through tf.customGrad) on GPUs, and through whole score matrices and our matmuls on software
// adapters, where that is measured faster (attention-matmul.ts) — within a memory bound.
import type * as tf from '@tensorflow/tfjs';
import { attentionBackward } from './attention-backward.ts';
import { attentionForward } from './attention-forward.ts';
import { causalAttentionByMatmul } from './attention-matmul.ts';
import { withCustomGrad } from './custom-grad.ts';
import { activeWebGPUBackend, isSoftwareAdapter } from './program.ts';

export type AttentionWay = 'flash' | 'matmul';

/** Scores the matmul way may hold per call (batch·heads·T² floats, 4 MiB), kept until the backward pass —
 *  one such matrix per layer, so a model holds nLayer times this at most (micro at batch 1: 1 MiB a layer). */
export const MATMUL_ATTENTION_MAX_SCORES = 1 << 20;

/** The way the device runs attention of shape [batch, heads, T, hd] when none is asked for. */
export function preferredAttentionWay(shape: readonly number[]): AttentionWay {
  const [b, h, t] = shape;
  return isSoftwareAdapter(activeWebGPUBackend()) && b * h * t * t <= MATMUL_ATTENTION_MAX_SCORES ? 'matmul' : 'flash';
}

function flashAttention(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D): tf.Tensor4D {
  const f = withCustomGrad<tf.Tensor4D>(([qq, kk, vv], save) => {
    const { out, lse } = attentionForward(qq as tf.Tensor4D, kk as tf.Tensor4D, vv as tf.Tensor4D);
    save([qq, kk, vv, out, lse]);
    return {
      value: out,
      gradFunc: (dy, saved) => {
        const [sq, sk, sv, so, slse] = saved;
        const g = attentionBackward(sq as tf.Tensor4D, sk as tf.Tensor4D, sv as tf.Tensor4D, so as tf.Tensor4D, slse as tf.Tensor1D, dy);
        return [g.dq, g.dk, g.dv];
      },
    };
  });
  return f(q, k, v);
}

/** softmax(mask(q·kᵀ)/√hd)·v for q, k, v [batch, heads, T, hd]; returns [batch, heads, T, hd]. Without a
 *  way, the device's (preferredAttentionWay). */
export function causalAttention(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, way: AttentionWay = preferredAttentionWay(q.shape)): tf.Tensor4D {
  return way === 'matmul' ? causalAttentionByMatmul(q, k, v) : flashAttention(q, k, v);
}
