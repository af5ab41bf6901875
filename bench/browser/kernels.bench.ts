// Each fused kernel against the stock tfjs ops it replaces, forward and forward+backward, on the shapes of
// the micro preset (width 128, 4 heads of 32, byte vocab 257) at 2 sequences × 128 tokens (kept small so
// a software adapter finishes in about a minute). Times include reading the result back.
import * as tf from '@tensorflow/tfjs';
import { fusedOps } from '../../kernels/fused-ops.ts';
import { tfjsOps } from '../../src/lib/model/ops.ts';
import { adamwStep } from '../../src/lib/train/adamw.ts';
import type { BenchRow, BenchSection } from '../types.ts';
import { timeGpu } from './timing.ts';

const [B, H, T, HD, D, V, MLP] = [2, 4, 128, 32, 128, 257, 352];
const ROWS = B * T;

/** Forward only, and the gradient of sum(f(inputs)·w) with respect to every input (forward + backward). */
function pair(f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], weight: tf.Tensor) {
  return {
    forward: () => tf.tidy(() => f(...inputs)),
    backward: () =>
      tf.tidy(() => {
        const grads = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), weight)))(inputs);
        return tf.addN(grads.map((g) => tf.sum(g))); // one small tensor that depends on every gradient
      }),
  };
}

async function compare(name: string, ours: () => tf.Tensor, theirs: () => tf.Tensor): Promise<BenchRow[]> {
  const a = (await timeGpu(ours, 400, 20)).msPerIter;
  const b = (await timeGpu(theirs, 400, 20)).msPerIter;
  return [
    { name: `${name}: fused`, value: a, unit: 'ms' },
    { name: `${name}: tfjs ops`, value: b, unit: 'ms' },
    { name: `${name}: speed-up`, value: b / a, unit: '×', note: '>1 means fused is faster' },
  ];
}

export async function kernelsBench(environment: string): Promise<BenchSection> {
  const rows: BenchRow[] = [];
  const r = (shape: number[], seed: number, scale = 1) => tf.randomUniform(shape, -scale, scale, 'float32', seed);

  const [q, k, v] = [r([B, H, T, HD], 1), r([B, H, T, HD], 2), r([B, H, T, HD], 3)];
  const attnW = r([B, H, T, HD], 4);
  const attn = (ops: typeof tfjsOps) => pair((a, b, c) => ops.attention(a as tf.Tensor4D, b as tf.Tensor4D, c as tf.Tensor4D), [q, k, v], attnW);
  const x = r([ROWS, D], 5);
  const gain = r([D], 6);
  const normW = r([ROWS, D], 7);
  const norm = (ops: typeof tfjsOps) => pair((a, g) => ops.rmsNorm(a as tf.Tensor2D, g as tf.Tensor1D, 1e-5), [x, gain], normW);
  const logits = r([ROWS, V], 8, 4);
  const targets = tf.tensor1d(Int32Array.from({ length: ROWS }, (_, i) => (i * 31) % V), 'int32');
  const ceW = r([ROWS], 9);
  const ce = (ops: typeof tfjsOps) => pair((l) => ops.crossEntropy(l as tf.Tensor2D, targets), [logits], ceW);
  const bias = r([D], 14);
  const layerNorm = (ops: typeof tfjsOps) => pair((a, g, b) => ops.layerNorm(a as tf.Tensor2D, g as tf.Tensor1D, b as tf.Tensor1D, 1e-5), [x, gain, bias], normW);
  const hidden = r([ROWS, MLP], 15, 3);
  const hiddenW = r([ROWS, MLP], 16);
  const gelu = (ops: typeof tfjsOps) => pair((a) => ops.gelu(a as tf.Tensor2D), [hidden], hiddenW);

  for (const [label, make] of [
    [`causal attention [${B}, ${H}, ${T}, ${HD}]`, attn],
    [`RMSNorm [${ROWS}, ${D}]`, norm],
    [`softmax cross-entropy [${ROWS}, ${V}]`, ce],
    [`LayerNorm with bias [${ROWS}, ${D}] (phi)`, layerNorm],
    [`GELU, tanh form [${ROWS}, ${MLP}] (phi)`, gelu],
  ] as const) {
    const ours = make(fusedOps);
    const theirs = make(tfjsOps);
    rows.push(...(await compare(`${label} forward`, ours.forward, theirs.forward)));
    rows.push(...(await compare(`${label} forward+backward`, ours.backward, theirs.backward)));
  }

  // AdamW on the largest weight of the micro preset (the SwiGLU projection, d × hidden).
  const [p, g, m, s] = [r([D, MLP], 10), r([D, MLP], 11), r([D, MLP], 12, 0.1), r([D, MLP], 13, 0.01)].map((t, i) => (i === 3 ? tf.abs(t) : t));
  const hyper = { lr: 1e-3, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1 };
  const adamOnce = (update: typeof adamwStep) => () => tf.tidy(() => tf.addN(Object.values(update(p, g, m, s, hyper, 3)).map((t) => tf.sum(t))));
  rows.push(...(await compare(`AdamW update [${D}, ${MLP}]`, adamOnce(fusedOps.adamwUpdate), adamOnce(adamwStep))));

  tf.dispose([q, k, v, attnW, x, gain, normW, logits, targets, ceW, bias, hidden, hiddenW, p, g, m, s]);
  return { title: 'fused kernels vs the tfjs ops they replace (webgpu)', environment, rows };
}
