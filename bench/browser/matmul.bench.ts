// The versions of our WGSL matmul vs tf.matMul on the same WebGPU device, on a tiny transformer's shapes,
// each timed over batches of PER_READ runs per read-back.
import * as tf from '@tensorflow/tfjs';
import { matmul, type MatmulVersion } from '../../kernels/matmul.ts';
import type { BenchSection } from '../types.ts';
import { timeGpu } from './timing.ts';

/** Matmuls submitted per read-back: a read-back's round trip would otherwise be charged to each. */
const PER_READ = 8;
const timeMatmul = (op: () => tf.Tensor) => timeGpu(op, 600, 50, PER_READ);

// [name, rows, inner, cols, transposeA, transposeB]: batch·context rows through the linear layers of the
// micro preset (width 128, MLP 352, byte vocab 257) at batch 8 × context 128, the weight-gradient shape
// of the backward pass (Aᵀ·dC), and one square case.
const SHAPES: Array<[string, number, number, number, boolean, boolean]> = [
  ['qkv projection', 1024, 128, 384, false, false],
  ['MLP up (SwiGLU gate or up)', 1024, 128, 352, false, false],
  ['MLP down', 1024, 352, 128, false, false],
  ['logits (tied embedding, Bᵀ)', 1024, 128, 257, false, true],
  ['weight gradient (Aᵀ·dC)', 128, 1024, 352, true, false],
  ['square 256', 256, 256, 256, false, false],
];

/** The fastest of our matmul (v2 or v3, whichever the device runs faster) over the shapes above, in
 *  GFLOP/s: the device's practical peak for the training bench's "share of peak" (the largest matmuls a
 *  step runs). Needs the webgpu backend. */
export async function matmulPeakGflops(): Promise<number> {
  let best = 0;
  for (const [, m, k, n, tA, tB] of SHAPES) {
    const a = tf.randomUniform(tA ? [k, m] : [m, k], -1, 1, 'float32', 1);
    const b = tf.randomUniform(tB ? [n, k] : [k, n], -1, 1, 'float32', 2);
    for (const v of [2, 3] as const) {
      const { msPerIter } = await timeMatmul(() => matmul(a, b, tA, tB, v));
      best = Math.max(best, (2 * m * k * n) / (msPerIter * 1e6));
    }
    tf.dispose([a, b]);
  }
  return best;
}

export async function matmulBench(environment: string): Promise<BenchSection> {
  const rows: BenchSection['rows'] = [];
  for (const [name, m, k, n, tA, tB] of SHAPES) {
    const a = tf.randomUniform(tA ? [k, m] : [m, k], -1, 1, 'float32', 1);
    const b = tf.randomUniform(tB ? [n, k] : [k, n], -1, 1, 'float32', 2);
    const gflops = (ms: number) => (2 * m * k * n) / (ms * 1e6);
    const ours = async (v: MatmulVersion) => gflops((await timeMatmul(() => matmul(a, b, tA, tB, v))).msPerIter);
    const v1 = await ours(1);
    const v2 = await ours(2);
    const v3 = await ours(3);
    const theirs = gflops((await timeMatmul(() => tf.matMul(a, b, tA, tB))).msPerIter);
    const shape = `${m}×${k}·${k}×${n}`;
    rows.push({ name: `${name} ${shape}: v1 tiled`, value: v1, unit: 'GFLOP/s' });
    rows.push({ name: `${name} ${shape}: v2 register-tiled`, value: v2, unit: 'GFLOP/s' });
    rows.push({ name: `${name} ${shape}: v3 blocked, no tiles`, value: v3, unit: 'GFLOP/s', note: m % 4 || n % 4 || k % 4 ? 'runs as v2 (a size not a multiple of 4)' : undefined });
    rows.push({ name: `${name} ${shape}: tf.matMul`, value: theirs, unit: 'GFLOP/s' });
    rows.push({ name: `${name} ${shape}: ratio v2/tf.matMul`, value: v2 / theirs, unit: '×', note: '>1 means ours is faster' });
    rows.push({ name: `${name} ${shape}: ratio v3/v2`, value: v3 / v2, unit: '×', note: 'v3 is the default on software adapters, v2 on GPUs' });
    tf.dispose([a, b]);
  }
  return { title: 'matmul: WGSL v1, v2 and v3 vs tf.matMul (webgpu)', environment, rows };
}
