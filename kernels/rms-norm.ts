// Fused RMSNorm: y = x · rsqrt(mean(x²) + eps) · gain over the last axis of x [rows, d].
// Forward: each row's Σx² is reduced and the row written in the same dispatch (a workgroup or an
// invocation per row, norm-common.ts RowSpread).
// Backward, three dispatches:
//   dx     — per row, reducing Σx² and Σ dy·gain·x together:
//            dx = r·gain·dy − x·r³·(Σ dy·gain·x)/d with r = rsqrt(mean(x²) + eps);
//   dgain  — partials over 64-row chunks (workgroup = 64 columns × one chunk; each invocation first
//            recomputes r for one row of the chunk, so no per-row state has to survive the forward),
//   reduce — one invocation per column sums the chunks' partials (norm-common.ts).
import * as tf from '@tensorflow/tfjs';
import { withCustomGrad } from './custom-grad.ts';
import { runRegisteredKernel, type KernelImpl } from './program.ts';
import { ROW_WG } from './wgsl-reduce.ts';
import { CHUNK_ROWS, chunksFor, normDims, forEachSpread, rowPreludeWGSL, runChunkKernel, runNormKernel, spreadFromAttr, spreadToAttrs, sumChunkPartials, type RowSpread } from './norm-common.ts';

const FORWARD_WGSL = forEachSpread((spread) => /* wgsl */ `
${rowPreludeWGSL(spread, ['sumAll'])}
fn main() {
  let row = rowIndex();
  let live = row < uniforms.rows;
  let d = uniforms.d;
  let base = row * d;
  var ss = 0.0;
  if (live) {
    for (var j = colStart(); j < d; j = j + COL_STEP) { let v = x[base + j]; ss = ss + v * v; }
  }
  let r = inverseSqrt(sumAll(ss, localIndex) / f32(d) + uniforms.eps);
  if (live) {
    for (var j = colStart(); j < d; j = j + COL_STEP) { result[base + j] = x[base + j] * r * gain[j]; }
  }
}
`);

const DX_WGSL = forEachSpread((spread) => /* wgsl */ `
${rowPreludeWGSL(spread, ['sumA', 'sumB'])}
fn main() {
  let row = rowIndex();
  let live = row < uniforms.rows;
  let d = uniforms.d;
  let base = row * d;
  var ss = 0.0;
  var dot = 0.0;
  if (live) {
    for (var j = colStart(); j < d; j = j + COL_STEP) {
      let v = x[base + j];
      ss = ss + v * v;
      dot = dot + dy[base + j] * gain[j] * v;
    }
  }
  let r = inverseSqrt(sumA(ss, localIndex) / f32(d) + uniforms.eps);
  let c = r * r * r * sumB(dot, localIndex) / f32(d);
  if (live) {
    for (var j = colStart(); j < d; j = j + COL_STEP) {
      result[base + j] = r * gain[j] * dy[base + j] - x[base + j] * c;
    }
  }
}
`);

const CHUNK = CHUNK_ROWS;

const DGAIN_PARTIAL_WGSL = /* wgsl */ `
var<workgroup> rowInv : array<f32, ${CHUNK}>;
fn main() {
  let d = uniforms.d;
  let rows = uniforms.rows;
  let tid = i32(localIndex);
  let row0 = i32(workgroupId.y) * ${CHUNK};
  // Phase 1: invocation tid recomputes r for row row0 + tid of this chunk.
  let myRow = row0 + tid;
  var ss = 0.0;
  if (myRow < rows) {
    for (var j = 0; j < d; j++) { let v = x[myRow * d + j]; ss = ss + v * v; }
  }
  rowInv[tid] = inverseSqrt(ss / f32(d) + uniforms.eps);
  workgroupBarrier();
  // Phase 2: invocation tid owns one column and sums dy·x·r down the chunk.
  let col = i32(workgroupId.x) * ${ROW_WG} + tid;
  if (col < d) {
    let last = min(rows - row0, ${CHUNK});
    var acc = 0.0;
    for (var i = 0; i < last; i++) {
      let o = (row0 + i) * d + col;
      acc = acc + dy[o] * x[o] * rowInv[i];
    }
    result[i32(workgroupId.y) * d + col] = acc;
  }
}
`;

const forwardImpl: KernelImpl = ({ x, gain }, { eps, perInvocation }, backend) => {
  const [rows, d] = normDims('rmsNorm', x, gain);
  return runNormKernel(backend, 'synthlab_rmsnorm_fwd', FORWARD_WGSL, { x, gain }, rows, d, Number(eps), spreadFromAttr(perInvocation));
};

const dxImpl: KernelImpl = ({ x, gain, dy }, { eps, perInvocation }, backend) => {
  const [rows, d] = normDims('rmsNorm', x, gain);
  return runNormKernel(backend, 'synthlab_rmsnorm_dx', DX_WGSL, { x, gain, dy }, rows, d, Number(eps), spreadFromAttr(perInvocation));
};

const dgainImpl: KernelImpl = ({ x, dy }, { eps }, backend) => {
  const [rows, d] = [x.shape[0], x.shape[1]];
  const chunks = chunksFor(rows, 'rmsNorm backward');
  const partials = runChunkKernel(backend, 'synthlab_rmsnorm_dgain_part', DGAIN_PARTIAL_WGSL, { x, dy }, rows, d, Number(eps), chunks);
  return sumChunkPartials(backend, partials, d, chunks);
};

/** Without a spread, the device's (norm-common.ts defaultRowSpread). */
export function rmsNormForward(x: tf.Tensor2D, gain: tf.Tensor1D, eps: number, spread?: RowSpread): tf.Tensor2D {
  return runRegisteredKernel('SynthlabRmsNorm', forwardImpl, { x, gain }, { eps, ...spreadToAttrs(spread) }) as tf.Tensor2D;
}

export function rmsNormBackward(x: tf.Tensor2D, gain: tf.Tensor1D, dy: tf.Tensor2D, eps: number, spread?: RowSpread): { dx: tf.Tensor2D; dgain: tf.Tensor1D } {
  const dx = runRegisteredKernel('SynthlabRmsNormGradX', dxImpl, { x, gain, dy }, { eps, ...spreadToAttrs(spread) }) as tf.Tensor2D;
  const dgain = runRegisteredKernel('SynthlabRmsNormGradGain', dgainImpl, { x, dy }, { eps }) as tf.Tensor1D;
  return { dx, dgain };
}

/** RMSNorm over the last axis with our backward kernels as its gradient. x may have any rank ≥ 2. */
export function rmsNorm(x: tf.Tensor, gain: tf.Tensor1D, eps: number): tf.Tensor {
  const shape = x.shape;
  const d = shape[shape.length - 1];
  const f = withCustomGrad<tf.Tensor2D>(([x2, g], save) => {
    save([x2, g]);
    return {
      value: rmsNormForward(x2 as tf.Tensor2D, g as tf.Tensor1D, eps),
      gradFunc: (dy, saved) => {
        const { dx, dgain } = rmsNormBackward(saved[0] as tf.Tensor2D, saved[1] as tf.Tensor1D, dy, eps);
        return [dx, dgain];
      },
    };
  });
  return tf.tidy(() => f(x.reshape([-1, d]), gain).reshape(shape));
}
