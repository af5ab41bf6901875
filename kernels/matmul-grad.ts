// Our matmul made differentiable for 2-D operands: the gradients are themselves our matmul with
// transpose flags, so a training step's backward never falls back to tf.matMul.
//   C = op(A)·op(B):  dop(A) = dC·op(B)ᵀ,  dop(B) = op(A)ᵀ·dC, then transposed back where op transposed.
import type * as tf from '@tensorflow/tfjs';
import { withCustomGrad } from './custom-grad.ts';
import { matmul } from './matmul.ts';

export function matmulWithGrad(a: tf.Tensor2D, b: tf.Tensor2D, transposeA = false, transposeB = false): tf.Tensor2D {
  const f = withCustomGrad<tf.Tensor2D>(([aa, bb], save) => {
    save([aa, bb]);
    return {
      value: matmul(aa, bb, transposeA, transposeB) as tf.Tensor2D,
      gradFunc: (dc, saved) => {
        const [sa, sb] = saved;
        // A stored [m, k]: dA = dC·op(B)ᵀ.  A stored [k, m] (transposeA): dA = op(B)·dCᵀ.
        const da = transposeA ? matmul(sb, dc, transposeB, true) : matmul(dc, sb, false, !transposeB);
        // B stored [k, n]: dB = op(A)ᵀ·dC.  B stored [n, k] (transposeB): dB = dCᵀ·op(A).
        const db = transposeB ? matmul(dc, sa, true, transposeA) : matmul(sa, dc, !transposeA, false);
        return [da, db];
      },
    };
  });
  return f(a, b);
}
