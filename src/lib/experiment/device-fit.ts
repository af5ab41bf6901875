// Whether an experiment's largest GPU buffers fit the adapter's limits. A WebGPU device refuses any
// storage buffer binding above maxStorageBufferBindingSize (128 MiB on many laptops and phones); tfjs
// would fail mid-step with a validation error, so the lab checks first and says which setting to lower.
import type { ExperimentConfig } from './config.ts';
import { modelSummary, type ModelSummary } from './derived-configs.ts';
import { formatBytes } from '../backend/device-info.ts';
import { vocabSizeOf } from '../tokenizer/index.ts';

export interface BufferLimits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
}

export interface GpuBuffer {
  what: string;
  bytes: number;
  /** The settings that make it smaller. */
  lower: string;
}

const F32 = 4;

/** The largest float32 tensors one training or evaluation step holds (evaluation uses the training batch), over every run's model. */
export function largestBuffers(config: ExperimentConfig): GpuBuffer[] {
  const all = config.runs.map((r) => buffersOf(config, modelSummary(config, vocabSizeOf(config.tokenizer), r)));
  return all[0].map((b, i) => all.reduce((big, bs) => (bs[i].bytes > big.bytes ? bs[i] : big), b));
}

function buffersOf(config: ExperimentConfig, m: ModelSummary): GpuBuffer[] {
  const rows = config.train.batchSize * m.contextLength;
  return [
    { what: 'the logits (batch × context × vocabulary)', bytes: rows * m.vocabSize * F32, lower: 'the batch size, the context length or the vocabulary' },
    { what: 'the attention scores (batch × heads × context²)', bytes: config.train.batchSize * m.nHead * m.contextLength * m.contextLength * F32, lower: 'the batch size, the context length or the number of heads' },
    { what: 'the MLP activations (batch × context × MLP width)', bytes: rows * m.mlpHidden * F32, lower: 'the batch size, the context length or the MLP width' },
    { what: 'the embedding table (vocabulary × width)', bytes: m.vocabSize * m.dModel * F32, lower: 'the vocabulary or the width' },
  ];
}

/** One message per buffer the device cannot bind; none when the experiment fits. */
export function deviceFitProblems(config: ExperimentConfig, limits: BufferLimits): string[] {
  const cap = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  return largestBuffers(config)
    .filter((b) => b.bytes > cap)
    .map((b) => `${b.what} would take ${formatBytes(b.bytes)}, more than this GPU allows in one buffer (${formatBytes(cap)}); lower ${b.lower}.`);
}
