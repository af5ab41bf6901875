// Training hyper-parameters: one plain, JSON-serializable object saved with every checkpoint.

export type OptimizerKind = 'adamw' | 'muon';

export interface TrainConfig {
  /** 'muon': Muon on 2-D hidden matrices, AdamW on embeddings and norm gains. 'adamw': AdamW everywhere. */
  optimizer: OptimizerKind;
  /** Sequences per batch; each is contextLength tokens of input and the same shifted by one as target. */
  batchSize: number;
  /** Total optimiser steps the schedule spans (cosine reaches its floor here, then stays). */
  totalSteps: number;
  /** Linear warm-up length in steps (0 = none). */
  warmupSteps: number;
  /** Peak AdamW learning rate. */
  lr: number;
  /** Cosine floor as a fraction of the peak (0.1 → decays to lr/10). */
  minLrRatio: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** Decoupled weight decay (AdamW-style: p ← p·(1 − lr·wd)), on 2-D hidden matrices only by default. */
  weightDecay: number;
  /**
   * Whether weight decay also applies to the tied embedding. Default false: the table is both the input
   * lookup and the output head; rows of rare tokens get rare gradient, and decay would keep shrinking
   * them between visits, so the model under-represents exactly the tokens it sees least. Norm gains
   * are never decayed (decay would pull them toward 0 instead of their natural scale of 1).
   */
  decayEmbeddings: boolean;
  /** Clip the global L2 norm of all gradients to this (0 = no clipping). */
  gradClip: number;
  /** Muon peak learning rate (for its orthogonalised updates, whose scale differs from Adam's). */
  muonLr: number;
  muonMomentum: number;
  /** Nesterov-style momentum in Muon (update with g + μ·buf instead of buf). */
  muonNesterov: boolean;
}

export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  optimizer: 'adamw',
  batchSize: 16,
  totalSteps: 2000,
  warmupSteps: 100,
  lr: 3e-3,
  minLrRatio: 0.1,
  beta1: 0.9,
  beta2: 0.95,
  eps: 1e-8,
  weightDecay: 0.1,
  decayEmbeddings: false,
  gradClip: 1.0,
  muonLr: 0.02,
  muonMomentum: 0.95,
  muonNesterov: true,
};

export function trainConfig(overrides: Partial<TrainConfig> = {}): TrainConfig {
  return { ...DEFAULT_TRAIN_CONFIG, ...overrides };
}

function show(v: unknown): string {
  return typeof v === 'number' || typeof v === 'boolean' || v == null ? String(v) : typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) : `a ${typeof v}`;
}

/** Checks any value against the TrainConfig contract; never throws, returns readable errors. */
export function validateTrainConfig(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`train config must be an object, got ${show(value)}`];
  const c = value as Record<string, unknown>;
  const errors: string[] = [];
  const num = (k: string, ok: (n: number) => boolean, what: string) => {
    const v = c[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) errors.push(`${k} must be ${what}, got ${show(v)}`);
  };
  const int = (k: string, min: number) => num(k, (n) => Number.isInteger(n) && n >= min && n <= 1e9, `an integer ≥ ${min}`);
  if (c.optimizer !== 'adamw' && c.optimizer !== 'muon') errors.push(`optimizer must be 'adamw' or 'muon', got ${show(c.optimizer)}`);
  int('batchSize', 1);
  int('totalSteps', 1);
  int('warmupSteps', 0);
  num('lr', (n) => n > 0, 'a positive number');
  num('minLrRatio', (n) => n >= 0 && n <= 1, 'in [0, 1]');
  num('beta1', (n) => n >= 0 && n < 1, 'in [0, 1)');
  num('beta2', (n) => n >= 0 && n < 1, 'in [0, 1)');
  num('eps', (n) => n > 0, 'a positive number');
  num('weightDecay', (n) => n >= 0, 'a number ≥ 0');
  num('gradClip', (n) => n >= 0, 'a number ≥ 0 (0 disables clipping)');
  num('muonLr', (n) => n > 0, 'a positive number');
  num('muonMomentum', (n) => n >= 0 && n < 1, 'in [0, 1)');
  if (typeof c.decayEmbeddings !== 'boolean') errors.push(`decayEmbeddings must be a boolean, got ${show(c.decayEmbeddings)}`);
  if (typeof c.muonNesterov !== 'boolean') errors.push(`muonNesterov must be a boolean, got ${show(c.muonNesterov)}`);
  return errors;
}
