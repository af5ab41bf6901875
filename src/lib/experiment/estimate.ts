// How long an experiment will take on this device, from a measured step time (step-speed.ts): every run
// (and repeat) trains its steps one after another in the same worker, and each evaluation costs about
// as much as a few training steps. Pure, so the page, the CLI and tests compute the same figure.
import type { ExperimentConfig } from './config.ts';

/**
 * One evaluation of one run, in training steps. Measured on the flagship preset at its full budget
 * (wasm, 2 cores): an evaluation (bits per byte on five held-out sets, probes, samples) took 2.1 s and a
 * training step 0.15 s, so 14 steps. Only an estimate elsewhere: decoding reads back token by token,
 * which costs relatively more on a GPU, so the page says "about".
 */
export const EVAL_STEPS_EQUIVALENT = 14;

export interface Estimate {
  trainSeconds: number;
  evalSeconds: number;
  totalSeconds: number;
}

export function estimateDuration(config: Pick<ExperimentConfig, 'runs' | 'repeats' | 'train' | 'eval'>, msPerStep: number): Estimate {
  const runs = config.runs.length * config.repeats;
  const evals = Math.floor(config.train.steps / config.eval.every) + 1;
  const trainSeconds = (runs * config.train.steps * msPerStep) / 1000;
  const evalSeconds = (runs * evals * EVAL_STEPS_EQUIVALENT * msPerStep) / 1000;
  return { trainSeconds, evalSeconds, totalSeconds: trainSeconds + evalSeconds };
}

/** "about 40 s", "about 6 min", "about 1.5 h". */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `about ${Math.max(1, Math.round(seconds / 5) * 5)} s`;
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} min`;
  return `about ${(seconds / 3600).toFixed(1)} h`;
}

/** The longer budget offered on a fast device: `factor` × the steps (and evaluations as often per token). */
export function longerBudget(config: ExperimentConfig, factor: number): ExperimentConfig {
  const c = structuredClone(config);
  c.train.steps = Math.round(config.train.steps * factor);
  c.train.warmupSteps = Math.round(config.train.warmupSteps * factor);
  c.eval.every = Math.round(config.eval.every * factor);
  return c;
}

/** Whether to offer a longer budget: the standard one finishes within `quickSeconds` on this device. */
export const offerLonger = (e: Estimate, quickSeconds = 120): boolean => e.totalSeconds <= quickSeconds;

