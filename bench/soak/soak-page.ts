// The soak, in the page: a long run of the real experiment runner (training, evaluations, checkpoints,
// the same code the worker runs), sampling memory after every evaluation. scripts/soak.ts drives it
// and prints the figures. Options come from the query string: steps, backend, kernels.
import * as tf from '@tensorflow/tfjs';
import { startBestBackend, type BackendName } from '../../src/lib/backend/select.ts';
import { preset as recipePreset } from '../../src/lib/corpus/index.ts';
import { validateExperimentConfig, type ExperimentConfig } from '../../src/lib/experiment/config.ts';
import { RunControl } from '../../src/lib/experiment/control.ts';
import { useKernels } from '../../src/lib/experiment/kernels.ts';
import { prepareExperiment } from '../../src/lib/experiment/prepare.ts';
import { runExperiment } from '../../src/lib/experiment/runner.ts';
import type { MemorySample } from './memory.ts';

export interface SoakResult {
  backend: string;
  adapter: string;
  kernels: string;
  steps: number;
  seconds: number;
  /** After preparing, before the first step. */
  before: MemorySample;
  /** After every evaluation during the run. */
  samples: MemorySample[];
  /** After the runner has disposed its runs: what a finished experiment leaves behind. */
  after: MemorySample;
  notes: string[];
}

declare global {
  interface Window {
    __soakResult?: SoakResult | { error: string };
    gc?: () => void;
  }
}

/** A small model and corpus, so thousands of steps finish in minutes even on a software adapter. */
function soakConfig(steps: number, kernels: 'tfjs' | 'fused'): ExperimentConfig {
  const config = {
    v: 1,
    name: 'soak',
    seed: 7,
    repeats: 1,
    model: { preset: 'nano', contextLength: 32, kernels, nLayer: 2, dModel: 32, nHead: 2, mlpHidden: 64 },
    train: { optimizer: 'adamw', steps, batchSize: 4, lr: 3e-3, warmupSteps: 20, weightDecay: 0.1, gradClip: 1 },
    eval: { every: Math.max(1, Math.round(steps / 20)), tokens: 256, probesPerFamily: 4, samples: true },
    tokenizer: { kind: 'byte' },
    corpus: { ...recipePreset('tinystories'), bytes: 200_000 },
    baseline: { kind: 'none' },
    runs: [{ name: 'stories', share: 1 }],
  };
  const v = validateExperimentConfig(config);
  if (!v.ok) throw new Error(`soak config is invalid: ${v.errors.join('; ')}`);
  return v.value;
}

function sample(step: number): MemorySample {
  window.gc?.(); // exposed by --js-flags=--expose-gc: heap figures without garbage that is merely uncollected
  const m = tf.memory() as tf.MemoryInfo & { numBytesAllocatedInGPU?: number };
  const heap = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize;
  return { step, tensors: m.numTensors, tensorBytes: m.numBytes, gpuBytes: m.numBytesAllocatedInGPU ?? null, heapBytes: heap ?? null };
}

async function main(): Promise<void> {
  const q = new URLSearchParams(location.search);
  const steps = Number(q.get('steps') ?? 2000);
  const wanted = (q.get('backend') ?? 'webgpu') as BackendName;
  const choice = await startBestBackend(wanted);
  const config = soakConfig(steps, q.get('kernels') === 'tfjs' ? 'tfjs' : 'fused');
  const notes: string[] = [];
  const kernelNote = await useKernels(config, choice.backend);
  if (kernelNote) notes.push(kernelNote);
  const prepared = await prepareExperiment(config, null);
  const before = sample(0);
  const samples: MemorySample[] = [];
  const log = document.getElementById('log')!;
  const t0 = performance.now();
  await runExperiment(config, prepared, (e) => {
    if (e.type === 'eval') {
      samples.push(sample(e.point.step));
      log.textContent = `step ${e.point.step}/${steps}`;
    } else if (e.type === 'note') notes.push(`step ${e.step}: ${e.message}`);
  }, new RunControl());
  const after = sample(steps);
  const d = choice.device;
  window.__soakResult = {
    backend: choice.backend,
    adapter: d ? `${d.vendor}/${d.architecture}${d.isSoftware ? ' (software)' : ''}` : '-',
    kernels: config.model.kernels,
    steps,
    seconds: (performance.now() - t0) / 1000,
    before,
    samples,
    after,
    notes,
  };
}

main().catch((e: unknown) => {
  window.__soakResult = { error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) };
});
