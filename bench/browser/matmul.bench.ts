// Our tiled WGSL matmul vs tf.matMul on the same WebGPU device, on the shapes of a tiny transformer.
import * as tf from '@tensorflow/tfjs';
import { matmul } from '../../kernels/matmul.ts';
import type { BenchSection } from '../types.ts';
import { timeGpu } from './timing.ts';

// [rows, inner, cols]: batch·context rows through the linear layers of the micro preset (width 128,
// MLP 344, byte vocab 257) at batch 8 × context 128, plus one square case.
const SHAPES: Array<[string, number, number, number]> = [
  ['qkv projection', 1024, 128, 384],
  ['MLP up (SwiGLU gate+up)', 1024, 128, 688],
  ['MLP down', 1024, 344, 128],
  ['logits (tied embedding)', 1024, 128, 257],
  ['square 256', 256, 256, 256],
];

export async function matmulBench(environment: string): Promise<BenchSection> {
  const rows: BenchSection['rows'] = [];
  for (const [name, m, k, n] of SHAPES) {
    const a = tf.randomUniform([m, k], -1, 1, 'float32', 1);
    const b = tf.randomUniform([k, n], -1, 1, 'float32', 2);
    const flops = 2 * m * k * n;
    const ours = await timeGpu(() => matmul(a, b));
    const theirs = await timeGpu(() => tf.matMul(a, b));
    const gOurs = flops / (ours.msPerIter * 1e6);
    const gTheirs = flops / (theirs.msPerIter * 1e6);
    const shape = `${m}×${k}·${k}×${n}`;
    rows.push({ name: `${name} ${shape}: synthlab tiled`, value: gOurs, unit: 'GFLOP/s' });
    rows.push({ name: `${name} ${shape}: tf.matMul`, value: gTheirs, unit: 'GFLOP/s' });
    rows.push({ name: `${name} ${shape}: ratio ours/tfjs`, value: gOurs / gTheirs, unit: '×', note: '>1 means ours is faster' });
    tf.dispose([a, b]);
  }
  return { title: 'matmul: tiled WGSL vs tf.matMul (webgpu)', environment, rows };
}
