// Fused GELU, tanh form (the phi style's MLP activation, Phi-1.5's gelu_new): one dispatch forward and one
// backward, where stock tfjs runs about eight elementwise ops each way. Elementwise over any shape, 64
// elements a workgroup over a 2-D grid (program.ts linearGrid), so large tensors stay within the grid.
import * as tf from '@tensorflow/tfjs';
import { withCustomGrad } from './custom-grad.ts';
import { i32, runKernelProgram, runRegisteredKernel, type KernelImpl, elementCount } from './program.ts';
import { INVOCATION_ID, ROW_WG, invocationGrid } from './wgsl-reduce.ts';

// tanh's argument is clamped to ±15, where tanh is ±1 in float32: some implementations compute tanh
// through exp and would return NaN for large arguments.
const GELU_PARTS = /* wgsl */ `
${INVOCATION_ID}
const GELU_C : f32 = 0.7978845608028654;
const GELU_A : f32 = 0.044715;
fn geluTanh(v : f32) -> f32 { return tanh(clamp(GELU_C * (v + GELU_A * v * v * v), -15.0, 15.0)); }
`;

const FORWARD_WGSL = /* wgsl */ `
${GELU_PARTS}
fn main() {
  let i = invocationId();
  if (i < uniforms.n) {
    let v = x[i];
    result[i] = 0.5 * v * (1.0 + geluTanh(v));
  }
}
`;

const BACKWARD_WGSL = /* wgsl */ `
${GELU_PARTS}
fn main() {
  let i = invocationId();
  if (i < uniforms.n) {
    let v = x[i];
    let t = geluTanh(v);
    result[i] = dy[i] * (0.5 * (1.0 + t) + 0.5 * v * (1.0 - t * t) * GELU_C * (1.0 + 3.0 * GELU_A * v * v));
  }
}
`;

const forwardImpl: KernelImpl = ({ x }, _attrs, backend) => {
  const n = elementCount(x);
  return runKernelProgram(
    backend,
    { shaderKey: 'synthlab_gelu_fwd', variableNames: ['x'], outputShape: [...x.shape], workgroupSize: [ROW_WG, 1, 1], dispatch: invocationGrid(n), uniforms: 'n : i32,', wgsl: FORWARD_WGSL },
    [x],
    [i32(n)],
  );
};

const backwardImpl: KernelImpl = ({ x, dy }, _attrs, backend) => {
  const n = elementCount(x);
  if (elementCount(dy) !== n) throw new Error(`gelu backward: dy has ${elementCount(dy)} elements, x has ${n}`);
  return runKernelProgram(
    backend,
    { shaderKey: 'synthlab_gelu_bwd', variableNames: ['x', 'dy'], outputShape: [...x.shape], workgroupSize: [ROW_WG, 1, 1], dispatch: invocationGrid(n), uniforms: 'n : i32,', wgsl: BACKWARD_WGSL },
    [x, dy],
    [i32(n)],
  );
};

export function geluForward<T extends tf.Tensor>(x: T): T {
  return runRegisteredKernel('SynthlabGelu', forwardImpl, { x }) as T;
}

export function geluBackward<T extends tf.Tensor>(x: T, dy: T): T {
  return runRegisteredKernel('SynthlabGeluGrad', backwardImpl, { x, dy }) as T;
}

/** GELU (tanh form) with our backward kernel as its gradient. */
export function gelu<T extends tf.Tensor>(x: T): T {
  const f = withCustomGrad<T>(([xi], save) => {
    save([xi]);
    return { value: geluForward(xi as T), gradFunc: (dy, saved) => geluBackward(saved[0] as T, dy) };
  });
  return f(x);
}
