// Fused RMSNorm: y = x · rsqrt(mean(x²) + eps) · gain over the last axis of x [rows, d].
// Forward: one workgroup per row reduces Σx² in workgroup memory and writes the row in the same dispatch.
// Backward, three dispatches:
//   dx     — one workgroup per row, reducing Σx² and Σ dy·gain·x together:
//            dx = r·gain·dy − x·r³·(Σ dy·gain·x)/d with r = rsqrt(mean(x²) + eps);
//   dgain  — partials over 64-row chunks (workgroup = 64 columns × one chunk; each invocation first
//            recomputes r for one row of the chunk, so no per-row state has to survive the forward),
//   reduce — one invocation per column sums the chunks' partials. Two small passes instead of atomics:
//            WGSL has no float atomics.
import * as tf from '@tensorflow/tfjs';
import { withCustomGrad } from './custom-grad.ts';
import { ceilDiv, f32, i32, linearGrid, runKernelProgram, runRegisteredKernel, type KernelImpl } from './program.ts';
import { ROW_WG, WG_LINEAR_ID, sumReduceWGSL } from './wgsl-reduce.ts';

const FORWARD_WGSL = /* wgsl */ `
${WG_LINEAR_ID}
${sumReduceWGSL('sumAll')}
fn main() {
  let row = wgLinearId();
  let live = row < uniforms.rows;
  let d = uniforms.d;
  let base = row * d;
  var ss = 0.0;
  if (live) {
    for (var j = i32(localIndex); j < d; j = j + ${ROW_WG}) { let v = x[base + j]; ss = ss + v * v; }
  }
  let r = inverseSqrt(sumAll(ss, localIndex) / f32(d) + uniforms.eps);
  if (live) {
    for (var j = i32(localIndex); j < d; j = j + ${ROW_WG}) { result[base + j] = x[base + j] * r * gain[j]; }
  }
}
`;

const DX_WGSL = /* wgsl */ `
${WG_LINEAR_ID}
${sumReduceWGSL('sumA')}
${sumReduceWGSL('sumB')}
fn main() {
  let row = wgLinearId();
  let live = row < uniforms.rows;
  let d = uniforms.d;
  let base = row * d;
  var ss = 0.0;
  var dot = 0.0;
  if (live) {
    for (var j = i32(localIndex); j < d; j = j + ${ROW_WG}) {
      let v = x[base + j];
      ss = ss + v * v;
      dot = dot + dy[base + j] * gain[j] * v;
    }
  }
  let r = inverseSqrt(sumA(ss, localIndex) / f32(d) + uniforms.eps);
  let c = r * r * r * sumB(dot, localIndex) / f32(d);
  if (live) {
    for (var j = i32(localIndex); j < d; j = j + ${ROW_WG}) {
      result[base + j] = r * gain[j] * dy[base + j] - x[base + j] * c;
    }
  }
}
`;

const CHUNK = ROW_WG;

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

const COLUMN_SUM_WGSL = /* wgsl */ `
fn main() {
  let col = i32(globalId.x);
  let d = uniforms.d;
  if (col < d) {
    var acc = 0.0;
    for (var c = 0; c < uniforms.chunks; c++) { acc = acc + partials[c * d + col]; }
    result[col] = acc;
  }
}
`;

function dims(x: tf.TensorInfo, gain: tf.TensorInfo): [number, number] {
  if (x.shape.length !== 2) throw new Error(`rmsNorm: x must be [rows, d], got [${x.shape.join(', ')}]`);
  if (gain.shape.length !== 1 || gain.shape[0] !== x.shape[1]) {
    throw new Error(`rmsNorm: gain must be [${x.shape[1]}], got [${gain.shape.join(', ')}]`);
  }
  return [x.shape[0], x.shape[1]];
}

const UNIFORMS = 'rows : i32, d : i32, eps : f32,';

const forwardImpl: KernelImpl = ({ x, gain }, { eps }, backend) => {
  const [rows, d] = dims(x, gain);
  return runKernelProgram(
    backend,
    { shaderKey: 'synthlab_rmsnorm_fwd', variableNames: ['x', 'gain'], outputShape: [rows, d], workgroupSize: [ROW_WG, 1, 1], dispatch: linearGrid(rows), uniforms: UNIFORMS, wgsl: FORWARD_WGSL },
    [x, gain],
    [i32(rows), i32(d), f32(Number(eps))],
  );
};

const dxImpl: KernelImpl = ({ x, gain, dy }, { eps }, backend) => {
  const [rows, d] = dims(x, gain);
  return runKernelProgram(
    backend,
    { shaderKey: 'synthlab_rmsnorm_dx', variableNames: ['x', 'gain', 'dy'], outputShape: [rows, d], workgroupSize: [ROW_WG, 1, 1], dispatch: linearGrid(rows), uniforms: UNIFORMS, wgsl: DX_WGSL },
    [x, gain, dy],
    [i32(rows), i32(d), f32(Number(eps))],
  );
};

const dgainImpl: KernelImpl = ({ x, dy }, { eps }, backend) => {
  const [rows, d] = [x.shape[0], x.shape[1]];
  const chunks = ceilDiv(rows, CHUNK);
  if (chunks > 65535) throw new Error(`rmsNorm backward: ${rows} rows exceed the ${65535 * CHUNK}-row grid`);
  const partials = runKernelProgram(
    backend,
    { shaderKey: 'synthlab_rmsnorm_dgain_part', variableNames: ['x', 'dy'], outputShape: [chunks, d], workgroupSize: [ROW_WG, 1, 1], dispatch: [ceilDiv(d, ROW_WG), chunks, 1], uniforms: UNIFORMS, wgsl: DGAIN_PARTIAL_WGSL },
    [x, dy],
    [i32(rows), i32(d), f32(Number(eps))],
  );
  const out = runKernelProgram(
    backend,
    { shaderKey: 'synthlab_rmsnorm_dgain_sum', variableNames: ['partials'], outputShape: [d], workgroupSize: [ROW_WG, 1, 1], dispatch: [ceilDiv(d, ROW_WG), 1, 1], uniforms: 'd : i32, chunks : i32,', wgsl: COLUMN_SUM_WGSL },
    [partials],
    [i32(d), i32(chunks)],
  );
  backend.disposeData(partials.dataId);
  return out;
};

export function rmsNormForward(x: tf.Tensor2D, gain: tf.Tensor1D, eps: number): tf.Tensor2D {
  return runRegisteredKernel('SynthlabRmsNorm', forwardImpl, { x, gain }, { eps }) as tf.Tensor2D;
}

export function rmsNormBackward(x: tf.Tensor2D, gain: tf.Tensor1D, dy: tf.Tensor2D, eps: number): { dx: tf.Tensor2D; dgain: tf.Tensor1D } {
  const dx = runRegisteredKernel('SynthlabRmsNormGradX', dxImpl, { x, gain, dy }, { eps }) as tf.Tensor2D;
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
