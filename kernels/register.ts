// Makes our fused WGSL kernels available to the model as its 'fused' ModelOps.
import { registerModelOps, tfjsOps } from '../src/lib/model/ops.ts';

let done = false;
/** Idempotent. Until every hot op has a fused kernel, the rest stay on stock tfjs ops. */
export function registerFusedOps(): void {
  if (done) return;
  registerModelOps('fused', { ...tfjsOps });
  done = true;
}
