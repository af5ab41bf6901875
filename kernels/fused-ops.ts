// The public face of kernels/: every fused op in one object, shaped to the model's ModelOps contract
// (src/lib/model/ops.ts) so `config.kernels = 'fused'` swaps it in, plus AdamW for the optimiser.
// All of these need the webgpu backend and throw a clear error on any other.
//
// Shape contracts (the same as ModelOps):
//   matmul(a, b, tA?, tB?)    2-D: op(a) [m, k] · op(b) [k, n] → [m, n]; differentiable (our kernel both ways)
//   rmsNorm(x, gain, eps)     x [rows, d] (any rank ≥ 2 works), gain [d]; differentiable in x and gain
//   layerNorm(x, g, b, eps)   x [rows, d], gain and bias [d]; differentiable in all three (phi style)
//   gelu(x)                   elementwise, tanh form; differentiable (phi style)
//   swiglu(gate, up)          elementwise SiLU(gate)·up; differentiable in both (llama style)
//   causalAttention(q, k, v)  [B, H, T, hd] each → [B, H, T, hd], scaled by 1/√hd inside; differentiable
//   attention                 the same function under ModelOps's name
//   crossEntropy(logits, t)   logits [rows, V], int32 targets [rows] → PER-ROW loss in nats [rows]
//                             (take the mean yourself); differentiable in logits
//   mean(x)                   the mean of every element as a scalar; differentiable (the training loss)
//   rope(x, {cos, sin})       x [B, H, T, hd], tables [T, rd] (rd ≤ hd: partial rotary passes the rest);
//                             differentiable in x
//   ropeHeads(x, b, t, H, {cos, sin}) rows [B·T, H·hd] → heads [B, H, T, hd], rotated: the head split's
//                             transpose done in the same pass; differentiable in x (gradient as rows)
//   embeddingGrad(ids, dy, V)  int32 ids [N], dy [N, d] → dE [V, d], the rows of dy summed by id
//   adamwUpdate(p, g, m, v, hyper, step, gradScale?) → { p, m, v }, new tensors (step counts from 1);
//                             the optimiser uses it for every AdamW-updated parameter
//   adamwState(p, g, state, hyper, step, gradScale?) → the next packed [3n] state (p', m', v'); the
//                             optimiser keeps it as the state and slices only p' out
//   uploadBatch(in, tgt, [r, c]) the training batch: int32 [r, c] inputs and targets in buffers kept
//                             across steps, written after one flush (valid until the next upload of that shape)
//   sumSquares(x, acc?)       Σ x² (+ acc) as a scalar, one pass; the gradient-norm clip chains its gradients through it
import type * as tf from '@tensorflow/tfjs';
import type { AdamWUpdate, PackedAdamWUpdate } from '../src/lib/train/adamw.ts';
import { registerModelOps, type ModelOps } from '../src/lib/model/ops.ts';
import { adamwUpdate, adamwUpdateState } from './adamw.ts';
import { causalAttention } from './attention.ts';
import { crossEntropy } from './cross-entropy.ts';
import { matmulWithGrad } from './matmul-grad.ts';
import { rmsNorm } from './rms-norm.ts';
import { layerNorm } from './layer-norm.ts';
import { gelu } from './gelu.ts';
import { swiglu } from './swiglu.ts';
import { mean } from './mean.ts';
import { uploadBatch } from './batch-upload.ts';
import { rope, ropeHeads } from './rope.ts';
import { sumSquares } from './sum-squares.ts';
import { embeddingGrad } from './embedding-grad.ts';

export interface FusedOps extends ModelOps {
  causalAttention(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D): tf.Tensor4D;
  adamwUpdate: AdamWUpdate;
  adamwState: PackedAdamWUpdate;
  sumSquares(x: tf.Tensor, acc?: tf.Scalar): tf.Scalar;
}

export const fusedOps: FusedOps = {
  matmul: matmulWithGrad,
  rmsNorm: (x, gain, eps) => rmsNorm(x, gain, eps) as tf.Tensor2D,
  layerNorm: (x, gain, bias, eps) => layerNorm(x, gain, bias, eps) as tf.Tensor2D,
  gelu,
  swiglu,
  causalAttention,
  attention: causalAttention,
  crossEntropy,
  mean,
  rope,
  ropeHeads,
  adamwUpdate,
  adamwState: adamwUpdateState,
  sumSquares,
  uploadBatch,
  embeddingGrad,
};

/** Makes `kernels: 'fused'` resolve to these ops in the model (idempotent; also runs on import). */
export function registerFusedModelOps(): void {
  registerModelOps('fused', fusedOps);
}

registerFusedModelOps();
