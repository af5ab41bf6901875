// Floating-point operations of one training step, from the model's shape: what the step asks of the
// device, against which a measured step time says how much of the device's speed it reached.
import { paramCount, type ModelConfig } from './config.ts';

/**
 * FLOPs of one training step (forward and backward) on `batch` sequences of `t` tokens, as the scaling-law
 * literature counts them (Kaplan et al. 2020; PaLM's appendix B): 6 per parameter per token for the
 * matmuls (2 forward, 4 backward), plus attention's scores and weighted sums, 12·L·T·d per token over
 * the full T×T square (a causal kernel skips about half of it, so this is an upper bound on what must run).
 * Elementwise work (norms, activations, the optimiser) is left out: a rounding error at these widths.
 */
export function trainingStepFlops(config: Pick<ModelConfig, 'vocabSize' | 'nLayer' | 'dModel' | 'mlpHidden' | 'style'>, batch: number, t: number): number {
  const tokens = batch * t;
  return 6 * paramCount(config) * tokens + 12 * config.nLayer * t * config.dModel * tokens;
}
