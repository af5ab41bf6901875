// What the views inside the models (Surprise, Attention) cost a run, on the default preset at its full
// budget in Node on tfjs-backend-wasm (the backend `npm run lessons` trains on). The views are read at
// evaluations only, one forward pass per held-out passage (eval/read-passage.ts), never inside a training
// step. Measured side by side in one process: training steps before any evaluation and after evaluations
// that read the views (the step must not slow down), one whole evaluation, the views' passes alone, and
// from these the run's tokens per second with and without the views at the preset's evaluation cadence.
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { loadSample, OFFLINE_SAMPLE, sampleEntry } from '../../src/lib/baseline/sample.ts';
import { startBestBackend } from '../../src/lib/backend/select.ts';
import { readPassage } from '../../src/lib/eval/read-passage.ts';
import { modelConfigFor, trainConfigFor } from '../../src/lib/experiment/derived-configs.ts';
import { evaluateModel, surprisePassages } from '../../src/lib/experiment/evaluate.ts';
import { prepareExperiment } from '../../src/lib/experiment/prepare.ts';
import { experimentPreset } from '../../src/lib/experiment/presets.ts';
import { webTextFrom } from '../../src/lib/experiment/web-text.ts';
import { createTrainRun, disposeTrainRun, readStep, runStep, type TrainRun } from '../../src/lib/train/index.ts';
import type { BenchRow, BenchSection } from '../types.ts';

const PRESET = 'synthetic-vs-web';
/** Timed training steps per block, and blocks each side of the evaluations. */
const STEPS = 8;
const ROUNDS = 2;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function msPerStep(run: TrainRun, stream: Int32Array): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < STEPS; i++) await readStep(runStep(run, stream));
  return (performance.now() - t0) / STEPS;
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

export default async function viewsBench(): Promise<BenchSection[]> {
  const previous = tf.getBackend();
  tf.env().set('PROD', true);
  const backend = (await startBestBackend('wasm')).backend;
  const preset = experimentPreset(PRESET)!;
  // The shipped web-text sample stands in for the Hub download (offline here); the cost is the same.
  const config = { ...preset.config(), baseline: OFFLINE_SAMPLE };
  config.model = { ...config.model, kernels: 'tfjs' }; // fused kernels are WebGPU's
  const bytes = new Uint8Array(readFileSync(new URL(`../../${sampleEntry(OFFLINE_SAMPLE).source}`, import.meta.url)));
  const prepared = await prepareExperiment(config, webTextFrom(await loadSample(OFFLINE_SAMPLE, bytes), config));
  const run = createTrainRun(modelConfigFor(config, prepared.tokenizer.vocabSize, config.runs[0]), trainConfigFor(config), 1);
  const stream = prepared.runs[0].tokens;
  const passages = surprisePassages(prepared);
  try {
    await readStep(runStep(run, stream)); // first-use allocations
    const before: number[] = [];
    const after: number[] = [];
    const evaluation: number[] = [];
    const views: number[] = [];
    for (let r = 0; r < ROUNDS; r++) before.push(await msPerStep(run, stream));
    for (let r = 0; r < ROUNDS; r++) {
      evaluation.push(await timed(() => evaluateModel(run.model, prepared, config, { seed: 1, step: r })));
      views.push(await timed(async () => {
        for (const p of passages) await readPassage(run.model, prepared.tokenizer, p.text);
      }));
      after.push(await msPerStep(run, stream));
    }
    const step = median(before);
    const stepAfter = median(after);
    const evalMs = median(evaluation);
    const viewsMs = median(views);
    const { steps, batchSize } = config.train;
    const evaluations = Math.floor(steps / config.eval.every) + (steps % config.eval.every === 0 ? 1 : 2);
    const tokens = steps * batchSize * config.model.contextLength;
    const withViews = steps * step + evaluations * evalMs;
    const without = withViews - evaluations * viewsMs;
    const rows: BenchRow[] = [
      { name: 'train step, before any evaluation', value: step, unit: 'ms', note: `median of ${ROUNDS} blocks of ${STEPS} steps, ${batchSize}×${config.model.contextLength} tokens` },
      { name: 'train step, after evaluations that read the views', value: stepAfter, unit: 'ms', note: `${((stepAfter / step - 1) * 100).toFixed(1)}% vs before` },
      { name: 'one evaluation, views included', value: evalMs, unit: 'ms' },
      { name: 'of which Surprise and Attention', value: viewsMs, unit: 'ms', note: `${passages.length} passages, one forward pass each` },
      { name: 'run throughput without the views', value: tokens / (without / 1000), unit: 'tokens/s', note: `${steps} steps, ${evaluations} evaluations` },
      { name: 'run throughput with the views', value: tokens / (withViews / 1000), unit: 'tokens/s' },
      { name: 'run throughput with / without the views', value: without / withViews, unit: '×' },
    ];
    return [{ title: `Views inside the models: their cost to a run (${preset.title}, full budget)`, environment: `node ${process.version}, tfjs ${backend}, ${cpus().length} cores`, rows }];
  } finally {
    disposeTrainRun(run);
    if (previous && previous !== tf.getBackend()) await tf.setBackend(previous);
  }
}
