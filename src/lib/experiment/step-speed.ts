// How fast this device trains an experiment's model: a few real training steps of its model and batch on
// random tokens, timed after one untimed step (which compiles the shaders). Feeds the estimate the lab
// shows before Run (estimate.ts). Runs wherever tfjs runs: the page's worker, Node, tests.
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../model/config.ts';
import { Prng } from '../model/prng.ts';
import { createTrainRun, disposeTrainRun, readStep, runStep } from '../train/index.ts';
import type { ExperimentConfig } from './config.ts';
import { modelConfigFor, trainConfigFor } from './derived-configs.ts';
import { vocabSizeOf } from '../tokenizer/index.ts';

export interface StepSpeed {
  /** Wall milliseconds of one training step (forward, backward, update, loss read back): each model's median, averaged over the runs. */
  msPerStep: number;
  /** Steps timed. */
  steps: number;
}

/**
 * Times `timed` training steps of each distinct model the experiment's runs train (after one warm-up step
 * each) and returns the mean step over the runs, which is what the estimate multiplies by the runs;
 * leaves no tensors behind.
 */
export async function measureStepSpeed(config: ExperimentConfig, timed = 3): Promise<StepSpeed> {
  const vocab = vocabSizeOf(config.tokenizer);
  const models = config.runs.map((r) => modelConfigFor(config, vocab, r));
  const keys = models.map((m) => JSON.stringify(m));
  const msByModel = new Map<string, number>();
  for (const [i, m] of models.entries()) {
    if (!msByModel.has(keys[i])) msByModel.set(keys[i], await timeSteps(config, m, timed));
  }
  const msPerStep = keys.reduce((a, k) => a + msByModel.get(k)!, 0) / models.length;
  return { msPerStep, steps: timed * msByModel.size };
}

/** The median of `timed` steps of one model, after an untimed one. */
async function timeSteps(config: ExperimentConfig, model: ModelConfig, timed: number): Promise<number> {
  const rng = new Prng(config.seed, 'step-speed');
  const tokens = Int32Array.from({ length: config.train.batchSize * (config.model.contextLength + 1) * 4 }, () => rng.int(model.vocabSize));
  const before = tf.memory().numTensors;
  const run = createTrainRun(model, trainConfigFor(config), config.seed);
  try {
    await readStep(runStep(run, tokens)); // compiles kernels and allocates: not what a step costs
    const times: number[] = [];
    for (let i = 0; i < timed; i++) {
      const t0 = performance.now();
      await readStep(runStep(run, tokens)); // the readback waits for the device, so the time is real
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  } finally {
    disposeTrainRun(run);
    if (tf.memory().numTensors > before) console.warn(`step-speed: ${tf.memory().numTensors - before} tensors left behind`);
  }
}
