// Fused mean (kernels/mean.ts, the training loss's reduction over tokens) forward and backward against
// its float64 CPU reference, and its gradient against tfjs autodiff of tf.mean on a 2-D input.
import { describe, expect, it } from 'vitest';
import { mean, meanBackward, meanForward } from '../../kernels/mean.ts';
import { meanGradReference, meanReference } from '../../kernels/mean.reference.ts';
import { randomArray, requireWebGPU, tf } from '../helpers/webgpu.ts';
import { expectClose, readAndDispose } from './kernel-check.ts';

// A sum of up to 4097 values of O(1) in float32: ~1e-6 relative error; a missed element (a stride or
// bound off by one) moves the mean by ~1/n ≥ 2.4e-4.
const TOL = 2e-6;

describe('fused mean vs CPU reference', () => {
  for (const n of [1, 63, 64, 65, 4097]) {
    it(`n=${n}`, async () => {
      await requireWebGPU();
      const data = randomArray(n, 17 + n);
      const x = tf.tensor1d(data);
      expectClose(await readAndDispose(meanForward(x)), [meanReference(data)], TOL, 'mean');
      const dy = tf.scalar(0.75);
      expectClose(await readAndDispose(meanBackward(x, dy)), meanGradReference(n, 0.75), TOL, 'dx');
      tf.dispose([x, dy]);
    });
  }

  it('its gradient equals tfjs autodiff of tf.mean, shaped like the input', async () => {
    await requireWebGPU();
    const x = tf.tensor2d(randomArray(5 * 7, 3), [5, 7]);
    const w = tf.tensor2d(randomArray(5 * 7, 4), [5, 7]);
    const [ours] = tf.grads((xx: tf.Tensor) => tf.mul(mean(tf.mul(xx, w)), 3))([x]);
    const [stock] = tf.grads((xx: tf.Tensor) => tf.mul(tf.mean(tf.mul(xx, w)), 3))([x]);
    expect(ours.shape).toEqual([5, 7]);
    expectClose(await readAndDispose(ours), await readAndDispose(stock), TOL, 'dx vs tfjs autodiff');
    tf.dispose([x, w]);
  });
});
