// Chooses the implementation of the model's hot ops for a run: our fused WGSL kernels need WebGPU;
// anywhere else the model uses stock tfjs ops, and the user is told why.
import type { BackendName } from '../backend/select.ts';
import type { ExperimentConfig } from './config.ts';

/** Adjusts `config.model.kernels` for the backend in use; returns a note for the user when it changed it. */
export async function useKernels(config: ExperimentConfig, backend: BackendName): Promise<string | null> {
  if (config.model.kernels !== 'fused') return null;
  if (backend !== 'webgpu') {
    config.model.kernels = 'tfjs';
    return `Fused kernels need WebGPU; training with stock tfjs ops on ${backend}.`;
  }
  const { registerFusedModelOps } = await import('../../../kernels/fused-ops.ts');
  registerFusedModelOps();
  return null;
}
