// Timing helper for in-browser GPU benchmarks: warm up once (shader compilation), then repeat until a
// minimum wall time. Each timed iteration submits `perRead` runs and reads the last one back, so the
// measured time includes the GPU work; a read-back's round trip (milliseconds on a software adapter) is
// then spread over perRead runs instead of charged to each.
import type { Tensor } from '@tensorflow/tfjs';

export interface Timing {
  msPerIter: number;
  iters: number;
}

export async function timeGpu(op: () => Tensor, minMs = 600, maxIters = 50, perRead = 1): Promise<Timing> {
  const warm = op();
  await warm.data();
  warm.dispose();
  let iters = 0;
  const start = performance.now();
  let elapsed = 0;
  while (iters < maxIters && (iters < 2 || elapsed < minMs)) {
    for (let i = 1; i < perRead; i++) op().dispose();
    const t = op();
    await t.data();
    t.dispose();
    iters++;
    elapsed = performance.now() - start;
  }
  return { msPerIter: elapsed / (iters * perRead), iters: iters * perRead };
}
