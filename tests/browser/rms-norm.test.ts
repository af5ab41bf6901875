// Fused RMSNorm (kernels/rms-norm.ts) forward and backward against its float64 CPU reference and against
// tfjs autodiff of the stock-op formulation.
import { describe, it } from 'vitest';
import { rmsNorm, rmsNormBackward, rmsNormForward } from '../../kernels/rms-norm.ts';
import { rmsNormGradReference, rmsNormReference } from '../../kernels/rms-norm.reference.ts';
import { randomArray, requireWebGPU, tf } from '../helpers/webgpu.ts';
import type { RowSpread } from '../../kernels/norm-common.ts';
import { expectClose, readAndDispose, scaledRandom } from './kernel-check.ts';

// Outputs are O(1–10) (x ≤ 3, gain ≤ 2, rsqrt(mean x²) ~ 1): float32 sums over d ≤ 300 terms err by
// ≲ d·2^-24 relative ≈ 2e-5 at worst; 1e-4 keeps margin while a wrong eps or a dropped term
// (≥ 1/d relative ≈ 3e-3) fails. dgain sums over all rows, so its tolerance scales with rows.
const TOL = 1e-4;
const EPS = 1e-5;

/** Both ways of spreading a row (norm-common.ts): each is the default on some device. */
const SPREADS: RowSpread[] = ['workgroup', 'invocation'];

const CASES: Array<[rows: number, d: number]> = [
  [1, 1],
  [3, 64],
  [5, 257], // d not a multiple of the 64-wide workgroup
  [130, 48], // rows over two dgain chunks of 64, fewer columns than invocations
  [67, 300],
];

describe('fused RMSNorm vs CPU reference', () => {
  for (const [rows, d] of CASES) for (const spread of SPREADS) {
    it(`rows=${rows} d=${d}, ${spread} per row`, async () => {
      await requireWebGPU();
      const xData = scaledRandom(rows * d, rows + 3 * d, 3);
      const gData = randomArray(d, 5 + d).map((v) => 1 + v);
      const dyData = randomArray(rows * d, 11 + rows);
      const x = tf.tensor2d(xData, [rows, d]);
      const gain = tf.tensor1d(gData);
      const dy = tf.tensor2d(dyData, [rows, d]);
      expectClose(await readAndDispose(rmsNormForward(x, gain, EPS, spread)), rmsNormReference(xData, gData, rows, d, EPS), TOL, 'y');
      const want = rmsNormGradReference(xData, gData, dyData, rows, d, EPS);
      const got = rmsNormBackward(x, gain, dy, EPS, spread);
      expectClose(await readAndDispose(got.dx), want.dx, TOL, 'dx');
      expectClose(await readAndDispose(got.dgain), want.dgain, TOL * Math.max(1, rows / 8), 'dgain');
      tf.dispose([x, gain, dy]);
    });
  }

  it('customGrad gradients equal tfjs autodiff of x·rsqrt(mean(x²)+eps)·gain, for a 3-D input', async () => {
    await requireWebGPU();
    const [b, t, d] = [2, 7, 40];
    const x = tf.tensor3d(scaledRandom(b * t * d, 21, 2), [b, t, d]);
    const gain = tf.tensor1d(randomArray(d, 22).map((v) => 1 + 0.5 * v));
    const w = tf.tensor3d(randomArray(b * t * d, 23), [b, t, d]);
    const stock = (xx: tf.Tensor, g: tf.Tensor) => tf.mul(tf.mul(xx, tf.rsqrt(tf.add(tf.mean(tf.square(xx), -1, true), EPS))), g);
    const loss = (f: (xx: tf.Tensor, g: tf.Tensor) => tf.Tensor) => (xx: tf.Tensor, g: tf.Tensor) => tf.sum(tf.mul(f(xx, g), w));
    const [ox, og] = tf.grads(loss((xx, g) => rmsNorm(xx, g as tf.Tensor1D, EPS)))([x, gain]);
    const [sx, sg] = tf.grads(loss(stock))([x, gain]);
    expectClose(await readAndDispose(rmsNorm(x, gain, EPS)), await readAndDispose(stock(x, gain)), TOL, 'y vs tfjs');
    expectClose(await readAndDispose(ox), await readAndDispose(sx), TOL, 'dx vs tfjs autodiff');
    expectClose(await readAndDispose(og), await readAndDispose(sg), TOL * 2, 'dgain vs tfjs autodiff');
    tf.dispose([x, gain, w]);
  });
});
