// A training run: model + optimiser + seed + configs, stepping over a token stream. This is what the
// experiment runner / worker drives: createTrainRun → runStep (× n, reading the loss when it wants)
// → checkpointRun / restoreTrainRun.
import { createModel, disposeModel, type Model } from '../model/model.ts';
import type { ModelConfig } from '../model/config.ts';
import type { Seed } from '../model/prng.ts';
import { validateTrainConfig, type TrainConfig } from './config.ts';
import { sampleBatch } from './data.ts';
import { Optimizer, type OptimizerState } from './optimizer.ts';
import { trainStep, type StepResult } from './step.ts';

export interface TrainRun {
  readonly seed: Seed;
  readonly model: Model;
  readonly optimizer: Optimizer;
  readonly trainConfig: TrainConfig;
}

/** Fresh run (seeded init), or a restored one when parameter values and optimiser state are given. */
export function createTrainRun(
  modelConfig: ModelConfig,
  trainConfig: TrainConfig,
  seed: Seed,
  restore?: { params: Readonly<Record<string, Float32Array>>; optimizer: OptimizerState },
): TrainRun {
  const errors = validateTrainConfig(trainConfig);
  if (errors.length > 0) throw new Error(`invalid train config:\n  - ${errors.join('\n  - ')}`);
  const model = createModel(modelConfig, seed, restore?.params);
  try {
    return { seed, model, trainConfig, optimizer: new Optimizer(model.params, trainConfig, restore?.optimizer, model.ops.adamwUpdate, model.ops.adamwState) };
  } catch (e) {
    disposeModel(model);
    throw e;
  }
}

/** Optimiser steps taken so far; also the index of the next batch. */
export function stepsTaken(run: TrainRun): number {
  return run.optimizer.step;
}

/** Draws batch number stepsTaken(run) from `tokens` and trains on it. The caller disposes the result. */
export function runStep(run: TrainRun, tokens: Int32Array): StepResult {
  const batch = sampleBatch(tokens, run.seed, run.optimizer.step, run.trainConfig.batchSize, run.model.config.contextLength);
  return trainStep(run.model, run.optimizer, batch);
}

export function disposeTrainRun(run: TrainRun): void {
  run.optimizer.dispose();
  disposeModel(run.model);
}
