// Learning-rate schedule: linear warm-up to the peak, then cosine decay to a floor, then flat.
import type { TrainConfig } from './config.ts';

export type ScheduleConfig = Pick<TrainConfig, 'warmupSteps' | 'totalSteps' | 'minLrRatio'>;

/**
 * Multiplier on the peak learning rate for 0-based optimiser step `step`.
 * Warm-up: (step+1)/warmupSteps, so the first step already moves (a zero step would waste a batch).
 * Decay: from 1 at step = warmupSteps to minLrRatio at step = totalSteps along half a cosine.
 */
export function lrFactor(step: number, s: ScheduleConfig): number {
  if (step < s.warmupSteps) return (step + 1) / s.warmupSteps;
  const decaySteps = s.totalSteps - s.warmupSteps;
  if (decaySteps <= 0 || step >= s.totalSteps) return s.minLrRatio;
  const progress = (step - s.warmupSteps) / decaySteps;
  return s.minLrRatio + (1 - s.minLrRatio) * 0.5 * (1 + Math.cos(Math.PI * progress));
}
