// Model styles and shapes on WebGPU: the training step of each style (llama, phi) in each shape
// (shallow-wide 2 × 48, deep-narrow 10 × 24: one parameter count) with our fused kernels and with stock
// tfjs ops, alternating step by step so a busier machine slows both alike. Reports tokens/s, the
// fused-vs-stock ratio per style and shape, and what depth costs: the deep-narrow step over the
// shallow-wide one at equal parameters, and milliseconds per layer per thousand tokens.
import * as tf from '@tensorflow/tfjs';
import { registerFusedModelOps } from '../../kernels/fused-ops.ts';
import { preset, paramCount, type KernelChoice, type ModelStyle, type PresetName } from '../../src/lib/model/index.ts';
import { createTrainRun, disposeTrainRun, readStep, runStep, trainConfig } from '../../src/lib/train/index.ts';
import type { BenchRow, BenchSection } from '../types.ts';

const VOCAB = 512; // the lab's BPE, at which the two shapes have one parameter count
const BATCH = 4;
const ROUNDS = 5;
const STYLES: ModelStyle[] = ['llama', 'phi'];
const SHAPES: PresetName[] = ['shallow-wide', 'deep-narrow'];
const KERNELS: KernelChoice[] = ['fused', 'tfjs'];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function stylesBench(environment: string): Promise<BenchSection> {
  registerFusedModelOps();
  await tf.setBackend('webgpu');
  const stream = Int32Array.from({ length: 50_000 }, (_, i) => (i * 7919) % VOCAB);
  const rows: BenchRow[] = [];
  const ms = new Map<string, number>();
  for (const style of STYLES) {
    for (const shape of SHAPES) {
      const configs = KERNELS.map((kernels) => preset(shape, VOCAB, { kernels, style }));
      const runs = configs.map((c) => createTrainRun(c, trainConfig({ batchSize: BATCH, totalSteps: 100, warmupSteps: 0 }), 1));
      try {
        for (const run of runs) await readStep(runStep(run, stream)); // shader compilation
        const times: number[][] = KERNELS.map(() => []);
        for (let r = 0; r < ROUNDS; r++) {
          for (let i = 0; i < runs.length; i++) {
            const t0 = performance.now();
            await readStep(runStep(runs[i], stream));
            times[i].push(performance.now() - t0);
          }
        }
        const c = configs[0];
        const tokens = BATCH * c.contextLength;
        KERNELS.forEach((k, i) => {
          const t = median(times[i]);
          ms.set(`${style}/${shape}/${k}`, t);
          rows.push({ name: `${style}, ${shape} (${c.nLayer} × ${c.dModel}): ${k === 'fused' ? 'fused kernels' : 'tfjs ops'}`, value: (tokens / t) * 1000, unit: 'tokens/s', note: `${paramCount(c).toLocaleString('en-US')} params, ${BATCH}×${c.contextLength} tokens, ${t.toFixed(0)} ms/step` });
        });
        rows.push({ name: `${style}, ${shape}: fused over tfjs ops`, value: ms.get(`${style}/${shape}/tfjs`)! / ms.get(`${style}/${shape}/fused`)!, unit: '×', note: '>1 means fused is faster' });
      } finally {
        runs.forEach(disposeTrainRun);
      }
    }
  }
  for (const style of STYLES) {
    for (const k of KERNELS) {
      const wide = ms.get(`${style}/shallow-wide/${k}`)!;
      const deep = ms.get(`${style}/deep-narrow/${k}`)!;
      const [w, d] = SHAPES.map((s) => preset(s, VOCAB));
      const tokens = BATCH * w.contextLength;
      rows.push({ name: `${style}, ${k}: deep-narrow step over shallow-wide`, value: deep / wide, unit: '×', note: `equal parameters; ${d.nLayer} vs ${w.nLayer} layers` });
      rows.push({ name: `${style}, ${k}: cost of one layer per 1k tokens, deep-narrow`, value: (deep / d.nLayer / tokens) * 1000, unit: 'ms', note: `shallow-wide: ${((wide / w.nLayer / tokens) * 1000).toFixed(2)} ms` });
    }
  }
  return { title: 'model styles and shapes: training step, fused vs tfjs ops (webgpu)', environment, rows };
}
