// The model and training configs an experiment's runs use, derived from the experiment config. Pure
// (no tfjs), so the page can show the exact shape and parameter count without the training code.
import { paramCount, preset as modelPreset, type ModelConfig } from '../model/config.ts';
import { trainConfig, type TrainConfig } from '../train/config.ts';
import type { ExperimentConfig } from './config.ts';

export function modelConfigFor(config: Pick<ExperimentConfig, 'model'>, vocabSize: number): ModelConfig {
  const { preset, contextLength, kernels, ...free } = config.model;
  return modelPreset(preset, vocabSize, { contextLength, kernels, ...free });
}

export function trainConfigFor(config: Pick<ExperimentConfig, 'train'>): TrainConfig {
  const t = config.train;
  return trainConfig({
    optimizer: t.optimizer,
    batchSize: t.batchSize,
    totalSteps: t.steps,
    warmupSteps: t.warmupSteps,
    lr: t.lr,
    weightDecay: t.weightDecay,
    gradClip: t.gradClip,
    ...(t.muonLr !== undefined ? { muonLr: t.muonLr } : {}),
  });
}

/** What the results document records about the model: its shape and exact parameter count. */
export interface ModelSummary {
  /** Trainable scalars, exactly (model/config.ts paramCount; embedding counted once, it is tied). */
  parameters: number;
  nLayer: number;
  dModel: number;
  nHead: number;
  mlpHidden: number;
  contextLength: number;
  vocabSize: number;
}

export function modelSummary(config: Pick<ExperimentConfig, 'model'>, vocabSize: number): ModelSummary {
  const m = modelConfigFor(config, vocabSize);
  return { parameters: paramCount(m), nLayer: m.nLayer, dModel: m.dModel, nHead: m.nHead, mlpHidden: m.mlpHidden, contextLength: m.contextLength, vocabSize: m.vocabSize };
}
