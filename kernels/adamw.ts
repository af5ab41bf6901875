// Fused AdamW: new param, first and second moments for one parameter tensor in a single dispatch.
// tfjs kernels have exactly one output buffer, so the kernel writes a packed [3, n] tensor
// (param', m', v' back to back) and the caller slices it. We chose packing over three dispatches of the
// same maths (each would re-read all four inputs) and over binding extra buffers to the device behind
// tfjs's back (we would then own command ordering with tfjs's encoder). A slice of a contiguous row is
// a plain copy, and `adamwUpdatePacked` skips even that for callers that keep the packed state.
import * as tf from '@tensorflow/tfjs';
import type { AdamWHyper, AdamWUpdate, PackedAdamWUpdate } from '../src/lib/train/adamw.ts';
import { ceilDiv, f32, i32, linearGrid, runKernelProgram, runRegisteredKernel, type KernelImpl, elementCount } from './program.ts';

const WG = 64;

// With a gradient scale (the global-norm clip's factor, one element), the gradient is multiplied by it
// here rather than by a pass of its own per parameter. With a packed state, the moments are read from
// the [3 · n] tensor the previous step wrote (m at n.., v at 2n..), so the caller keeps that tensor as
// its state and needs no slice for m and v.
const adamwWgsl = (scaled: boolean, packed: boolean) => /* wgsl */ `
fn main() {
  let n = uniforms.n;
  let i = i32(workgroupId.y * numWorkgroups.x + workgroupId.x) * ${WG} + i32(localIndex);
  if (i < n) {
    let g = grad[i]${scaled ? ' * scale[0]' : ''};
    let p = param[i];
    let m1 = ${packed ? 'state[n + i]' : 'm[i]'};
    let v1 = ${packed ? 'state[2 * n + i]' : 'v[i]'};
    let m2 = uniforms.beta1 * m1 + (1.0 - uniforms.beta1) * g;
    let v2 = uniforms.beta2 * v1 + (1.0 - uniforms.beta2) * g * g;
    // Bias corrections 1 − β^t are computed on the CPU in float64 and passed in.
    let update = (m2 / uniforms.bc1) / (sqrt(v2 / uniforms.bc2) + uniforms.eps);
    result[i] = p - uniforms.lr * (update + uniforms.wd * p);
    result[n + i] = m2;
    result[2 * n + i] = v2;
  }
}
`;

const adamwImpl: KernelImpl = ({ param, grad, m, v, state, scale }, attrs, backend) => {
  const n = elementCount(param);
  const moments: Array<[string, tf.TensorInfo, number]> = state ? [['state', state, 3 * n]] : [['m', m, n], ['v', v, n]];
  for (const [name, t, size] of [['grad', grad, n] as [string, tf.TensorInfo, number], ...moments]) {
    if (elementCount(t) !== size) throw new Error(`adamwUpdate: ${name} has ${elementCount(t)} elements, ${name === 'state' ? 'a packed state needs 3 ×' : 'param has'} ${n}`);
  }
  if (scale && elementCount(scale) !== 1) throw new Error(`adamwUpdate: the gradient scale must have one element, got shape [${scale.shape.join(', ')}]`);
  const names = [...['param', 'grad'], ...(state ? ['state'] : ['m', 'v']), ...(scale ? ['scale'] : [])];
  const all: Record<string, tf.TensorInfo | undefined> = { param, grad, m, v, state, scale };
  return runKernelProgram(
    backend,
    {
      shaderKey: `synthlab_adamw${state ? '_packed' : ''}${scale ? '_scaled' : ''}`,
      variableNames: names,
      outputShape: [3 * n],
      workgroupSize: [WG, 1, 1],
      dispatch: linearGrid(ceilDiv(n, WG)),
      uniforms: 'n : i32, lr : f32, beta1 : f32, beta2 : f32, eps : f32, wd : f32, bc1 : f32, bc2 : f32,',
      wgsl: adamwWgsl(scale !== undefined, state !== undefined),
    },
    names.map((k) => all[k]!),
    [i32(n), ...['lr', 'beta1', 'beta2', 'eps', 'wd', 'bc1', 'bc2'].map((k) => f32(Number(attrs[k])))],
  );
};

const hyperAttrs = (h: AdamWHyper, step: number) => {
  if (!(step >= 1)) throw new Error(`adamwUpdate: step counts from 1, got ${step}`);
  return { lr: h.lr, beta1: h.beta1, beta2: h.beta2, eps: h.eps, wd: h.weightDecay, bc1: 1 - Math.pow(h.beta1, step), bc2: 1 - Math.pow(h.beta2, step) };
};

/**
 * One AdamW step, packed: returns [3 · n] = param', m', v' (flattened, in that order). `step` ≥ 1. With
 * `gradScale` (one element) the gradient is multiplied by it first.
 */
export function adamwUpdatePacked(param: tf.Tensor, grad: tf.Tensor, m: tf.Tensor, v: tf.Tensor, h: AdamWHyper, step: number, gradScale?: tf.Tensor): tf.Tensor1D {
  const attrs = hyperAttrs(h, step);
  return runRegisteredKernel('SynthlabAdamW', adamwImpl, gradScale ? { param, grad, m, v, scale: gradScale } : { param, grad, m, v }, attrs) as tf.Tensor1D;
}

/**
 * One AdamW step over a packed state: `state` is the [3 · n] tensor the previous step returned (zeros
 * before the first; only its m and v parts are read), and the result is the next one. The optimiser
 * keeps it as the parameter's state and slices only the new parameter out of it: one dispatch and one
 * slice per parameter instead of one and three.
 */
export const adamwUpdateState: PackedAdamWUpdate = (param, grad, state, h, step, gradScale) =>
  runRegisteredKernel('SynthlabAdamW', adamwImpl, gradScale ? { param, grad, state, scale: gradScale } : { param, grad, state }, hyperAttrs(h, step)) as tf.Tensor1D;

/** One AdamW step; returns new tensors shaped like `param` (the inputs are not modified or disposed). */
export const adamwUpdate: AdamWUpdate = (param, grad, m, v, h, step, gradScale) =>
  tf.tidy(() => {
    const n = param.size;
    const packed = adamwUpdatePacked(param, grad, m, v, h, step, gradScale);
    const part = (i: number) => packed.slice(i * n, n).reshape(param.shape);
    return { p: part(0), m: part(1), v: part(2) };
  });
