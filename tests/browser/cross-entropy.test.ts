// Fused softmax cross-entropy (kernels/cross-entropy.ts) against its float64 CPU reference and against
// tfjs autodiff of the stock-op formulation (logSoftmax + one-hot).
import { describe, it } from 'vitest';
import { crossEntropy, crossEntropyBackward, crossEntropyForward } from '../../kernels/cross-entropy.ts';
import { crossEntropyGradReference, crossEntropyReference } from '../../kernels/cross-entropy.reference.ts';
import { randomArray, requireWebGPU, tf } from '../helpers/webgpu.ts';
import { expectClose, randomTargets, readAndDispose, scaledRandom } from './kernel-check.ts';

// Loss: |loss| ≲ log V + 2·scale ≈ 15; float32 rounding of the online sum over ≤ 1000 terms plus WGSL
// exp/log (a few ULP per call) stay under ~1e-5 relative. 1e-4 absolute (2e-4 with a +500 offset, where
// one f32 ULP is already 3e-5) still catches a single logit left out of the sum (≥ ~1/V ≈ 4e-3 at V=257)
// or a wrong target (O(1)).
const LOSS_TOL = 1e-4;
// Gradient entries are probabilities times dloss (|dloss| ≤ 1): errors ~1e-7; 1e-5 leaves margin while a
// missing −1 at the target or an unnormalised softmax is off by far more.
const GRAD_TOL = 1e-5;

type Case = { rows: number; vocab: number; scale: number; offset: number };
const CASES: Case[] = [
  { rows: 1, vocab: 1, scale: 1, offset: 0 },
  { rows: 3, vocab: 257, scale: 4, offset: 0 }, // byte vocab: not a multiple of 4 or of the workgroup
  { rows: 37, vocab: 63, scale: 3, offset: 0 }, // fewer columns than invocations
  { rows: 5, vocab: 1000, scale: 6, offset: 0 },
  { rows: 4, vocab: 129, scale: 2, offset: 500 }, // large logits: exp(500) overflows unless max-shifted
];

describe('fused softmax cross-entropy vs CPU reference', () => {
  for (const { rows, vocab, scale, offset } of CASES) {
    it(`rows=${rows} vocab=${vocab} scale=${scale} offset=${offset}`, async () => {
      await requireWebGPU();
      const logitsData = scaledRandom(rows * vocab, 100 + vocab + rows, scale).map((v) => v + offset);
      const targetsData = randomTargets(rows, vocab, 7 + rows);
      const dlossData = randomArray(rows, 55);
      const logits = tf.tensor2d(logitsData, [rows, vocab]);
      const targets = tf.tensor1d(targetsData, 'int32');
      const dloss = tf.tensor1d(dlossData);
      const tol = offset > 100 ? 2 * LOSS_TOL : LOSS_TOL;
      expectClose(await readAndDispose(crossEntropyForward(logits, targets)), crossEntropyReference(logitsData, targetsData, rows, vocab), tol, 'loss');
      expectClose(
        await readAndDispose(crossEntropyBackward(logits, targets, dloss)),
        crossEntropyGradReference(logitsData, targetsData, dlossData, rows, vocab),
        GRAD_TOL,
        'dlogits',
      );
      tf.dispose([logits, targets, dloss]);
    });
  }

  it('customGrad gradient equals tfjs autodiff of logSoftmax + one-hot', async () => {
    await requireWebGPU();
    const [rows, vocab] = [19, 257];
    const logits = tf.tensor2d(scaledRandom(rows * vocab, 3, 5), [rows, vocab]);
    const targetsData = randomTargets(rows, vocab, 4);
    const targets = tf.tensor1d(targetsData, 'int32');
    const weights = tf.tensor1d(randomArray(rows, 9)); // a non-uniform upstream gradient
    const stock = (l: tf.Tensor) => tf.neg(tf.sum(tf.mul(tf.oneHot(targets, vocab), tf.logSoftmax(l)), 1));
    const ours = tf.grad((l: tf.Tensor) => tf.sum(tf.mul(crossEntropy(l as tf.Tensor2D, targets), weights)))(logits);
    const theirs = tf.grad((l: tf.Tensor) => tf.sum(tf.mul(stock(l), weights)))(logits);
    expectClose(await readAndDispose(crossEntropy(logits, targets)), await readAndDispose(stock(logits)), LOSS_TOL, 'loss vs tfjs');
    expectClose(await readAndDispose(ours), await readAndDispose(theirs), GRAD_TOL, 'dlogits vs tfjs autodiff');
    tf.dispose([logits, targets, weights]);
  });
});
