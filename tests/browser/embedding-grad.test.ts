// The embedding gradient kernel (kernels/embedding-grad.ts) against its float64 CPU reference and against
// stock tfjs's one-hot matmul, which the model uses when the ops have no kernel of their own.
import { describe, it } from 'vitest';
import { embeddingGrad } from '../../kernels/embedding-grad.ts';
import { embeddingGradReference } from '../../kernels/embedding-grad.reference.ts';
import { oneHotF32 } from '../../src/lib/model/ops.ts';
import { randomArray, requireWebGPU, tf } from '../helpers/webgpu.ts';
import { expectClose, readAndDispose } from './kernel-check.ts';

// Sums of at most `tokens` O(1) terms in float32: ~1e-6 relative; 1e-5 fails a row summed into the wrong id
// or a dropped repeat (O(1) off).
const TOL = 1e-5;

describe('embedding gradient vs CPU reference', () => {
  const CASES: Array<[tokens: number, vocab: number, d: number]> = [
    [1, 2, 1],
    [7, 257, 13], // d not a multiple of 4, most ids never seen
    [256, 12, 64], // many repeats of each id
    [300, 257, 130], // the byte vocabulary at a width that is not a multiple of 4
  ];
  for (const [tokens, vocab, d] of CASES) {
    it(`tokens=${tokens} vocab=${vocab} d=${d}`, async () => {
      await requireWebGPU();
      // Ids from a fixed pattern that hits the first and last entries and repeats.
      const idData = Int32Array.from({ length: tokens }, (_, t) => (t === 0 ? vocab - 1 : (t * 7919) % vocab));
      const dyData = randomArray(tokens * d, 5 + tokens);
      const ids = tf.tensor1d(idData, 'int32');
      const dy = tf.tensor2d(dyData, [tokens, d]);
      expectClose(await readAndDispose(embeddingGrad(ids, dy, vocab)), embeddingGradReference(idData, dyData, vocab, d), TOL, 'dE');
      const stock = tf.matMul(oneHotF32(ids, vocab), dy, true, false);
      expectClose(await readAndDispose(embeddingGrad(ids, dy, vocab)), await readAndDispose(stock), TOL, 'dE vs one-hot matmul');
      tf.dispose([ids, dy]);
    });
  }
});
