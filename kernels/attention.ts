// Causal attention with our fused forward and backward kernels wired together through tf.customGrad.
import type * as tf from '@tensorflow/tfjs';
import { attentionBackward } from './attention-backward.ts';
import { attentionForward } from './attention-forward.ts';
import { withCustomGrad } from './custom-grad.ts';

/** softmax(mask(q·kᵀ)/√hd)·v for q, k, v [batch, heads, T, hd]; returns [batch, heads, T, hd]. */
export function causalAttention(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D): tf.Tensor4D {
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
