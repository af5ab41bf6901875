// Fused Σ x² (kernels/sum-squares.ts, the gradient-norm clip's per-gradient term) against its float64 CPU
// reference on sizes around the workgroup's stride, with and without a running total, and the clip's
// norm chained through it against stock ops.
import { describe, expect, it } from 'vitest';
import { sumSquares } from '../../kernels/sum-squares.ts';
import { sumSquaresReference } from '../../kernels/sum-squares.reference.ts';
import { globalNorm } from '../../src/lib/train/clip.ts';
import { randomArray, requireWebGPU, tf } from '../helpers/webgpu.ts';
import { readAndDispose } from './kernel-check.ts';

// float32 sums of n squares of O(1) values: relative error ~1e-7·√n; 1e-5 relative fails a dropped
// element (≥ 1/n of the sum for these sizes, n ≤ 70,000 → ≥ 1.4e-5 of it on average) or a missed stride.
const REL = 1e-5;

describe('fused sum of squares vs CPU reference', () => {
  for (const n of [1, 63, 64, 65, 1001, 70_003]) {
    it(`n=${n}`, async () => {
      await requireWebGPU();
      const data = randomArray(n, 7 + n);
      const x = tf.tensor1d(data);
      const got = sumSquares(x);
      expect(got.shape).toEqual([]);
      const want = sumSquaresReference(data);
      expect(Math.abs((await readAndDispose(got))[0] - want)).toBeLessThanOrEqual(REL * want);
      // With a running total it adds to it.
      const acc = tf.scalar(2.5);
      expect(Math.abs((await readAndDispose(sumSquares(x, acc)))[0] - (want + 2.5))).toBeLessThanOrEqual(REL * (want + 2.5));
      tf.dispose([x, acc]);
    });
  }

  it("the clip's global norm with it equals the stock-op norm, over tensors of any rank", async () => {
    await requireWebGPU();
    const grads = [tf.tensor2d(randomArray(17 * 9, 1), [17, 9]), tf.tensor1d(randomArray(5, 2)), tf.tensor3d(randomArray(2 * 3 * 4, 3), [2, 3, 4])];
    const ours = (await readAndDispose(globalNorm(grads, sumSquares)))[0];
    const stock = (await readAndDispose(globalNorm(grads)))[0];
    expect(Math.abs(ours - stock)).toBeLessThanOrEqual(REL * stock);
    tf.dispose(grads);
  });
});
