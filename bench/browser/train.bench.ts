// Training-step throughput of each model preset on each backend this browser offers, side by side.
import * as tf from '@tensorflow/tfjs';
import { preset, paramCount } from '../../src/lib/model/index.ts';
import { createTrainRun, disposeTrainRun, readStep, runStep, trainConfig } from '../../src/lib/train/index.ts';
import { startBestBackend, type BackendName } from '../../src/lib/backend/select.ts';
import type { BenchSection } from '../types.ts';

const PRESETS = ['nano', 'micro', 'mini'] as const;
const BATCH = 4;
const TIMED_STEPS = 2;

export async function trainBench(environment: string): Promise<BenchSection> {
  const rows: BenchSection['rows'] = [];
  const stream = Int32Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 257);
  for (const backend of ['webgpu', 'webgl', 'cpu'] as BackendName[]) {
    try {
      await startBestBackend(backend);
    } catch {
      rows.push({ name: `${backend}: unavailable`, value: NaN, unit: 'tokens/s' });
      continue;
    }
    for (const name of PRESETS) {
      const mc = preset(name, 257);
      const run = createTrainRun(mc, trainConfig({ batchSize: BATCH, totalSteps: 100, warmupSteps: 0 }), 1);
      await readStep(runStep(run, stream)); // compile shaders / warm caches
      const t0 = performance.now();
      for (let i = 0; i < TIMED_STEPS; i++) await readStep(runStep(run, stream));
      const s = (performance.now() - t0) / 1000;
      rows.push({ name: `${backend} ${name} (${(paramCount(mc) / 1e6).toFixed(2)}M params, ${BATCH}×${mc.contextLength})`, value: (TIMED_STEPS * BATCH * mc.contextLength) / s, unit: 'tokens/s' });
      disposeTrainRun(run);
    }
  }
  await tf.setBackend('webgpu');
  return { title: 'training step: tfjs ops on each backend', environment, rows };
}
