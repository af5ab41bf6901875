// Σ x² of one tensor in one dispatch: the gradient-norm clip's per-gradient term, which stock ops take in
// two passes (a square, then a sum). One workgroup strides over the tensor and reduces in workgroup
// memory, as tfjs's own full reduction does, so it is no less parallel than the pair it replaces.
import type * as tf from '@tensorflow/tfjs';
import { runKernelProgram, runRegisteredKernel, i32, type KernelImpl } from './program.ts';
import { ROW_WG, sumReduceWGSL } from './wgsl-reduce.ts';

const SUM_SQUARES_WGSL = /* wgsl */ `
${sumReduceWGSL('wgSum')}
fn main() {
  let tid = localIndex;
  var acc = 0.0;
  for (var i = i32(tid); i < uniforms.n; i = i + ${ROW_WG}) {
    let v = x[i];
    acc = acc + v * v;
  }
  let total = wgSum(acc, tid);
  if (tid == 0u) { result[0] = total; }
}
`;

const sumSquaresImpl: KernelImpl = ({ x }, _attrs, backend) =>
  runKernelProgram(
    backend,
    {
      shaderKey: 'synthlab_sum_squares',
      variableNames: ['x'],
      outputShape: [1],
      workgroupSize: [ROW_WG, 1, 1],
      dispatch: [1, 1, 1],
      uniforms: 'n : i32,',
      wgsl: SUM_SQUARES_WGSL,
    },
    [x],
    [i32(x.shape.reduce((a, b) => a * b, 1))],
  );

/** Σ x² over every element of `x`, as a scalar (not differentiable: the clip reads gradients only). */
export function sumSquares(x: tf.Tensor): tf.Scalar {
  return runRegisteredKernel('SynthlabSumSquares', sumSquaresImpl, { x }).reshape([]) as tf.Scalar;
}
