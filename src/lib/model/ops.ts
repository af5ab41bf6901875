// The hot ops of the forward pass behind one small interface, so a fused WGSL implementation can be
// swapped in per op without touching the model. The default is stock tfjs (differentiable by autodiff).
// Shapes are fixed by contract so implementations agree:
//   matmul       a [m, k] · b [k, n] → [m, n]   (the transpose flags mean a is [k, m] / b is [n, k])
//   rmsNorm      x [rows, d], gain [d] → [rows, d]:  x · rsqrt(mean(x²) + eps) · gain
//   layerNorm    x [rows, d], gain, bias [d] → [rows, d]:  (x − mean(x)) · rsqrt(var(x) + eps) · gain + bias
//   gelu         x → 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))  (the tanh form: Phi-1.5's gelu_new)
//   swiglu       gate, up (same shape) → SiLU(gate)·up = gate·σ(gate)·up  (the llama style's MLP)
//   attention    q, k, v [B, H, T, hd] → [B, H, T, hd]: causal softmax(q·kᵀ/√hd)·v
//   crossEntropy logits [rows, V], targets int32 [rows] → nats [rows]:  logsumexp(row) − row[target]
import * as tf from '@tensorflow/tfjs';
import type { AdamWUpdate, PackedAdamWUpdate } from '../train/adamw.ts';
import type { KernelChoice } from './config.ts';

export interface ModelOps {
  matmul(a: tf.Tensor2D, b: tf.Tensor2D, transposeA?: boolean, transposeB?: boolean): tf.Tensor2D;
  rmsNorm(x: tf.Tensor2D, gain: tf.Tensor1D, eps: number): tf.Tensor2D;
  layerNorm(x: tf.Tensor2D, gain: tf.Tensor1D, bias: tf.Tensor1D, eps: number): tf.Tensor2D;
  gelu(x: tf.Tensor2D): tf.Tensor2D;
  swiglu(gate: tf.Tensor2D, up: tf.Tensor2D): tf.Tensor2D;
  attention(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D): tf.Tensor4D;
  crossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Tensor1D;
  /** Mean of every element as a scalar (the loss over tokens), when this implementation has its own. */
  mean?(x: tf.Tensor1D): tf.Scalar;
  /** Rotary positions on q or k [B, H, T, hd] (model/rope.ts applyRope's contract), when this implementation has its own. */
  rope?(x: tf.Tensor4D, tables: { cos: tf.Tensor2D; sin: tf.Tensor2D }): tf.Tensor4D;
  /** A projection's rows [B·T, H·hd] split into heads [B, H, T, hd] and rotated in one pass, when this implementation can. */
  ropeHeads?(x: tf.Tensor2D, b: number, t: number, heads: number, tables: { cos: tf.Tensor2D; sin: tf.Tensor2D }): tf.Tensor4D;
  /** A training batch's inputs and targets [rows, cols] as int32 tensors in device buffers kept across steps, when
   *  this implementation has them (valid for one step: the next upload of the same shape overwrites them). */
  uploadBatch?(inputs: Int32Array, targets: Int32Array, shape: [number, number]): { inputs: tf.Tensor2D; targets: tf.Tensor2D };
  /** The embedding table's gradient [vocab, d]: rows of dy [tokens, d] summed by int32 id, when this implementation has its own. */
  embeddingGrad?(ids: tf.Tensor1D, dy: tf.Tensor2D, vocab: number): tf.Tensor2D;
  /** The optimiser's AdamW update, when this implementation has its own (the fused kernel does). */
  adamwUpdate?: AdamWUpdate;
  /** The same over a packed state, when this implementation has it: the optimiser then keeps that state. */
  adamwState?: PackedAdamWUpdate;
  /** Σ x² of a gradient (+ a running total) for the global-norm clip, when this implementation has its own (one pass, not two). */
  sumSquares?: (x: tf.Tensor, acc?: tf.Scalar) => tf.Scalar;
}

/** Additive causal masks by length, built once on the CPU (0 on and below the diagonal, −1e9 above). */
const maskCache = new Map<number, Float32Array>();
/** Causal attention probabilities softmax(q·kᵀ/√hd) [B, H, T, T], with stock ops (also what the attention view reads). */
export function attentionProbs(q: tf.Tensor4D, k: tf.Tensor4D): tf.Tensor4D {
  const t = q.shape[2];
  const scale = 1 / Math.sqrt(q.shape[3]);
  const scores = tf.mul(tf.matMul(q, k, false, true), scale); // [B, H, T, T]
  // A large negative additive mask (not −∞) keeps softmax and its gradient finite; exp(−1e9) is 0.
  return tf.softmax(tf.add(scores, tf.tensor2d(causalMask(t), [t, t]))) as tf.Tensor4D;
}

function causalMask(t: number): Float32Array {
  let m = maskCache.get(t);
  if (!m) {
    m = new Float32Array(t * t);
    for (let i = 0; i < t; i++) for (let j = i + 1; j < t; j++) m[i * t + j] = -1e9;
    maskCache.set(t, m);
  }
  return m;
}

/**
 * One-hot rows as float32. Why not `tf.oneHot(..., 'float32')`: tfjs-backend-wasm 4.22 ignores the dtype
 * and writes int32 bits into a float32 tensor (1 reads as 1.4e-45); an int32 one-hot cast to float32 is
 * right on every backend.
 */
export function oneHotF32(indices: tf.Tensor1D, depth: number): tf.Tensor2D {
  return tf.cast(tf.oneHot(indices, depth), 'float32') as tf.Tensor2D;
}

export const tfjsOps: ModelOps = {
  matmul: (a, b, transposeA = false, transposeB = false) => tf.matMul(a, b, transposeA, transposeB),

  rmsNorm: (x, gain, eps) => {
    const meanSquare = tf.mean(tf.square(x), -1, true);
    return tf.mul(tf.mul(x, tf.rsqrt(tf.add(meanSquare, eps))), gain);
  },

  layerNorm: (x, gain, bias, eps) => {
    const centred = tf.sub(x, tf.mean(x, -1, true));
    const variance = tf.mean(tf.square(centred), -1, true); // biased, as torch's LayerNorm
    return tf.add(tf.mul(tf.mul(centred, tf.rsqrt(tf.add(variance, eps))), gain), bias);
  },

  gelu: (x) => {
    const cube = tf.mul(tf.mul(x, x), x);
    const inner = tf.mul(tf.add(x, tf.mul(cube, 0.044715)), Math.sqrt(2 / Math.PI));
    return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
  },

  swiglu: (gate, up) => tf.mul(tf.mul(gate, tf.sigmoid(gate)), up), // SiLU(g) = g·σ(g)

  attention: (q, k, v) => tf.matMul(attentionProbs(q, k), v),

  crossEntropy: (logits, targets) => {
    const logProbs = tf.logSoftmax(logits);
    const picked = tf.sum<tf.Tensor1D>(tf.mul(logProbs, oneHotF32(targets, logits.shape[1])), -1);
    return tf.neg(picked);
  },
};

/** Implementations by name; the fused kernels register themselves here (e.g. from kernels/). */
const registry = new Map<KernelChoice, ModelOps>([['tfjs', tfjsOps]]);

export function registerModelOps(name: KernelChoice, ops: ModelOps): void {
  registry.set(name, ops);
}

export function modelOpsFor(name: KernelChoice): ModelOps {
  const ops = registry.get(name);
  if (!ops) throw new Error(`no '${name}' model ops registered; call registerModelOps('${name}', ...) first, or use kernels: 'tfjs'`);
  return ops;
}
