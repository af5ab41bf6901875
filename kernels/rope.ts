// Fused rotary positions: one dispatch forward and one backward for q or k [B, H, T, hd], where stock
// ops take a split, a concat, two multiplies and an add each way (model/rope.ts). Each output element
// reads its partner in the other half of the rotated dimensions:
//   forward   out_d = x_d·cos_d + x_σ(d)·sinSigned_d
//   backward  dx_d  = dy_d·cos_d − dy_σ(d)·sinSigned_d   (the transpose: rotation by the opposite angle)
// with σ swapping the halves and sinSigned = (−sin, +sin) as in the tables; dimensions from rd (the
// table width: partial rotary, phi style) on pass through unchanged.
import * as tf from '@tensorflow/tfjs';
import { withCustomGrad } from './custom-grad.ts';
import { ceilDiv, f32, i32, linearGrid, runKernelProgram, runRegisteredKernel, type KernelImpl } from './program.ts';
import { ROW_WG, WG_LINEAR_ID } from './wgsl-reduce.ts';

const ROPE_WGSL = /* wgsl */ `
${WG_LINEAR_ID}
fn main() {
  let j = wgLinearId() * ${ROW_WG} + i32(localIndex);
  if (j < uniforms.n) {
    let hd = uniforms.hd;
    let rd = uniforms.rd;
    let d = j % hd;
    if (d >= rd) {
      result[j] = x[j];
    } else {
      let pos = (j / hd) % uniforms.t;
      let half = rd / 2;
      var partner = d + half;
      if (d >= half) { partner = d - half; }
      let at = pos * rd + d;
      result[j] = x[j] * cosT[at] + uniforms.sign * x[j - d + partner] * sinT[at];
    }
  }
}
`;

const size = (t: tf.TensorInfo) => t.shape.reduce((a, b) => a * b, 1);

const ropeImpl: KernelImpl = ({ x, cosT, sinT }, attrs, backend) => {
  const [, , t, hd] = x.shape;
  const rd = cosT.shape[1];
  if (x.shape.length !== 4 || cosT.shape[0] !== t || sinT.shape[0] !== t || sinT.shape[1] !== rd || rd > hd || rd % 2 !== 0) {
    throw new Error(`rope: x must be [B, H, T, hd] with tables [T, rd], rd even and ≤ hd; got x [${x.shape.join(', ')}], cos [${cosT.shape.join(', ')}], sin [${sinT.shape.join(', ')}]`);
  }
  const n = size(x);
  return runKernelProgram(
    backend,
    { shaderKey: 'synthlab_rope', variableNames: ['x', 'cosT', 'sinT'], outputShape: [...x.shape], workgroupSize: [ROW_WG, 1, 1], dispatch: linearGrid(ceilDiv(n, ROW_WG)), uniforms: 'n : i32, t : i32, hd : i32, rd : i32, sign : f32,', wgsl: ROPE_WGSL },
    [x, cosT, sinT],
    [i32(n), i32(t), i32(hd), i32(rd), f32(Number(attrs.sign))],
  );
};

/** Rotates x [B, H, T, hd] by the tables (model/rope.ts ropeTensors: cos and sinSigned [T, rd]); `sign` −1 rotates back. */
export function ropeRotate(x: tf.Tensor4D, cos: tf.Tensor2D, sin: tf.Tensor2D, sign: 1 | -1 = 1): tf.Tensor4D {
  return runRegisteredKernel('SynthlabRope', ropeImpl, { x, cosT: cos, sinT: sin }, { sign }) as tf.Tensor4D;
}

/**
 * Rotary positions with our backward kernel as the gradient. The tables are constants, not inputs (no
 * gradient to compute for them); they are saved for the backward pass, or the forward's scope would free
 * them before it runs.
 */
export function rope(x: tf.Tensor4D, tables: { cos: tf.Tensor2D; sin: tf.Tensor2D }): tf.Tensor4D {
  const f = withCustomGrad<tf.Tensor4D>(([xi], save) => {
    save([tables.cos, tables.sin]);
    return { value: ropeRotate(xi as tf.Tensor4D, tables.cos, tables.sin), gradFunc: (dy, [cos, sin]) => ropeRotate(dy, cos as tf.Tensor2D, sin as tf.Tensor2D, -1) };
  });
  return f(x);
}
