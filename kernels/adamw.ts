// Fused AdamW: new param, first and second moments for one parameter tensor in a single dispatch.
// tfjs kernels have exactly one output buffer, so the kernel writes a packed [3, n] tensor
// (param', m', v' back to back) and the caller slices it. We chose packing over three dispatches of the
// same maths (each would re-read all four inputs) and over binding extra buffers to the device behind
// tfjs's back (we would then own command ordering with tfjs's encoder). A slice of a contiguous row is
// a plain copy, and `adamwUpdatePacked` skips even that for callers that keep the packed state.
import * as tf from '@tensorflow/tfjs';
import type { AdamWHyper, AdamWUpdate } from '../src/lib/train/adamw.ts';
import { ceilDiv, f32, i32, linearGrid, runKernelProgram, runRegisteredKernel, type KernelImpl } from './program.ts';

const WG = 64;

// With a gradient scale (the global-norm clip's factor, one element), the gradient is multiplied by it
// here rather than by a pass of its own per parameter.
const adamwWgsl = (scaled: boolean) => /* wgsl */ `
fn main() {
  let n = uniforms.n;
  let i = i32(workgroupId.y * numWorkgroups.x + workgroupId.x) * ${WG} + i32(localIndex);
  if (i < n) {
    let g = grad[i]${scaled ? ' * scale[0]' : ''};
    let p = param[i];
    let m2 = uniforms.beta1 * m[i] + (1.0 - uniforms.beta1) * g;
    let v2 = uniforms.beta2 * v[i] + (1.0 - uniforms.beta2) * g * g;
    // Bias corrections 1 − β^t are computed on the CPU in float64 and passed in.
    let update = (m2 / uniforms.bc1) / (sqrt(v2 / uniforms.bc2) + uniforms.eps);
    result[i] = p - uniforms.lr * (update + uniforms.wd * p);
    result[n + i] = m2;
    result[2 * n + i] = v2;
  }
}
`;

const adamwImpl: KernelImpl = ({ param, grad, m, v, scale }, attrs, backend) => {
  const n = param.shape.reduce((a, b) => a * b, 1);
  for (const [name, t] of [['grad', grad], ['m', m], ['v', v]] as const) {
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (size !== n) throw new Error(`adamwUpdate: ${name} has ${size} elements, param has ${n}`);
  }
  if (scale && scale.shape.reduce((a, b) => a * b, 1) !== 1) throw new Error(`adamwUpdate: the gradient scale must have one element, got shape [${scale.shape.join(', ')}]`);
  const inputs = scale ? [param, grad, m, v, scale] : [param, grad, m, v];
  return runKernelProgram(
    backend,
    {
      shaderKey: scale ? 'synthlab_adamw_scaled' : 'synthlab_adamw',
      variableNames: scale ? ['param', 'grad', 'm', 'v', 'scale'] : ['param', 'grad', 'm', 'v'],
      outputShape: [3 * n],
      workgroupSize: [WG, 1, 1],
      dispatch: linearGrid(ceilDiv(n, WG)),
      uniforms: 'n : i32, lr : f32, beta1 : f32, beta2 : f32, eps : f32, wd : f32, bc1 : f32, bc2 : f32,',
      wgsl: adamwWgsl(scale !== undefined),
    },
    inputs,
    [i32(n), ...['lr', 'beta1', 'beta2', 'eps', 'wd', 'bc1', 'bc2'].map((k) => f32(Number(attrs[k])))],
  );
};

/**
 * One AdamW step, packed: returns [3 · n] = param', m', v' (flattened, in that order). `step` ≥ 1. With
 * `gradScale` (one element) the gradient is multiplied by it first.
 */
export function adamwUpdatePacked(param: tf.Tensor, grad: tf.Tensor, m: tf.Tensor, v: tf.Tensor, h: AdamWHyper, step: number, gradScale?: tf.Tensor): tf.Tensor1D {
  if (!(step >= 1)) throw new Error(`adamwUpdate: step counts from 1, got ${step}`);
  const attrs = {
    lr: h.lr,
    beta1: h.beta1,
    beta2: h.beta2,
    eps: h.eps,
    wd: h.weightDecay,
    bc1: 1 - Math.pow(h.beta1, step),
    bc2: 1 - Math.pow(h.beta2, step),
  };
  return runRegisteredKernel('SynthlabAdamW', adamwImpl, gradScale ? { param, grad, m, v, scale: gradScale } : { param, grad, m, v }, attrs) as tf.Tensor1D;
}

/** One AdamW step; returns new tensors shaped like `param` (the inputs are not modified or disposed). */
export const adamwUpdate: AdamWUpdate = (param, grad, m, v, h, step, gradScale) =>
  tf.tidy(() => {
    const n = param.size;
    const packed = adamwUpdatePacked(param, grad, m, v, h, step, gradScale);
    const part = (i: number) => packed.slice(i * n, n).reshape(param.shape);
    return { p: part(0), m: part(1), v: part(2) };
  });
