// Training-step throughput, side by side: on webgpu with our fused kernels and with stock tfjs ops, then
// stock ops on webgl, wasm and the cpu backend, for every preset at its full context.
// A step is forward, backward, clipping and the AdamW update; each figure follows one warm-up step
// (shader compilation) and is read back after every step so the GPU work is inside the timing.
import * as tf from '@tensorflow/tfjs';
import { registerFusedModelOps } from '../../kernels/fused-ops.ts';
import { preset, paramCount, trainingStepFlops, type KernelChoice, type PresetName } from '../../src/lib/model/index.ts';
import { createTrainRun, disposeTrainRun, readStep, runStep, trainConfig } from '../../src/lib/train/index.ts';
import { startBestBackend, type BackendName } from '../../src/lib/backend/select.ts';
import type { BenchRow, BenchSection } from '../types.ts';
import { matmulPeakGflops } from './matmul.bench.ts';

// Batch 1 keeps a micro step within seconds on a software adapter (a real GPU would use 8–32). Each
// figure is the median of `rounds` timed steps; on webgpu the fused and the stock run alternate step by
// step, so a machine that gets busier slows both alike and their ratio stays fair. The fallbacks (webgl,
// cpu) get at most two rounds: they are context, not the comparison the kernels are judged by.
const CASES: Array<{ preset: PresetName; batch: number; rounds: number }> = [
  { preset: 'nano', batch: 2, rounds: 5 },
  { preset: 'micro', batch: 1, rounds: 5 },
  { preset: 'mini', batch: 1, rounds: 1 },
];
/** Each backend with the kernel choices timed on it, alternating. */
const SETUPS: Array<[BackendName, KernelChoice[]]> = [
  ['webgpu', ['fused', 'tfjs']],
  ['webgl', ['tfjs']],
  ['wasm', ['tfjs']],
  ['cpu', ['tfjs']],
];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median seconds per training step of each kernel choice, timed in alternating rounds after one warm-up step each. */
async function secondsPerStep(name: PresetName, batch: number, rounds: number, choices: KernelChoice[]): Promise<number[]> {
  const stream = Int32Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 257);
  const runs = choices.map((kernels) => createTrainRun(preset(name, 257, { kernels }), trainConfig({ batchSize: batch, totalSteps: 100, warmupSteps: 0 }), 1));
  try {
    for (const run of runs) await readStep(runStep(run, stream)); // shader compilation
    const times: number[][] = choices.map(() => []);
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < runs.length; i++) {
        const t0 = performance.now();
        await readStep(runStep(runs[i], stream));
        times[i].push((performance.now() - t0) / 1000);
      }
    }
    return times.map(median);
  } finally {
    runs.forEach(disposeTrainRun);
  }
}

export async function trainBench(environment: string): Promise<BenchSection> {
  registerFusedModelOps();
  const rows: BenchRow[] = [];
  const measured = new Map<string, number>();
  /** Achieved GFLOP/s of the fused webgpu step, by preset, and the matmul peak measured in this run. */
  const achieved = new Map<PresetName, number>();
  let peak = NaN;
  for (const [backend, kernels] of SETUPS) {
    try {
      await startBestBackend(backend);
    } catch {
      rows.push({ name: `${backend}: unavailable in this browser`, value: NaN, unit: 'tokens/s' });
      continue;
    }
    if (backend === 'webgpu') peak = await matmulPeakGflops();
    for (const { preset: name, batch, rounds } of CASES) {
      const mc = preset(name, 257);
      const timed = backend === 'webgpu' ? rounds : Math.min(rounds, 2);
      const seconds = await secondsPerStep(name, batch, timed, kernels);
      kernels.forEach((k, i) => {
        const value = (batch * mc.contextLength) / seconds[i];
        measured.set(`${backend}/${k}/${name}`, value);
        if (backend === 'webgpu' && k === 'fused') achieved.set(name, trainingStepFlops(mc, batch, mc.contextLength) / seconds[i] / 1e9);
        const note = `${(paramCount(mc) / 1e6).toFixed(2)}M params, ${batch}×${mc.contextLength} tokens, median of ${timed} steps ${(seconds[i] * 1000).toFixed(0)} ms/step`;
        rows.push({ name: `${name}: ${backend}, ${k === 'fused' ? 'fused kernels' : 'tfjs ops'}`, value, unit: 'tokens/s', note });
      });
    }
  }
  for (const { preset: name } of CASES) {
    const fused = measured.get(`webgpu/fused/${name}`);
    for (const other of ['webgpu/tfjs', 'webgl/tfjs', 'wasm/tfjs', 'cpu/tfjs']) {
      const base = measured.get(`${other}/${name}`);
      if (fused && base) rows.push({ name: `${name}: speed-up of webgpu fused over ${other.replace('/', ' ')}`, value: fused / base, unit: '×' });
    }
  }
  // The page's fallback when WebGPU is missing: stock ops on wasm against stock ops on WebGL.
  for (const { preset: name } of CASES) {
    const wasm = measured.get(`wasm/tfjs/${name}`);
    const webgl = measured.get(`webgl/tfjs/${name}`);
    if (wasm && webgl) rows.push({ name: `${name}: wasm tfjs over webgl tfjs`, value: wasm / webgl, unit: '×', note: '>1: wasm is the faster fallback on this machine' });
  }
  // Where a step stands against the device: its FLOPs from the model's shape (model/flops.ts) over its
  // time, as a share of the fastest matmul this run measured on the same adapter.
  for (const { preset: name, batch } of CASES) {
    const mc = preset(name, 257);
    const gflops = achieved.get(name);
    if (gflops === undefined) continue;
    rows.push({ name: `${name}: FLOPs of a training step`, value: trainingStepFlops(mc, batch, mc.contextLength) / 1e9, unit: 'GFLOP', note: `6·N per token + attention, ${batch}×${mc.contextLength} tokens` });
    rows.push({ name: `${name}: webgpu fused, achieved`, value: gflops, unit: 'GFLOP/s' });
    rows.push({ name: `${name}: webgpu fused, share of the matmul peak`, value: (100 * gflops) / peak, unit: '%', note: `peak: our matmul's best, ${peak.toFixed(1)} GFLOP/s in this run` });
  }
  await tf.setBackend('webgpu');
  return { title: 'training step: fused kernels vs tfjs ops, per backend', environment, rows };
}
