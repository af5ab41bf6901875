// Fused causal attention (kernels/attention-*.ts) forward and backward against the float64 CPU reference
// and against tfjs autodiff of the stock-op formulation (matMul, band mask, softmax, matMul).
import { describe, expect, it } from 'vitest';
import { causalAttention, type AttentionWay } from '../../kernels/attention.ts';
import { attentionBackward } from '../../kernels/attention-backward.ts';
import { attentionForward } from '../../kernels/attention-forward.ts';
import { attentionGradReference, attentionReference } from '../../kernels/attention.reference.ts';
import { randomArray, requireWebGPU, tf } from '../helpers/webgpu.ts';
import { ATTENTION_TOL, expectClose, readAndDispose, scaledRandom } from './kernel-check.ts';

// Gradients sum over up to T rows of O(1) terms: 2e-4 (outputs: ATTENTION_TOL, justified in kernel-check.ts).
const TOL = ATTENTION_TOL;
const GRAD_TOL = 2e-4;

type Case = [batch: number, heads: number, t: number, hd: number];
const CASES: Case[] = [
  [1, 1, 1, 16], // a single token attends only to itself
  [1, 1, 37, 16], // T not a multiple of the 32-key tile or the 64-row block
  [2, 3, 70, 32], // many heads, T over two row blocks
  [1, 2, 33, 64],
  [1, 1, 9, 24], // a head size outside our presets still works
];

describe('fused causal attention vs CPU reference', () => {
  for (const [b, h, t, hd] of CASES) {
    it(`[${b}, ${h}, ${t}, ${hd}] forward and backward`, async () => {
      await requireWebGPU();
      const n = b * h * t * hd;
      const qd = scaledRandom(n, 1 + t, 2);
      const kd = scaledRandom(n, 2 + t, 2);
      const vd = randomArray(n, 3 + t);
      const dod = randomArray(n, 4 + t);
      const shape: [number, number, number, number] = [b, h, t, hd];
      const [q, k, v, dout] = [qd, kd, vd, dod].map((d) => tf.tensor4d(d, shape)) as tf.Tensor4D[];
      const s = { bh: b * h, t, hd };
      const want = attentionReference(qd, kd, vd, s);
      const { out, lse } = attentionForward(q, k, v);
      expect(out.shape).toEqual(shape);
      expectClose(await out.data(), want.out, TOL, 'O');
      expectClose(await lse.data(), want.lse, TOL, 'lse');
      const g = attentionBackward(q, k, v, out, lse, dout);
      const wantG = attentionGradReference(qd, kd, vd, dod, s);
      expectClose(await readAndDispose(g.dq), wantG.dq, GRAD_TOL, 'dq');
      expectClose(await readAndDispose(g.dk), wantG.dk, GRAD_TOL, 'dk');
      expectClose(await readAndDispose(g.dv), wantG.dv, GRAD_TOL, 'dv');
      tf.dispose([q, k, v, dout, out, lse]);
    });
  }

  for (const way of ['flash', 'matmul'] as AttentionWay[]) it(`customGrad gradients equal tfjs autodiff of the stock-op attention (${way})`, async () => {
    await requireWebGPU();
    const shape: [number, number, number, number] = [2, 2, 45, 32];
    const n = shape.reduce((a, x) => a * x, 1);
    const [q, k, v, w] = [1, 2, 3, 4].map((seed) => tf.tensor4d(scaledRandom(n, 40 + seed, seed < 3 ? 2 : 1), shape)) as tf.Tensor4D[];
    const t = shape[2];
    const stock = (qq: tf.Tensor, kk: tf.Tensor, vv: tf.Tensor) => {
      const scores = tf.mul(tf.matMul(qq as tf.Tensor4D, kk as tf.Tensor4D, false, true), 1 / Math.sqrt(shape[3]));
      const mask = tf.linalg.bandPart(tf.ones([t, t]), -1, 0);
      const masked = tf.add(scores, tf.mul(tf.sub(1, mask), -1e9));
      return tf.matMul(tf.softmax(masked), vv as tf.Tensor4D);
    };
    const loss = (f: (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.Tensor) => (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(f(a, b, c), w));
    const ours = tf.grads(loss((a, b, c) => causalAttention(a as tf.Tensor4D, b as tf.Tensor4D, c as tf.Tensor4D, way)))([q, k, v]);
    const theirs = tf.grads(loss(stock))([q, k, v]);
    expectClose(await readAndDispose(causalAttention(q, k, v, way)), await readAndDispose(stock(q, k, v)), TOL, 'O vs tfjs');
    for (let i = 0; i < 3; i++) {
      expectClose(await readAndDispose(ours[i]), await readAndDispose(theirs[i]), GRAD_TOL, `${'qkv'[i]} grad vs tfjs autodiff`);
    }
    tf.dispose([q, k, v, w]);
  });
});

// The way software adapters take (kernels/attention-matmul.ts): scores, a causal softmax row kernel, and
// its gradient kernel between our matmuls; the gradients through tf.grads of Σ O ⊙ dO.
describe('causal attention through score matrices vs CPU reference', () => {
  // [1, 2, 64, 32] and [2, 2, 36, 16]: sizes that are multiples of 4 take matmul v3 on a software adapter
  // (the second batched, T not a multiple of v3's 32-row tile), the others v2.
  for (const [b, h, t, hd] of [...CASES, [1, 2, 64, 32] as Case, [2, 2, 36, 16] as Case]) {
    it(`[${b}, ${h}, ${t}, ${hd}] forward and backward`, async () => {
      await requireWebGPU();
      const n = b * h * t * hd;
      const [qd, kd, vd, dod] = [scaledRandom(n, 1 + t, 2), scaledRandom(n, 2 + t, 2), randomArray(n, 3 + t), randomArray(n, 4 + t)];
      const shape: [number, number, number, number] = [b, h, t, hd];
      const [q, k, v, dout] = [qd, kd, vd, dod].map((d) => tf.tensor4d(d, shape)) as tf.Tensor4D[];
      const s = { bh: b * h, t, hd };
      const out = causalAttention(q, k, v, 'matmul');
      expect(out.shape).toEqual(shape);
      expectClose(await readAndDispose(out), attentionReference(qd, kd, vd, s).out, TOL, 'O');
      const [dq, dk, dv] = tf.grads((a: tf.Tensor, c: tf.Tensor, e: tf.Tensor) => tf.sum(tf.mul(causalAttention(a as tf.Tensor4D, c as tf.Tensor4D, e as tf.Tensor4D, 'matmul'), dout)))([q, k, v]);
      const want = attentionGradReference(qd, kd, vd, dod, s);
      expectClose(await readAndDispose(dq), want.dq, GRAD_TOL, 'dq');
      expectClose(await readAndDispose(dk), want.dk, GRAD_TOL, 'dk');
      expectClose(await readAndDispose(dv), want.dv, GRAD_TOL, 'dv');
      tf.dispose([q, k, v, dout]);
    });
  }
});
