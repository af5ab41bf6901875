// The model and training configs an experiment's runs use, derived from the experiment config. Pure
// (no tfjs), so the page can show the exact shape and parameter count without the training code.
import { paramCount, preset as modelPreset, styleOf, type ModelConfig, type ModelStyle } from '../model/config.ts';
import { trainConfig, type TrainConfig } from '../train/config.ts';
import type { ExperimentConfig, RunSpec } from './config.ts';

/** The model a run trains: the experiment's, with the run's own style and shape fields over it. */
export function modelConfigFor(config: Pick<ExperimentConfig, 'model'>, vocabSize: number, run?: Pick<RunSpec, 'model'>): ModelConfig {
  const { preset, contextLength, kernels, ...free } = config.model;
  return modelPreset(preset, vocabSize, { contextLength, kernels, ...free, ...run?.model });
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
  /** Trainable scalars, exactly (model/config.ts paramCount). */
  parameters: number;
  style: ModelStyle;
  nLayer: number;
  dModel: number;
  nHead: number;
  mlpHidden: number;
  contextLength: number;
  vocabSize: number;
}

export function modelSummary(config: Pick<ExperimentConfig, 'model'>, vocabSize: number, run?: Pick<RunSpec, 'model'>): ModelSummary {
  const m = modelConfigFor(config, vocabSize, run);
  return { parameters: paramCount(m), style: styleOf(m), nLayer: m.nLayer, dModel: m.dModel, nHead: m.nHead, mlpHidden: m.mlpHidden, contextLength: m.contextLength, vocabSize: m.vocabSize };
}

/** Each run's model, when some run sets its own (null when every run trains the experiment's model). */
export function runModelSummaries(config: Pick<ExperimentConfig, 'model' | 'runs'>, vocabSize: number): Array<{ run: string; model: ModelSummary }> | null {
  if (!config.runs.some((r) => r.model)) return null;
  return config.runs.map((r) => ({ run: r.name, model: modelSummary(config, vocabSize, r) }));
}
