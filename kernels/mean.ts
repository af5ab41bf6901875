// The mean of a tensor as a scalar, with a gradient that reads n from a uniform: the training loss's
// last op. tfjs's own mean gradient uploads a tensor of ones and the count n from the CPU every step
// (two buffers created per step); here forward is one dispatch, as tfjs's reduction, and backward one.
import type * as tf from '@tensorflow/tfjs';
import { withCustomGrad } from './custom-grad.ts';
import { i32, runKernelProgram, runRegisteredKernel, type KernelImpl, elementCount } from './program.ts';
import { INVOCATION_ID, ROW_WG, invocationGrid, sumReduceWGSL } from './wgsl-reduce.ts';

const FORWARD_WGSL = /* wgsl */ `
${sumReduceWGSL('wgSum')}
fn main() {
  let tid = localIndex;
  var partial = 0.0;
  for (var i = i32(tid); i < uniforms.n; i = i + ${ROW_WG}) { partial = partial + x[i]; }
  let total = wgSum(partial, tid);
  if (tid == 0u) { result[0] = total / f32(uniforms.n); }
}
`;

const BACKWARD_WGSL = /* wgsl */ `
${INVOCATION_ID}
fn main() {
  let i = invocationId();
  if (i < uniforms.n) { result[i] = dy[0] / f32(uniforms.n); }
}
`;

const forwardImpl: KernelImpl = ({ x }, _attrs, backend) =>
  runKernelProgram(
    backend,
    { shaderKey: 'synthlab_mean_fwd', variableNames: ['x'], outputShape: [1], workgroupSize: [ROW_WG, 1, 1], dispatch: [1, 1, 1], uniforms: 'n : i32,', wgsl: FORWARD_WGSL },
    [x],
    [i32(elementCount(x))],
  );

// The output takes x's shape from the attribute-free input `like` (never read by the shader's body).
const backwardImpl: KernelImpl = ({ like, dy }, _attrs, backend) => {
  const n = elementCount(like);
  return runKernelProgram(
    backend,
    { shaderKey: 'synthlab_mean_bwd', variableNames: ['dy'], outputShape: [...like.shape], workgroupSize: [ROW_WG, 1, 1], dispatch: invocationGrid(n), uniforms: 'n : i32,', wgsl: BACKWARD_WGSL },
    [dy],
    [i32(n)],
  );
};

export function meanForward(x: tf.Tensor): tf.Scalar {
  return runRegisteredKernel('SynthlabMean', forwardImpl, { x }).reshape([]) as tf.Scalar;
}

/** dx = dy / n for every element of a tensor shaped like `like` (dy a scalar). */
export function meanBackward<T extends tf.Tensor>(like: T, dy: tf.Tensor): T {
  return runRegisteredKernel('SynthlabMeanGrad', backwardImpl, { like, dy }) as T;
}

/** Mean of every element of `x`, differentiable in x. */
export function mean(x: tf.Tensor): tf.Scalar {
  const f = withCustomGrad<tf.Scalar>(([xi], save) => {
    save([xi]);
    return { value: meanForward(xi), gradFunc: (dy, saved) => meanBackward(saved[0], dy) };
  });
  return f(x);
}
