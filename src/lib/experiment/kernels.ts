// Chooses the implementation of the model's hot ops for a run: our fused WGSL kernels need WebGPU and a
// device that grants the workgroup memory their attention tiles take; anywhere else the model uses stock
// tfjs ops, and the user is told why.
import { ATTN_MAX_HD, attentionWorkgroupBytes } from '../../../kernels/attention-common.ts';
import type { BackendName } from '../backend/select.ts';
import { vocabSizeOf } from '../tokenizer/index.ts';
import type { ExperimentConfig } from './config.ts';
import { modelConfigFor } from './derived-configs.ts';

/** Why the fused kernels cannot run this experiment on a device with these limits, or null when they can. */
export function fusedKernelProblem(config: ExperimentConfig, limits: { maxComputeWorkgroupStorageSize: number }): string | null {
  // The largest head of any run's model decides (runs may train their own, runs[].model).
  const hd = Math.max(...config.runs.map((r) => {
    const m = modelConfigFor(config, vocabSizeOf(config.tokenizer), r);
    return m.dModel / m.nHead;
  }));
  if (hd > ATTN_MAX_HD) return `the fused attention kernel takes head sizes up to ${ATTN_MAX_HD}, and this experiment's largest is ${hd}`;
  const need = attentionWorkgroupBytes(hd);
  const have = limits.maxComputeWorkgroupStorageSize;
  return need > have ? `the fused attention kernel needs ${need} bytes of workgroup memory for head size ${hd}, and this GPU grants ${have}` : null;
}

/** Adjusts `config.model.kernels` for the backend in use; returns a note for the user when it changed it. */
export async function useKernels(config: ExperimentConfig, backend: BackendName): Promise<string | null> {
  if (config.model.kernels !== 'fused') return null;
  if (backend !== 'webgpu') {
    config.model.kernels = 'tfjs';
    return `Fused kernels need WebGPU; training with stock tfjs ops on ${backend}.`;
  }
  const { webgpuDevice } = await import('../backend/select.ts');
  const problem = fusedKernelProblem(config, webgpuDevice().limits);
  if (problem) {
    config.model.kernels = 'tfjs';
    return `Training with stock tfjs ops: ${problem}.`;
  }
  const { registerFusedModelOps } = await import('../../../kernels/fused-ops.ts');
  registerFusedModelOps();
  return null;
}
