// Where a training step's time goes on this adapter: one steady micro step (fused kernels) is recorded
// dispatch by dispatch at the WebGPU API (gpu-recorder.ts), then each dispatch is replayed alone on the
// queue and timed, and the whole step's dispatches are replayed back to back. The sum says how much of the
// step is GPU work and how much is tfjs's JavaScript around it; the breakdown by kernel says which passes
// to make faster. Times on a software adapter are CPU time; on a real GPU the same table is GPU time.
import * as tf from '@tensorflow/tfjs';
import { registerFusedModelOps } from '../../kernels/fused-ops.ts';
import { activeWebGPUBackend } from '../../kernels/program.ts';
import { preset, type PresetName } from '../../src/lib/model/index.ts';
import { createTrainRun, disposeTrainRun, readStep, runStep, trainConfig } from '../../src/lib/train/index.ts';
import type { BenchRow, BenchSection } from '../types.ts';
import { installGpuRecorder, recordDispatches, submitDispatch, type RecordedDispatch } from './gpu-recorder.ts';

const PRESET: PresetName = 'micro';
const BATCH = 1;
/** Times each dispatch is replayed; the fastest replay counts (the others met a busier machine). */
const REPLAYS = 3;
/** Extra runs of a dispatch in one pass, against which a single run is timed. */
const EXTRA = 4;
/** Kernels listed by name, most time first. */
const TOP = 16;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(device: GPUDevice, submit: () => void): Promise<number> {
  const t0 = performance.now();
  submit();
  await device.queue.onSubmittedWorkDone();
  return performance.now() - t0;
}

export async function anatomyBench(environment: string): Promise<BenchSection> {
  installGpuRecorder();
  registerFusedModelOps();
  await tf.setBackend('webgpu');
  const device = activeWebGPUBackend().device;
  const stream = Int32Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 257);
  const run = createTrainRun(preset(PRESET, 257, { kernels: 'fused' }), trainConfig({ batchSize: BATCH, totalSteps: 100, warmupSteps: 0 }), 1);
  const rows: BenchRow[] = [];
  try {
    // Warm-up: shader compilation and tfjs's buffer pool; the pipelines a step uses exist from here on.
    for (let i = 0; i < 2; i++) await readStep(runStep(run, stream));
    const wall: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await readStep(runStep(run, stream));
      wall.push(performance.now() - t0);
    }
    const dispatches = await recordDispatches(() => readStep(runStep(run, stream)).then(() => undefined));
    // Each dispatch alone, once and 1 + EXTRA times in one pass: the difference over EXTRA is what the
    // dispatch itself costs, without the fixed cost of a submission and its wait.
    const each = new Map<RecordedDispatch, number>();
    const fixed: number[] = [];
    for (const d of dispatches) {
      let once = Infinity;
      let many = Infinity;
      for (let r = 0; r < REPLAYS; r++) {
        once = Math.min(once, await timed(device, () => submitDispatch(device, d, 1)));
        many = Math.min(many, await timed(device, () => submitDispatch(device, d, 1 + EXTRA)));
      }
      const cost = Math.max(0, (many - once) / EXTRA);
      each.set(d, cost);
      fixed.push(once - cost);
    }
    const wholeTimes: number[] = [];
    for (let r = 0; r < REPLAYS; r++) wholeTimes.push(await timed(device, () => dispatches.forEach((d) => submitDispatch(device, d))));
    const backToBack = median(wholeTimes);
    const sum = [...each.values()].reduce((a, b) => a + b, 0);
    const where = `${PRESET} fused (${BATCH}×${preset(PRESET, 257).contextLength} tokens)`;
    rows.push({ name: `${where}: training step, wall`, value: median(wall), unit: 'ms', note: 'median of 3 steady steps, loss read each step' });
    rows.push({ name: `${where}: its dispatches replayed back to back`, value: backToBack, unit: 'ms', note: `${dispatches.length} dispatches, each with its uniforms, one wait` });
    rows.push({ name: `${where}: sum of dispatches replayed alone`, value: sum, unit: 'ms', note: `each: (1 + ${EXTRA} runs − 1 run) / ${EXTRA}, fastest of ${REPLAYS}` });
    rows.push({ name: `${where}: a submission's fixed cost, alone`, value: median(fixed), unit: 'ms', note: 'median over the dispatches: one run timed alone less its own cost' });
    const byName = new Map<string, { ms: number; n: number }>();
    for (const [d, ms] of each) {
      const e = byName.get(d.name) ?? { ms: 0, n: 0 };
      byName.set(d.name, { ms: e.ms + ms, n: e.n + 1 });
    }
    const sorted = [...byName].sort((a, b) => b[1].ms - a[1].ms);
    for (const [name, { ms, n }] of sorted.slice(0, TOP)) {
      rows.push({ name: `${where}: ${name}`, value: ms, unit: 'ms/step', note: `${n} dispatches, ${((100 * ms) / sum).toFixed(1)}% of the sum` });
    }
    const rest = sorted.slice(TOP);
    if (rest.length > 0) {
      const ms = rest.reduce((a, [, e]) => a + e.ms, 0);
      rows.push({ name: `${where}: ${rest.length} other kernels`, value: ms, unit: 'ms/step', note: `${((100 * ms) / sum).toFixed(1)}% of the sum` });
    }
  } finally {
    disposeTrainRun(run);
  }
  return { title: 'where a training step goes: each dispatch replayed alone at the WebGPU API', environment, rows };
}
