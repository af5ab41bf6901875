// An experiment whose largest buffer is more than the GPU can bind is refused up front, naming the buffer
// and the settings that shrink it; experiments within the limits pass.
import { describe, expect, it } from 'vitest';
import { defaultExperiment, type ExperimentConfig } from '../../src/lib/experiment/config.ts';
import { EXPERIMENT_PRESETS } from '../../src/lib/experiment/presets.ts';
import { deviceFitProblems, largestBuffers } from '../../src/lib/experiment/device-fit.ts';
import { tinyExperiment } from '../helpers/experiments.ts';

/** WebGPU's default limits: what a browser grants when the adapter offers no more. */
const DEFAULT_LIMITS = { maxStorageBufferBindingSize: 128 * 2 ** 20, maxBufferSize: 256 * 2 ** 20 };

function sized(batchSize: number, contextLength: number, vocabSize: number): ExperimentConfig {
  const c = tinyExperiment();
  return { ...c, model: { ...c.model, contextLength }, train: { ...c.train, batchSize }, tokenizer: { kind: 'bpe', vocabSize } };
}

describe('does the experiment fit the GPU', () => {
  it('computes the logits buffer exactly: batch × context × vocabulary float32s', () => {
    const logits = largestBuffers(sized(16, 256, 8192)).find((b) => b.what.startsWith('the logits'))!;
    expect(logits.bytes).toBe(16 * 256 * 8192 * 4);
  });

  it('refuses logits of 128 MiB and one float more, names them and what to lower; accepts exactly 128 MiB', () => {
    expect(deviceFitProblems(sized(16, 256, 8192), DEFAULT_LIMITS)).toEqual([]); // exactly 128 MiB
    const problems = deviceFitProblems(sized(17, 256, 8192), DEFAULT_LIMITS);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^the logits \(batch × context × vocabulary\) would take 136 MiB, more than this GPU allows in one buffer \(128 MiB\); lower the batch size, the context length or the vocabulary\.$/);
  });

  it('checks the attention scores too, and the smaller of the two buffer limits', () => {
    const c = tinyExperiment();
    const wide: ExperimentConfig = { ...c, model: { ...c.model, contextLength: 1024, nHead: 32, dModel: 256 }, train: { ...c.train, batchSize: 512 } };
    expect(deviceFitProblems(wide, DEFAULT_LIMITS).some((p) => p.startsWith('the attention scores'))).toBe(true);
    expect(deviceFitProblems(sized(16, 256, 8192), { maxStorageBufferBindingSize: 2 ** 31, maxBufferSize: 64 * 2 ** 20 })).toHaveLength(1);
  });

  it('passes every preset and the default experiment on default limits', () => {
    for (const c of [defaultExperiment(), ...EXPERIMENT_PRESETS.map((p) => p.config())]) expect(deviceFitProblems(c, DEFAULT_LIMITS), c.name).toEqual([]);
  });
});
