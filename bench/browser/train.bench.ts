// Training-step throughput, side by side: on webgpu with our fused kernels and with stock tfjs ops, then
// stock ops on webgl and on the cpu backend, for every preset at its full context.
// A step is forward, backward, clipping and the AdamW update; each figure follows one warm-up step
// (shader compilation) and is read back after every step so the GPU work is inside the timing.
import * as tf from '@tensorflow/tfjs';
import { registerFusedModelOps } from '../../kernels/fused-ops.ts';
import { preset, paramCount, type KernelChoice, type PresetName } from '../../src/lib/model/index.ts';
import { createTrainRun, disposeTrainRun, readStep, runStep, trainConfig } from '../../src/lib/train/index.ts';
import { startBestBackend, type BackendName } from '../../src/lib/backend/select.ts';
import type { BenchRow, BenchSection } from '../types.ts';

// Batch 1 keeps a micro step within seconds on a software adapter (a real GPU would use 8–32); mini gets
// one timed step, since a step of it takes tens of seconds there.
const CASES: Array<{ preset: PresetName; batch: number; steps: number }> = [
  { preset: 'nano', batch: 2, steps: 2 },
  { preset: 'micro', batch: 1, steps: 2 },
  { preset: 'mini', batch: 1, steps: 1 },
];
const SETUPS: Array<[BackendName, KernelChoice]> = [
  ['webgpu', 'fused'],
  ['webgpu', 'tfjs'],
  ['webgl', 'tfjs'],
  ['cpu', 'tfjs'],
];

async function tokensPerSecond(name: PresetName, batch: number, steps: number, kernels: KernelChoice): Promise<{ value: number; note: string }> {
  const mc = preset(name, 257, { kernels });
  const stream = Int32Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 257);
  const run = createTrainRun(mc, trainConfig({ batchSize: batch, totalSteps: 100, warmupSteps: 0 }), 1);
  try {
    await readStep(runStep(run, stream));
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) await readStep(runStep(run, stream));
    const s = (performance.now() - t0) / 1000;
    return { value: (steps * batch * mc.contextLength) / s, note: `${(paramCount(mc) / 1e6).toFixed(2)}M params, ${batch}×${mc.contextLength} tokens, ${((s / steps) * 1000).toFixed(0)} ms/step` };
  } finally {
    disposeTrainRun(run);
  }
}

export async function trainBench(environment: string): Promise<BenchSection> {
  registerFusedModelOps();
  const rows: BenchRow[] = [];
  const measured = new Map<string, number>();
  for (const [backend, kernels] of SETUPS) {
    try {
      await startBestBackend(backend);
    } catch {
      rows.push({ name: `${backend}: unavailable in this browser`, value: NaN, unit: 'tokens/s' });
      continue;
    }
    for (const { preset: name, batch, steps } of CASES) {
      const { value, note } = await tokensPerSecond(name, batch, steps, kernels);
      measured.set(`${backend}/${kernels}/${name}`, value);
      rows.push({ name: `${name}: ${backend}, ${kernels === 'fused' ? 'fused kernels' : 'tfjs ops'}`, value, unit: 'tokens/s', note });
    }
  }
  for (const { preset: name } of CASES) {
    const fused = measured.get(`webgpu/fused/${name}`);
    for (const other of ['webgpu/tfjs', 'webgl/tfjs', 'cpu/tfjs']) {
      const base = measured.get(`${other}/${name}`);
      if (fused && base) rows.push({ name: `${name}: speed-up of webgpu fused over ${other.replace('/', ' ')}`, value: fused / base, unit: '×' });
    }
  }
  await tf.setBackend('webgpu');
  return { title: 'training step: fused kernels vs tfjs ops, per backend', environment, rows };
}
