// Fused SwiGLU (kernels/swiglu.ts, the llama style's MLP activation) forward and both input gradients
// against the float64 CPU reference, including gates where σ saturates, and against tfjs autodiff of the
// stock-op formulation (model/ops.ts tfjsOps.swiglu).
import { describe, it } from 'vitest';
import { swiglu, swigluBackward, swigluForward } from '../../kernels/swiglu.ts';
import { swigluGradReference, swigluReference } from '../../kernels/swiglu.reference.ts';
import { tfjsOps } from '../../src/lib/model/ops.ts';
import { randomArray, requireWebGPU, tf } from '../helpers/webgpu.ts';
import { expectClose, readAndDispose, scaledRandom } from './kernel-check.ts';

// Elementwise, a handful of float32 operations: ~1e-6 relative. 2e-5 fails σ(−g) for σ(g) (a sign
// slip in the exp), a dropped (1 − σ) term, or a swapped gate and up.
const TOL = 2e-5;

describe('fused SwiGLU vs CPU reference', () => {
  for (const n of [1, 63, 65, 4097]) {
    it(`n=${n}`, async () => {
      await requireWebGPU();
      const gData = scaledRandom(n, 61 + n, 4);
      if (n > 4) gData.set([-120, -12, 12, 120]); // saturated σ: no NaN, exact limits
      const uData = scaledRandom(n, 71 + n, 2);
      const dyData = randomArray(n, 81 + n);
      const [g, u, dy] = [gData, uData, dyData].map((d) => tf.tensor1d(d));
      const ref = swigluGradReference(gData, uData, dyData);
      expectClose(await readAndDispose(swigluForward(g, u)), swigluReference(gData, uData), TOL * 4, 'y');
      const { dGate, dUp } = swigluBackward(g, u, dy);
      expectClose(await readAndDispose(dGate), ref.dGate, TOL * 4, 'dgate');
      expectClose(await readAndDispose(dUp), ref.dUp, TOL * 4, 'dup');
      tf.dispose([g, u, dy]);
    });
  }

  it('customGrad gradients equal tfjs autodiff of the stock SwiGLU, for 2-D inputs', async () => {
    await requireWebGPU();
    const g = tf.tensor2d(scaledRandom(6 * 37, 91, 3), [6, 37]);
    const u = tf.tensor2d(scaledRandom(6 * 37, 92, 2), [6, 37]);
    const w = tf.tensor2d(randomArray(6 * 37, 93), [6, 37]);
    const loss = (op: typeof swiglu) => (gg: tf.Tensor, uu: tf.Tensor) => tf.sum(tf.mul(op(gg as tf.Tensor2D, uu as tf.Tensor2D), w));
    const [og, ou] = tf.grads(loss(swiglu))([g, u]);
    const [sg, su] = tf.grads(loss(tfjsOps.swiglu as typeof swiglu))([g, u]);
    expectClose(await readAndDispose(swiglu(g, u)), await readAndDispose(tfjsOps.swiglu(g, u)), TOL * 4, 'y vs tfjs');
    expectClose(await readAndDispose(og), await readAndDispose(sg), TOL * 4, 'dgate vs tfjs autodiff');
    expectClose(await readAndDispose(ou), await readAndDispose(su), TOL * 4, 'dup vs tfjs autodiff');
    tf.dispose([g, u, w]);
  });
});
