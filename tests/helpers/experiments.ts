// Small experiments shared by tests: fast enough for SwiftShader and the tfjs cpu backend.
import { basename } from 'node:path';
import { formatFromName, loadBaselineFromBytes } from '../../src/lib/baseline/index.ts';
import { readSharedBytes, sharedPath } from '../../src/lib/baseline/shared-datasets.ts';
import { preset as recipePreset } from '../../src/lib/corpus/index.ts';
import type { ExperimentConfig } from '../../src/lib/experiment/config.ts';
import type { WebText } from '../../src/lib/experiment/prepare.ts';
import { needsWebText, webTextFrom } from '../../src/lib/experiment/web-text.ts';

/** The web text an experiment trains on in Node tests: the verified C4 sample in ../shared/datasets (null when it needs none). */
export async function sharedWebFor(config: ExperimentConfig): Promise<WebText | null> {
  if (!needsWebText(config)) return null;
  const c4 = sharedPath('c4/train.jsonl');
  const loaded = await loadBaselineFromBytes(readSharedBytes('c4/train.jsonl'), formatFromName(c4)!, {}, basename(c4));
  return webTextFrom(loaded, config);
}

export function tinyExperiment(steps = 20): ExperimentConfig {
  return {
    v: 1,
    name: 'e2e nano',
    seed: 11,
    repeats: 1,
    model: { preset: 'nano', contextLength: 32, kernels: 'tfjs', nLayer: 2, dModel: 32, nHead: 2, mlpHidden: 64 },
    train: { optimizer: 'adamw', steps, batchSize: 4, lr: 1e-2, warmupSteps: 2, weightDecay: 0.1, gradClip: 1 },
    eval: { every: 10, tokens: 128, probesPerFamily: 4, samples: true },
    tokenizer: { kind: 'byte' },
    corpus: { ...recipePreset('tinystories'), bytes: 60_000 },
    baseline: { kind: 'none' },
    runs: [{ name: 'stories', share: 1 }],
  };
}

