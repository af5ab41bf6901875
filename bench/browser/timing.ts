// Timing helper for in-browser GPU benchmarks: warm up once (shader compilation), then repeat until a
// minimum wall time, reading each result back so the measured time includes the GPU work.
import type { Tensor } from '@tensorflow/tfjs';

export interface Timing {
  msPerIter: number;
  iters: number;
}

export async function timeGpu(op: () => Tensor, minMs = 600, maxIters = 50): Promise<Timing> {
  const warm = op();
  await warm.data();
  warm.dispose();
  let iters = 0;
  const start = performance.now();
  let elapsed = 0;
  while (iters < maxIters && (iters < 2 || elapsed < minMs)) {
    const t = op();
    await t.data();
    t.dispose();
    iters++;
    elapsed = performance.now() - start;
  }
  return { msPerIter: elapsed / iters, iters };
}
