// Fused GELU (kernels/gelu.ts, the phi style's MLP activation, tanh form) forward and backward against its
// float64 CPU reference, including arguments where tanh saturates, and against tfjs autodiff of the
// stock-op formulation (model/ops.ts tfjsOps.gelu).
import { describe, it } from 'vitest';
import { gelu, geluBackward, geluForward } from '../../kernels/gelu.ts';
import { geluGradReference, geluReference } from '../../kernels/gelu.reference.ts';
import { tfjsOps } from '../../src/lib/model/ops.ts';
import { randomArray, requireWebGPU, tf } from '../helpers/webgpu.ts';
import { expectClose, readAndDispose, scaledRandom } from './kernel-check.ts';

// Elementwise, O(|x|) values: float32 rounding of a handful of operations is ~1e-6 relative; 1e-5·(1+|x|)
// fails a wrong constant (0.044715 → 0.0447 moves gelu(3) by ~1e-4) or the erf form (differs by ~1e-3).
const TOL = 2e-5;

describe('fused GELU vs CPU reference', () => {
  for (const n of [1, 63, 65, 4097]) {
    it(`n=${n}`, async () => {
      await requireWebGPU();
      const xData = scaledRandom(n, 31 + n, 4);
      if (n > 4) xData.set([-60, -9, 9, 60]); // saturated tanh: no NaN, exact limits
      const dyData = randomArray(n, 41 + n);
      const x = tf.tensor1d(xData);
      const dy = tf.tensor1d(dyData);
      expectClose(await readAndDispose(geluForward(x)), geluReference(xData), TOL * 60, 'y');
      expectClose(await readAndDispose(geluBackward(x, dy)), geluGradReference(xData, dyData), TOL, 'dx');
      tf.dispose([x, dy]);
    });
  }

  it('customGrad gradient equals tfjs autodiff of the stock GELU, for a 2-D input', async () => {
    await requireWebGPU();
    const x = tf.tensor2d(scaledRandom(6 * 37, 51, 3), [6, 37]);
    const w = tf.tensor2d(randomArray(6 * 37, 52), [6, 37]);
    const [ox] = tf.grads((xx: tf.Tensor) => tf.sum(tf.mul(gelu(xx), w)))([x]);
    const [sx] = tf.grads((xx: tf.Tensor) => tf.sum(tf.mul(tfjsOps.gelu(xx as tf.Tensor2D), w)))([x]);
    expectClose(await readAndDispose(gelu(x)), await readAndDispose(tfjsOps.gelu(x)), TOL * 4, 'y vs tfjs');
    expectClose(await readAndDispose(ox), await readAndDispose(sx), TOL * 4, 'dx vs tfjs autodiff');
    tf.dispose([x, w]);
  });
});
