// Whether the fused kernels can train an experiment on a device: head sizes the attention kernel takes,
// and the workgroup memory its tiles need against what the device grants (WebGPU guarantees 16 KiB).
import { describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../../src/lib/experiment/config.ts';
import { fusedKernelProblem, useKernels } from '../../src/lib/experiment/kernels.ts';
import { tinyExperiment } from '../helpers/experiments.ts';

const withHeads = (dModel: number, nHead: number): ExperimentConfig => {
  const c = tinyExperiment();
  return { ...c, model: { ...c.model, kernels: 'fused', dModel, nHead } };
};
const GUARANTEED = { maxComputeWorkgroupStorageSize: 16_384 };
const DESKTOP = { maxComputeWorkgroupStorageSize: 32_768 };

describe('fused kernels on a device', () => {
  it('fit head size 32 in the 16 KiB every WebGPU device grants', () => {
    expect(fusedKernelProblem(withHeads(64, 2), GUARANTEED)).toBeNull();
  });

  it('need more than 16 KiB for head size 64, and say how much', () => {
    expect(fusedKernelProblem(withHeads(128, 2), GUARANTEED)).toBe('the fused attention kernel needs 16644 bytes of workgroup memory for head size 64, and this GPU grants 16384');
    expect(fusedKernelProblem(withHeads(128, 2), DESKTOP)).toBeNull();
  });

  it('refuse head sizes past the kernel\'s largest', () => {
    expect(fusedKernelProblem(withHeads(256, 2), DESKTOP)).toBe("the fused attention kernel takes head sizes up to 96, and this experiment's largest is 128");
  });

  it('judge the largest head of any run, when runs train their own models', () => {
    const c = withHeads(64, 2);
    c.runs = [...c.runs, { name: 'wide heads', share: 1, model: { dModel: 128, nHead: 2 } }];
    expect(fusedKernelProblem(c, GUARANTEED)).toMatch(/for head size 64, and this GPU grants 16384/);
  });

  it('fall back to stock tfjs ops, with a note, on a backend without WebGPU', async () => {
    const c = withHeads(64, 2);
    expect(await useKernels(c, 'cpu')).toBe('Fused kernels need WebGPU; training with stock tfjs ops on cpu.');
    expect(c.model.kernels).toBe('tfjs');
  });
});
