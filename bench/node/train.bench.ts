// Training throughput per model preset on tfjs's cpu backend in Node: tokens/s of a full train step
// (forward, backward, clipping, AdamW update), after one warm-up step. The cpu backend is a reference
// point for the pure-JS path, not the target: the page trains on WebGPU.
import * as tf from '@tensorflow/tfjs';
import { cpus } from 'node:os';
import { paramCount, preset, PRESET_NAMES } from '../../src/lib/model/config.ts';
import { createTrainRun, disposeTrainRun, runStep } from '../../src/lib/train/run.ts';
import { trainConfig } from '../../src/lib/train/config.ts';
import { Prng } from '../../src/lib/model/prng.ts';
import type { BenchRow, BenchSection } from '../types.ts';

const VOCAB = 257;
const BATCH = 4;
/** Timed steps per preset (fewer for bigger models to keep the whole bench to about a minute); others: 4. */
const STEPS: Partial<Record<string, number>> = { nano: 4, micro: 2, mini: 1 };
/** Context lengths for the bench: the preset's own would make the mini step take tens of seconds on cpu. */
const CONTEXT = 64;

export default async function trainBench(): Promise<BenchSection[]> {
  const previousBackend = tf.getBackend();
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
  const rng = new Prng('bench', 'tokens');
  const tokens = Int32Array.from({ length: 20_000 }, () => rng.int(VOCAB));
  const rows: BenchRow[] = [];
  for (const name of PRESET_NAMES) {
    const config = preset(name, VOCAB, { contextLength: CONTEXT });
    const run = createTrainRun(config, trainConfig({ batchSize: BATCH }), 1);
    await readLoss(runStep(run, tokens).loss); // warm-up: first-use allocations
    const steps = STEPS[name] ?? 4;
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) {
      const r = runStep(run, tokens);
      await readLoss(r.loss); // wait for the step to finish before timing the next
      r.gradNorm.dispose();
    }
    const seconds = (performance.now() - t0) / 1000;
    rows.push({
      name: `${name} train step`,
      value: (steps * BATCH * CONTEXT) / seconds,
      unit: 'tokens/s',
      note: `${(paramCount(config) / 1e6).toFixed(2)}M params, batch ${BATCH}×${CONTEXT}, ${((seconds / steps) * 1000).toFixed(0)} ms/step`,
    });
    disposeTrainRun(run);
  }
  if (previousBackend && previousBackend !== 'cpu') await tf.setBackend(previousBackend);
  return [{ title: 'Training step throughput (tfjs cpu backend)', environment: `node ${process.version}, tfjs cpu, ${cpus().length} cores`, rows }];
}

async function readLoss(loss: tf.Scalar): Promise<void> {
  await loss.data();
  loss.dispose();
}
