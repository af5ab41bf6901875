// Fused LayerNorm (the phi style's norm): y = (x − mean) · rsqrt(var + eps) · gain + bias over the last
// axis of x [rows, d], biased variance as torch's LayerNorm. Built like rms-norm.ts:
// Forward: per row (a workgroup or an invocation, norm-common.ts RowSpread), two reductions (the mean,
//   then the variance about it: two passes over the row are steadier in float32 than E[x²] − mean²),
//   then the row is written.
// Backward, five dispatches:
//   dx     — per row: dx = r·(g·dy − mean(g·dy) − x̂·mean(g·dy·x̂)), x̂ = (x − mean)·r;
//   dgain  — partials of Σ dy·x̂ over 64-row chunks (each invocation first recomputes one row's mean and
//            r, so nothing survives the forward), then one invocation per column sums the chunks;
//   dbias  — the same two steps for Σ dy (norm-common.ts adds the chunks).
import * as tf from '@tensorflow/tfjs';
import { withCustomGrad } from './custom-grad.ts';
import { runRegisteredKernel, type KernelImpl } from './program.ts';
import { ROW_WG } from './wgsl-reduce.ts';
import { CHUNK_ROWS, chunksFor, normDims, forEachSpread, rowPreludeWGSL, runChunkKernel, runNormKernel, spreadFromAttr, spreadToAttrs, sumChunkPartials, type RowSpread } from './norm-common.ts';

/** mean and r = rsqrt(var + eps) of this invocation's row, by two sums over the row's invocations (each gets both). */
const ROW_STATS = /* wgsl */ `
fn rowStats(base : i32, live : bool) -> vec2<f32> {
  let d = uniforms.d;
  var s = 0.0;
  if (live) { for (var j = colStart(); j < d; j = j + COL_STEP) { s = s + x[base + j]; } }
  let mean = sumRow(s, localIndex) / f32(d);
  var v = 0.0;
  if (live) { for (var j = colStart(); j < d; j = j + COL_STEP) { let c = x[base + j] - mean; v = v + c * c; } }
  return vec2<f32>(mean, inverseSqrt(sumRow(v, localIndex) / f32(d) + uniforms.eps));
}
`;

const FORWARD_WGSL = forEachSpread((spread) => /* wgsl */ `
${rowPreludeWGSL(spread, ['sumRow'])}
${ROW_STATS}
fn main() {
  let row = rowIndex();
  let live = row < uniforms.rows;
  let base = row * uniforms.d;
  let st = rowStats(base, live);
  if (live) {
    for (var j = colStart(); j < uniforms.d; j = j + COL_STEP) { result[base + j] = (x[base + j] - st.x) * st.y * gain[j] + bias[j]; }
  }
}
`);

const DX_WGSL = forEachSpread((spread) => /* wgsl */ `
${rowPreludeWGSL(spread, ['sumRow', 'sumGrad'])}
${ROW_STATS}
fn main() {
  let row = rowIndex();
  let live = row < uniforms.rows;
  let d = uniforms.d;
  let base = row * d;
  let st = rowStats(base, live);
  var a = 0.0;
  var b = 0.0;
  if (live) {
    for (var j = colStart(); j < d; j = j + COL_STEP) {
      let gdy = gain[j] * dy[base + j];
      a = a + gdy;
      b = b + gdy * (x[base + j] - st.x) * st.y;
    }
  }
  let ma = sumGrad(a, localIndex) / f32(d);
  let mb = sumGrad(b, localIndex) / f32(d);
  if (live) {
    for (var j = colStart(); j < d; j = j + COL_STEP) {
      let xh = (x[base + j] - st.x) * st.y;
      result[base + j] = st.y * (gain[j] * dy[base + j] - ma - xh * mb);
    }
  }
}
`);

const CHUNK = CHUNK_ROWS;

/** Partials over 64-row chunks of Σ dy·x̂ (withXhat) or Σ dy, one column per invocation. */
function partialWGSL(withXhat: boolean): string {
  return /* wgsl */ `
var<workgroup> rowMean : array<f32, ${CHUNK}>;
var<workgroup> rowInv : array<f32, ${CHUNK}>;
fn main() {
  let d = uniforms.d;
  let rows = uniforms.rows;
  let tid = i32(localIndex);
  let row0 = i32(workgroupId.y) * ${CHUNK};
  ${withXhat ? `
  // Phase 1: invocation tid recomputes mean and r of row row0 + tid of this chunk.
  let myRow = row0 + tid;
  var s = 0.0;
  var v = 0.0;
  if (myRow < rows) {
    for (var j = 0; j < d; j++) { s = s + x[myRow * d + j]; }
    let m = s / f32(d);
    for (var j = 0; j < d; j++) { let c = x[myRow * d + j] - m; v = v + c * c; }
    rowMean[tid] = m;
  } else {
    rowMean[tid] = 0.0;
  }
  rowInv[tid] = inverseSqrt(v / f32(d) + uniforms.eps);
  workgroupBarrier();` : ''}
  // Phase 2: invocation tid owns one column and sums down the chunk.
  let col = i32(workgroupId.x) * ${ROW_WG} + tid;
  if (col < d) {
    let last = min(rows - row0, ${CHUNK});
    var acc = 0.0;
    for (var i = 0; i < last; i++) {
      let o = (row0 + i) * d + col;
      acc = acc + dy[o]${withXhat ? ' * (x[o] - rowMean[i]) * rowInv[i]' : ''};
    }
    result[i32(workgroupId.y) * d + col] = acc;
  }
}
`;
}

const forwardImpl: KernelImpl = ({ x, gain, bias }, { eps, perInvocation }, backend) => {
  const [rows, d] = normDims('layerNorm', x, gain);
  normDims('layerNorm', x, bias);
  return runNormKernel(backend, 'synthlab_layernorm_fwd', FORWARD_WGSL, { x, gain, bias }, rows, d, Number(eps), spreadFromAttr(perInvocation));
};

const dxImpl: KernelImpl = ({ x, gain, dy }, { eps, perInvocation }, backend) => {
  const [rows, d] = normDims('layerNorm', x, gain);
  return runNormKernel(backend, 'synthlab_layernorm_dx', DX_WGSL, { x, gain, dy }, rows, d, Number(eps), spreadFromAttr(perInvocation));
};

/** Column sums over rows, in chunks then across chunks (norm-common.ts): of dy·x̂ (dgain) or of dy (dbias). */
function columnSums(withXhat: boolean): KernelImpl {
  return ({ x, dy }, { eps }, backend) => {
    const [rows, d] = [dy.shape[0], dy.shape[1]];
    const chunks = chunksFor(rows, 'layerNorm backward');
    const key = withXhat ? 'synthlab_layernorm_dgain_part' : 'synthlab_layernorm_dbias_part';
    const partials = runChunkKernel(backend, key, partialWGSL(withXhat), withXhat ? { x, dy } : { dy }, rows, d, Number(eps), chunks);
    return sumChunkPartials(backend, partials, d, chunks);
  };
}
const dgainImpl = columnSums(true);
const dbiasImpl = columnSums(false);

/** Without a spread, the device's (norm-common.ts defaultRowSpread). */
export function layerNormForward(x: tf.Tensor2D, gain: tf.Tensor1D, bias: tf.Tensor1D, eps: number, spread?: RowSpread): tf.Tensor2D {
  return runRegisteredKernel('SynthlabLayerNorm', forwardImpl, { x, gain, bias }, { eps, ...spreadToAttrs(spread) }) as tf.Tensor2D;
}

export function layerNormBackward(x: tf.Tensor2D, gain: tf.Tensor1D, dy: tf.Tensor2D, eps: number, spread?: RowSpread): { dx: tf.Tensor2D; dgain: tf.Tensor1D; dbias: tf.Tensor1D } {
  const dx = runRegisteredKernel('SynthlabLayerNormGradX', dxImpl, { x, gain, dy }, { eps, ...spreadToAttrs(spread) }) as tf.Tensor2D;
  const dgain = runRegisteredKernel('SynthlabLayerNormGradGain', dgainImpl, { x, dy }, { eps }) as tf.Tensor1D;
  const dbias = runRegisteredKernel('SynthlabLayerNormGradBias', dbiasImpl, { x, dy }, { eps }) as tf.Tensor1D;
  return { dx, dgain, dbias };
}

/** LayerNorm over the last axis with our backward kernels as its gradient. x may have any rank ≥ 2. */
export function layerNorm(x: tf.Tensor, gain: tf.Tensor1D, bias: tf.Tensor1D, eps: number): tf.Tensor {
  const shape = x.shape;
  const d = shape[shape.length - 1];
  const f = withCustomGrad<tf.Tensor2D>(([x2, g, b], save) => {
    save([x2, g]);
    return {
      value: layerNormForward(x2 as tf.Tensor2D, g as tf.Tensor1D, b as tf.Tensor1D, eps),
      gradFunc: (dy, saved) => {
        const { dx, dgain, dbias } = layerNormBackward(saved[0] as tf.Tensor2D, saved[1] as tf.Tensor1D, dy, eps);
        return [dx, dgain, dbias];
      },
    };
  });
  return tf.tidy(() => f(x.reshape([-1, d]), gain, bias).reshape(shape));
}
