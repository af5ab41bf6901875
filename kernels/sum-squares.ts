// Σ x² of one tensor in one dispatch: the gradient-norm clip's per-gradient term, which stock ops take in
// two passes (a square, then a sum). One workgroup strides over the tensor and reduces in workgroup
// memory, as tfjs's own full reduction does, so it is no less parallel than the pair it replaces. Given
// a running total it adds to it, so the clip chains its gradients through one dispatch each instead of
// summing their terms afterwards (tfjs's AddN takes a few inputs per pass: 8 passes for 47 gradients).
import type * as tf from '@tensorflow/tfjs';
import { runKernelProgram, runRegisteredKernel, i32, type KernelImpl, elementCount } from './program.ts';
import { ROW_WG, sumReduceWGSL } from './wgsl-reduce.ts';

const sumSquaresWgsl = (running: boolean) => /* wgsl */ `
${sumReduceWGSL('wgSum')}
fn main() {
  let tid = localIndex;
  var acc = 0.0;
  for (var i = i32(tid); i < uniforms.n; i = i + ${ROW_WG}) {
    let v = x[i];
    acc = acc + v * v;
  }
  let total = wgSum(acc, tid);
  if (tid == 0u) { result[0] = total${running ? ' + running[0]' : ''}; }
}
`;

const sumSquaresImpl: KernelImpl = ({ x, acc }, _attrs, backend) =>
  runKernelProgram(
    backend,
    {
      shaderKey: acc ? 'synthlab_sum_squares_acc' : 'synthlab_sum_squares',
      variableNames: acc ? ['x', 'running'] : ['x'],
      outputShape: [1],
      workgroupSize: [ROW_WG, 1, 1],
      dispatch: [1, 1, 1],
      uniforms: 'n : i32,',
      wgsl: sumSquaresWgsl(acc !== undefined),
    },
    acc ? [x, acc] : [x],
    [i32(elementCount(x))],
  );

/** Σ x² over every element of `x`, plus `acc` when given, as a scalar (not differentiable: the clip reads gradients only). */
export function sumSquares(x: tf.Tensor, acc?: tf.Scalar): tf.Scalar {
  return runRegisteredKernel('SynthlabSumSquares', sumSquaresImpl, acc ? { x, acc } : { x }).reshape([]) as tf.Scalar;
}
