// What one steady training step asks of the GPU, counted at the WebGPU API (gpu-counters.ts) for our
// fused kernels and for stock tfjs ops, at nano, micro and mini: dispatches, submissions, readbacks,
// uploads, uniform writes, copies, pipelines / buffers / bind groups created, tensors alive before vs
// after (drift), and the CPU time spent recording the step. Steps run as the lab's runner runs them, the
// loss read back after a batch of steps rather than after each (the runner reads every 10; here every
// COUNTED, since a mini step takes tens of seconds on a software adapter). Counts are exact, not timed:
// a steady step asks for the same work every time, so a few steps give the figure.
import * as tf from '@tensorflow/tfjs';
import { registerFusedModelOps } from '../../kernels/fused-ops.ts';
import { preset, paramCount, type KernelChoice, type PresetName } from '../../src/lib/model/index.ts';
import { createTrainRun, disposeStep, disposeTrainRun, readStep, runStep, trainConfig, type TrainRun } from '../../src/lib/train/index.ts';
import type { BenchRow, BenchSection } from '../types.ts';
import { countsSince, dispatchesByProgram, gpuCounts, installGpuCounters, type GpuCounts } from './gpu-counters.ts';

const VOCAB = 257;
/** Steps counted, the loss read after the last of them. */
const COUNTED = 4;
/** Steps before counting: shader compilation and tfjs's buffer pool filling up. */
const WARM_UP = 2;
const CASES: Array<{ preset: PresetName; batch: number }> = [
  { preset: 'nano', batch: 2 },
  { preset: 'micro', batch: 1 },
  { preset: 'mini', batch: 1 },
];
const KERNELS: KernelChoice[] = ['fused', 'tfjs'];
/** Programs listed by name in the breakdown, per kernel choice. */
const TOP_PROGRAMS = 10;

export interface StepCounts {
  perStep: GpuCounts;
  /** Tensors alive after the counted steps minus before them: 0 when nothing leaks. */
  tensorDrift: number;
  /** CPU milliseconds recording one step (runStep's synchronous part). */
  encodeMs: number;
  /** Dispatches per step by program (tfjs's program classes; ours are SynthlabKernel), most first. */
  programs: Array<[string, number]>;
}

/** Counts COUNTED steady steps of `run`, reading the loss after the last. */
export async function countSteps(run: TrainRun, stream: Int32Array): Promise<StepCounts> {
  for (let i = 0; i < WARM_UP; i++) await readStep(runStep(run, stream));
  const tensors = tf.memory().numTensors;
  const before = gpuCounts();
  const programsBefore = dispatchesByProgram();
  let encodeMs = 0;
  for (let i = 0; i < COUNTED; i++) {
    const t0 = performance.now();
    const step = runStep(run, stream);
    encodeMs += performance.now() - t0;
    if (i === COUNTED - 1) await readStep(step);
    else disposeStep(step);
  }
  const total = countsSince(before);
  const perStep = Object.fromEntries(Object.entries(total).map(([k, v]) => [k, v / COUNTED])) as unknown as GpuCounts;
  const programs = [...dispatchesByProgram()].map(([p, n]): [string, number] => [p, (n - (programsBefore.get(p) ?? 0)) / COUNTED]).filter(([, n]) => n > 0);
  programs.sort((a, b) => b[1] - a[1]);
  return { perStep, tensorDrift: tf.memory().numTensors - tensors, encodeMs: encodeMs / COUNTED, programs };
}

const ROWS: Array<{ key: keyof GpuCounts; label: string; unit: string }> = [
  { key: 'dispatches', label: 'compute dispatches', unit: '/step' },
  { key: 'submits', label: 'queue submissions', unit: '/step' },
  { key: 'readbacks', label: 'GPU→CPU readbacks', unit: '/step' },
  { key: 'uploads', label: 'CPU→GPU data uploads', unit: '/step' },
  { key: 'uploadBytes', label: 'CPU→GPU data bytes', unit: 'B/step' },
  { key: 'uniformWrites', label: 'uniform writes', unit: '/step' },
  { key: 'copies', label: 'buffer copies on the GPU', unit: '/step' },
  { key: 'pipelines', label: 'pipelines created', unit: '/step' },
  { key: 'buffers', label: 'buffers created', unit: '/step' },
  { key: 'bindGroups', label: 'bind groups created', unit: '/step' },
];

export async function countersBench(environment: string): Promise<BenchSection> {
  installGpuCounters();
  registerFusedModelOps();
  await tf.setBackend('webgpu');
  const stream = Int32Array.from({ length: 50_000 }, (_, i) => (i * 7919) % VOCAB);
  const rows: BenchRow[] = [];
  for (const { preset: name, batch } of CASES) {
    const measured = new Map<KernelChoice, StepCounts>();
    for (const kernels of KERNELS) {
      const mc = preset(name, VOCAB, { kernels });
      const run = createTrainRun(mc, trainConfig({ batchSize: batch, totalSteps: 100, warmupSteps: 0 }), 1);
      try {
        measured.set(kernels, await countSteps(run, stream));
      } finally {
        disposeTrainRun(run);
      }
    }
    const [fused, stock] = KERNELS.map((k) => measured.get(k)!);
    const where = `${name} (${(paramCount(preset(name, VOCAB)) / 1e6).toFixed(2)}M params, ${batch}×${preset(name, VOCAB).contextLength} tokens)`;
    for (const r of ROWS) {
      rows.push({ name: `${where}: ${r.label}`, value: fused.perStep[r.key], unit: r.unit, note: `fused; tfjs ops ${stock.perStep[r.key]}` });
    }
    rows.push({ name: `${where}: tensors alive after − before`, value: fused.tensorDrift, unit: 'tensors', note: `fused; tfjs ops ${stock.tensorDrift}` });
    rows.push({ name: `${where}: CPU time recording a step`, value: fused.encodeMs, unit: 'ms', note: `fused; tfjs ops ${stock.encodeMs.toFixed(1)} ms` });
    rows.push({ name: `${where}: dispatches, fused / tfjs ops`, value: fused.perStep.dispatches / stock.perStep.dispatches, unit: '×', note: 'target ≤ 0.33 (issue #14)' });
    // Where the passes go, for the model the speed target is set on.
    if (name === 'micro') {
      for (const [kernels, c] of measured) {
        for (const [program, n] of c.programs.slice(0, TOP_PROGRAMS)) rows.push({ name: `${where}, ${kernels}: dispatches of ${program}`, value: n, unit: '/step', note: `${((n / c.perStep.dispatches) * 100).toFixed(0)}% of the step's` });
      }
    }
  }
  return { title: `GPU work per steady training step, counted at the WebGPU API (loss read every ${COUNTED} steps)`, environment, rows };
}
