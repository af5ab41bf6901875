// Fused rotary positions: one dispatch forward and one backward for q or k [B, H, T, hd], where stock
// ops take a split, a concat, two multiplies and an add each way (model/rope.ts); ropeHeads also splits
// a projection's rows into heads in the same pass. Each output element
// reads its partner in the other half of the rotated dimensions:
//   forward   out_d = x_d·cos_d + x_σ(d)·sinSigned_d
//   backward  dx_d  = dy_d·cos_d − dy_σ(d)·sinSigned_d   (the transpose: rotation by the opposite angle)
// with σ swapping the halves and sinSigned = (−sin, +sin) as in the tables; dimensions from rd (the
// table width: partial rotary, phi style) on pass through unchanged.
import * as tf from '@tensorflow/tfjs';
import { withCustomGrad } from './custom-grad.ts';
import { f32, i32, runKernelProgram, runRegisteredKernel, type KernelImpl, elementCount } from './program.ts';
import { INVOCATION_ID, ROW_WG, invocationGrid } from './wgsl-reduce.ts';

// Layouts, by uniform (`layout` is a reserved word in WGSL: hence `order`): 0 is [B, H, T, hd] (heads split), 1 is [B, T, H, hd] (a projection's [B·T, d]
// rows). Each output element finds its (b, h, t, d) in the output layout and reads the input's.
const ROPE_WGSL = /* wgsl */ `
${INVOCATION_ID}
fn rowStart(order : i32, bi : i32, hi : i32, ti : i32) -> i32 {
  if (order == 0) { return ((bi * uniforms.heads + hi) * uniforms.t + ti) * uniforms.hd; }
  return ((bi * uniforms.t + ti) * uniforms.heads + hi) * uniforms.hd;
}
fn main() {
  let j = invocationId();
  if (j < uniforms.n) {
    let hd = uniforms.hd;
    let rd = uniforms.rd;
    let d = j % hd;
    let row = j / hd;
    var pos = 0;
    var head = 0;
    var batch = 0;
    if (uniforms.outLayout == 0) {
      pos = row % uniforms.t;
      head = (row / uniforms.t) % uniforms.heads;
      batch = row / (uniforms.t * uniforms.heads);
    } else {
      head = row % uniforms.heads;
      pos = (row / uniforms.heads) % uniforms.t;
      batch = row / (uniforms.heads * uniforms.t);
    }
    let src = rowStart(uniforms.inLayout, batch, head, pos);
    if (d >= rd) {
      result[j] = x[src + d];
    } else {
      let half = rd / 2;
      var partner = d + half;
      if (d >= half) { partner = d - half; }
      let at = pos * rd + d;
      result[j] = x[src + d] * cosT[at] + uniforms.sign * x[src + partner] * sinT[at];
    }
  }
}
`;

/** Where the heads are: 'heads' [B, H, T, hd], 'rows' [B·T, H·hd] read as [B, T, H, hd]. */
type Layout = 'heads' | 'rows';
const LAYOUT_ID: Record<Layout, number> = { heads: 0, rows: 1 };

const ropeImpl: KernelImpl = ({ x, cosT, sinT }, attrs, backend) => {
  const [b, heads, t, hd] = [Number(attrs.b), Number(attrs.heads), Number(attrs.t), Number(attrs.hd)];
  const rd = cosT.shape[1];
  const n = elementCount(x);
  if (n !== b * heads * t * hd || cosT.shape[0] !== t || sinT.shape[0] !== t || sinT.shape[1] !== rd || rd > hd || rd % 2 !== 0) {
    throw new Error(`rope: x must be [B, H, T, hd] with tables [T, rd], rd even and ≤ hd; got x [${x.shape.join(', ')}] for [${b}, ${heads}, ${t}, ${hd}], cos [${cosT.shape.join(', ')}], sin [${sinT.shape.join(', ')}]`);
  }
  const outLayout = Number(attrs.outLayout);
  return runKernelProgram(
    backend,
    {
      shaderKey: 'synthlab_rope',
      variableNames: ['x', 'cosT', 'sinT'],
      outputShape: outLayout === LAYOUT_ID.heads ? [b, heads, t, hd] : [b * t, heads * hd],
      workgroupSize: [ROW_WG, 1, 1],
      dispatch: invocationGrid(n),
      uniforms: 'n : i32, t : i32, hd : i32, rd : i32, heads : i32, inLayout : i32, outLayout : i32, sign : f32,',
      wgsl: ROPE_WGSL,
    },
    [x, cosT, sinT],
    [i32(n), i32(t), i32(hd), i32(rd), i32(heads), i32(Number(attrs.inLayout)), i32(outLayout), f32(Number(attrs.sign))],
  );
};

function rotateKernel(x: tf.Tensor, cos: tf.Tensor2D, sin: tf.Tensor2D, sign: 1 | -1, shape: [number, number, number, number], from: Layout, to: Layout): tf.Tensor {
  const [b, heads, t, hd] = shape;
  return runRegisteredKernel('SynthlabRope', ropeImpl, { x, cosT: cos, sinT: sin }, { sign, b, heads, t, hd, inLayout: LAYOUT_ID[from], outLayout: LAYOUT_ID[to] });
}

/** Rotates x [B, H, T, hd] by the tables (model/rope.ts ropeTensors: cos and sinSigned [T, rd]); `sign` −1 rotates back. */
export function ropeRotate(x: tf.Tensor4D, cos: tf.Tensor2D, sin: tf.Tensor2D, sign: 1 | -1 = 1): tf.Tensor4D {
  if (x.shape.length !== 4) throw new Error(`rope: x must be [B, H, T, hd] with tables [T, rd]; got x [${x.shape.join(', ')}]`);
  return rotateKernel(x, cos, sin, sign, x.shape as [number, number, number, number], 'heads', 'heads') as tf.Tensor4D;
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

/**
 * A projection's rows x [B·T, H·hd] split into heads [B, H, T, hd] and rotated, in one pass each way: the
 * head split's transpose happens in the kernel's reads, so q and k need no transpose of their own, forward
 * or backward (the gradient comes back as rows).
 */
export function ropeHeads(x: tf.Tensor2D, b: number, t: number, heads: number, tables: { cos: tf.Tensor2D; sin: tf.Tensor2D }): tf.Tensor4D {
  const [rows, width] = x.shape;
  if (rows !== b * t || width % heads !== 0) throw new Error(`ropeHeads: x [${x.shape.join(', ')}] is not [B·T, H·hd] for B ${b}, T ${t}, H ${heads}`);
  const shape: [number, number, number, number] = [b, heads, t, width / heads];
  const f = withCustomGrad<tf.Tensor4D>(([xi], save) => {
    save([tables.cos, tables.sin]);
    return {
      value: rotateKernel(xi, tables.cos, tables.sin, 1, shape, 'rows', 'heads') as tf.Tensor4D,
      gradFunc: (dy, [cos, sin]) => rotateKernel(dy, cos as tf.Tensor2D, sin as tf.Tensor2D, -1, shape, 'heads', 'rows'),
    };
  });
  return f(x);
}
