// Which runs an experiment trains: one per (run spec, repeat). Pure, so the page can name runs and
// group repeats without loading the training code.
import type { ExperimentConfig } from './config.ts';

export interface RunIdentity {
  /** "r0", "r1", ... with one repeat; "r0s0", "r0s1", ... with several. */
  id: string;
  /** Index of the run's spec in config.runs. */
  index: number;
  seed: number;
  /** Display name: the spec's name, with the seed when the experiment repeats. */
  name: string;
}

/** Run ids: one per (run, repeat); a single repeat keeps plain "r0", "r1", ... Repeat k uses seed + k. */
export function runIds(config: Pick<ExperimentConfig, 'runs' | 'repeats' | 'seed'>): RunIdentity[] {
  const out: RunIdentity[] = [];
  config.runs.forEach((spec, index) => {
    for (let k = 0; k < config.repeats; k++) {
      const seed = config.seed + k;
      out.push({ id: config.repeats > 1 ? `r${index}s${k}` : `r${index}`, index, seed, name: config.repeats > 1 ? `${spec.name} (seed ${seed})` : spec.name });
    }
  });
  return out;
}
