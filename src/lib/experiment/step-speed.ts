// How fast this device trains an experiment's model: a few real training steps of its model and batch on
// random tokens, timed after one untimed step (which compiles the shaders). Feeds the estimate the lab
// shows before Run (estimate.ts). Runs wherever tfjs runs: the page's worker, Node, tests.
import * as tf from '@tensorflow/tfjs';
import { Prng } from '../model/prng.ts';
import { createTrainRun, disposeTrainRun, readStep, runStep } from '../train/index.ts';
import type { ExperimentConfig } from './config.ts';
import { modelConfigFor, trainConfigFor } from './derived-configs.ts';
import { vocabSizeOf } from '../tokenizer/index.ts';

export interface StepSpeed {
  /** Median wall milliseconds of one training step (forward, backward, update, loss read back). */
  msPerStep: number;
  /** Steps timed. */
  steps: number;
}

/** Times `timed` training steps of the experiment's model (after one warm-up step); leaves no tensors behind. */
export async function measureStepSpeed(config: ExperimentConfig, timed = 3): Promise<StepSpeed> {
  const vocab = vocabSizeOf(config.tokenizer);
  const rng = new Prng(config.seed, 'step-speed');
  const tokens = Int32Array.from({ length: config.train.batchSize * (config.model.contextLength + 1) * 4 }, () => rng.int(vocab));
  const before = tf.memory().numTensors;
  const run = createTrainRun(modelConfigFor(config, vocab), trainConfigFor(config), config.seed);
  try {
    await readStep(runStep(run, tokens)); // compiles kernels and allocates: not what a step costs
    const times: number[] = [];
    for (let i = 0; i < timed; i++) {
      const t0 = performance.now();
      await readStep(runStep(run, tokens)); // the readback waits for the device, so the time is real
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return { msPerStep: times[Math.floor(times.length / 2)], steps: timed };
  } finally {
    disposeTrainRun(run);
    if (tf.memory().numTensors > before) console.warn(`step-speed: ${tf.memory().numTensors - before} tensors left behind`);
  }
}
