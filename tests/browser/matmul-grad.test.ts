// Our matmul's transpose variants and its customGrad gradients against tf.matMul and tfjs autodiff.
import { describe, it } from 'vitest';
import { matmul } from '../../kernels/matmul.ts';
import { matmulWithGrad } from '../../kernels/matmul-grad.ts';
import { randomArray, requireWebGPU, tf } from '../helpers/webgpu.ts';
import { expectClose, readAndDispose } from './kernel-check.ts';

// f32 sums of ≤ 40 products of values in [-1, 1] (gradients: of ≤ 23): ≲ 40·2^-24 ≈ 3e-6; 2e-5 still
// catches a transposed or misplaced operand (errors O(1)).
const TOL = 2e-5;

// [19, 40, 23] mixes v2's vec4 and scalar load paths (and runs v3 as v2); [36, 20, 44] takes the vec4
// path everywhere and is v3's case.
const SHAPES = [[19, 40, 23], [36, 20, 44]] as const;

describe('matmul transposes and gradients', () => {
  for (const [tA, tB] of [[false, false], [false, true], [true, false], [true, true]] as const) {
    it.each(SHAPES)(`transposeA=${tA} transposeB=${tB}, m=%i k=%i n=%i`, async (m, k, n) => {
      await requireWebGPU();
      const a = tf.tensor2d(randomArray(m * k, 1), tA ? [k, m] : [m, k]);
      const b = tf.tensor2d(randomArray(k * n, 2), tB ? [n, k] : [k, n]);
      const w = tf.tensor2d(randomArray(m * n, 3), [m, n]);
      for (const version of [1, 2, 3] as const) expectClose(await readAndDispose(matmul(a, b, tA, tB, version)), await readAndDispose(tf.matMul(a, b, tA, tB)), TOL, `C (v${version})`);
      const ours = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(matmulWithGrad(x as tf.Tensor2D, y as tf.Tensor2D, tA, tB), w)))([a, b]);
      const theirs = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D, tA, tB), w)))([a, b]);
      expectClose(await readAndDispose(ours[0]), await readAndDispose(theirs[0]), TOL, 'dA');
      expectClose(await readAndDispose(ours[1]), await readAndDispose(theirs[1]), TOL, 'dB');
      tf.dispose([a, b, w]);
    });
  }
});
