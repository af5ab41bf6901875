// Fused LayerNorm (kernels/layer-norm.ts, the phi style's norm) forward and backward against its float64
// CPU reference and against tfjs autodiff of the stock-op formulation (model/ops.ts tfjsOps.layerNorm).
import { describe, it } from 'vitest';
import { layerNorm, layerNormBackward, layerNormForward } from '../../kernels/layer-norm.ts';
import { layerNormGradReference, layerNormReference } from '../../kernels/layer-norm.reference.ts';
import { tfjsOps } from '../../src/lib/model/ops.ts';
import { randomArray, requireWebGPU, tf } from '../helpers/webgpu.ts';
import type { RowSpread } from '../../kernels/norm-common.ts';
import { expectClose, readAndDispose, scaledRandom } from './kernel-check.ts';

// As for RMSNorm: outputs O(1–10), float32 sums over d ≤ 300 terms err by ≲ 2e-5 relative; 1e-4 keeps
// margin while a dropped mean, a wrong eps or a missing term (≥ 1/d relative) fails. Column sums over
// all rows scale their tolerance with rows.
const TOL = 1e-4;
const EPS = 1e-5;

/** Both ways of spreading a row (norm-common.ts): each is the default on some device. */
const SPREADS: RowSpread[] = ['workgroup', 'invocation'];

const CASES: Array<[rows: number, d: number]> = [
  [1, 2],
  [3, 64],
  [5, 257], // d not a multiple of the 64-wide workgroup
  [130, 48], // rows over two chunks of 64, fewer columns than invocations
  [67, 300],
];

describe('fused LayerNorm vs CPU reference', () => {
  for (const [rows, d] of CASES) for (const spread of SPREADS) {
    it(`rows=${rows} d=${d}, ${spread} per row`, async () => {
      await requireWebGPU();
      // An offset mean, so a kernel that skipped centring would be far off.
      const xData = scaledRandom(rows * d, rows + 3 * d, 3).map((v) => v + 1.5);
      const gData = randomArray(d, 5 + d).map((v) => 1 + v);
      const bData = randomArray(d, 7 + d);
      const dyData = randomArray(rows * d, 11 + rows);
      const [x, gain, bias, dy] = [tf.tensor2d(xData, [rows, d]), tf.tensor1d(gData), tf.tensor1d(bData), tf.tensor2d(dyData, [rows, d])];
      expectClose(await readAndDispose(layerNormForward(x, gain, bias, EPS, spread)), layerNormReference(xData, gData, bData, rows, d, EPS), TOL, 'y');
      const want = layerNormGradReference(xData, gData, dyData, rows, d, EPS);
      const got = layerNormBackward(x, gain, dy, EPS, spread);
      expectClose(await readAndDispose(got.dx), want.dx, TOL, 'dx');
      expectClose(await readAndDispose(got.dgain), want.dgain, TOL * Math.max(1, rows / 8), 'dgain');
      expectClose(await readAndDispose(got.dbias), want.dbias, TOL * Math.max(1, rows / 8), 'dbias');
      tf.dispose([x, gain, bias, dy]);
    });
  }

  it('customGrad gradients equal tfjs autodiff of the stock LayerNorm, for a 3-D input', async () => {
    await requireWebGPU();
    const [b, t, d] = [2, 7, 40];
    const x = tf.tensor3d(scaledRandom(b * t * d, 21, 2), [b, t, d]);
    const gain = tf.tensor1d(randomArray(d, 22).map((v) => 1 + 0.5 * v));
    const bias = tf.tensor1d(randomArray(d, 24));
    const w = tf.tensor3d(randomArray(b * t * d, 23), [b, t, d]);
    const stock = (xx: tf.Tensor, g: tf.Tensor, bb: tf.Tensor) => tfjsOps.layerNorm(xx.reshape([-1, d]) as tf.Tensor2D, g as tf.Tensor1D, bb as tf.Tensor1D, EPS).reshape([b, t, d]);
    const fused = (xx: tf.Tensor, g: tf.Tensor, bb: tf.Tensor) => layerNorm(xx, g as tf.Tensor1D, bb as tf.Tensor1D, EPS);
    const loss = (f: typeof stock) => (xx: tf.Tensor, g: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(f(xx, g, bb), w));
    const [ox, og, ob] = tf.grads(loss(fused))([x, gain, bias]);
    const [sx, sg, sb] = tf.grads(loss(stock))([x, gain, bias]);
    expectClose(await readAndDispose(fused(x, gain, bias)), await readAndDispose(stock(x, gain, bias)), TOL, 'y vs tfjs');
    expectClose(await readAndDispose(ox), await readAndDispose(sx), TOL, 'dx vs tfjs autodiff');
    expectClose(await readAndDispose(og), await readAndDispose(sg), TOL * 2, 'dgain vs tfjs autodiff');
    expectClose(await readAndDispose(ob), await readAndDispose(sb), TOL * 2, 'dbias vs tfjs autodiff');
    tf.dispose([x, gain, bias, w]);
  });
});
