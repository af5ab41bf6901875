// Fused causal attention, forward: O = softmax(mask(Q·Kᵀ/√hd))·V for q, k, v [batch, heads, T, hd].
// FlashAttention-style: a workgroup owns 64 query rows of one (batch, head), one invocation per row, and
// walks the key/value sequence in tiles of 32 staged in workgroup memory. Each invocation keeps an online
// softmax (running max m, running sum l, unnormalised accumulator acc) and rescales acc once per tile,
// so the T×T score matrix never exists in global memory. Tiles wholly above the diagonal are skipped.
// The per-row logsumexp (m + log l) is written too, for the backward pass: tfjs kernels have one output,
// so the result is packed as [O (bh·T·hd) | lse (bh·T)] and split with two slices by the caller.
import * as tf from '@tensorflow/tfjs';
import { ceilDiv, i32, runKernelProgram, runRegisteredKernel, type KernelImpl, type KernelProgram, type Uniform } from './program.ts';
import { SAFE_EXP } from './wgsl-reduce.ts';

export const ATTN_ROWS = 64; // query rows per workgroup (= invocations)
export const ATTN_KEYS = 32; // keys per staged tile
/** Head sizes up to this fit the staged K and V tiles (2·32·128·4 B = 32 KiB) in workgroup memory. */
export const ATTN_MAX_HD = 96;

function forwardWGSL(hd: number): string {
  return /* wgsl */ `
${SAFE_EXP}
const HD : i32 = ${hd};
const BR : i32 = ${ATTN_ROWS};
const BC : i32 = ${ATTN_KEYS};
var<workgroup> kTile : array<f32, ${ATTN_KEYS * hd}>;
var<workgroup> vTile : array<f32, ${ATTN_KEYS * hd}>;
var<workgroup> numTilesShared : i32;

fn main() {
  let T = uniforms.T;
  let bh = i32(workgroupId.y);
  let q0 = i32(workgroupId.x) * BR;
  let tid = i32(localIndex);
  let qi = q0 + tid;
  let live = qi < T;
  let base = bh * T * HD;
  let scale = inverseSqrt(f32(HD));

  var q : array<f32, ${hd}>;
  var acc : array<f32, ${hd}>;
  var s : array<f32, ${ATTN_KEYS}>;
  for (var c = 0; c < HD; c++) {
    q[c] = select(0.0, q_in[base + qi * HD + c] * scale, live);
    acc[c] = 0.0;
  }
  var m = -1.0e30;
  var l = 0.0;

  // Causal: keys past this block's last query are never needed. The count must be workgroup-uniform
  // (barriers inside the loop), which private ids are not to the WGSL analysis, hence the uniform load.
  if (tid == 0) { numTilesShared = (min(q0 + BR, T) - 1) / BC + 1; }
  let numTiles = workgroupUniformLoad(&numTilesShared);

  for (var t = 0; t < numTiles; t++) {
    let k0 = t * BC;
    for (var idx = tid; idx < BC * HD; idx += BR) {
      let key = k0 + idx / HD;
      let inRange = key < T;
      let g = base + min(key, T - 1) * HD + idx % HD;
      kTile[idx] = select(0.0, k_in[g], inRange);
      vTile[idx] = select(0.0, v_in[g], inRange);
    }
    workgroupBarrier();
    if (live && k0 <= qi) {
      var tileMax = -1.0e30;
      for (var j = 0; j < BC; j++) {
        var dot = 0.0;
        for (var c = 0; c < HD; c++) { dot += q[c] * kTile[j * HD + c]; }
        // The causal mask: key k0 + j is visible to query qi only if it is not in its future.
        s[j] = select(-1.0e30, dot, k0 + j <= qi);
        tileMax = max(tileMax, s[j]);
      }
      let mNew = max(m, tileMax);
      let corr = safeExp(m - mNew);
      l = l * corr;
      for (var c = 0; c < HD; c++) { acc[c] = acc[c] * corr; }
      for (var j = 0; j < BC; j++) {
        let p = select(0.0, safeExp(s[j] - mNew), k0 + j <= qi);
        l += p;
        for (var c = 0; c < HD; c++) { acc[c] += p * vTile[j * HD + c]; }
      }
      m = mNew;
    }
    workgroupBarrier();
  }

  if (live) {
    let inv = 1.0 / l;
    for (var c = 0; c < HD; c++) { result[base + qi * HD + c] = acc[c] * inv; }
    result[uniforms.BH * T * HD + bh * T + qi] = m + log(l);
  }
}
`;
}

export function attentionDims(q: tf.TensorInfo, k: tf.TensorInfo, v: tf.TensorInfo): { b: number; h: number; t: number; hd: number } {
  if (q.shape.length !== 4) throw new Error(`causalAttention: q must be [batch, heads, T, hd], got [${q.shape.join(', ')}]`);
  for (const [name, x] of [['k', k], ['v', v]] as const) {
    if (x.shape.join(',') !== q.shape.join(',')) throw new Error(`causalAttention: ${name} is [${x.shape.join(', ')}], q is [${q.shape.join(', ')}]`);
  }
  const [b, h, t, hd] = q.shape;
  if (hd > ATTN_MAX_HD) throw new Error(`causalAttention: head size ${hd} exceeds ${ATTN_MAX_HD}`);
  return { b, h, t, hd };
}

/** The forward program for q, k, v of one shape (exported so tests can compile variants of it). */
export function attentionForwardProgram(q: tf.TensorInfo, k: tf.TensorInfo, v: tf.TensorInfo): { program: KernelProgram; uniforms: Uniform[] } {
  const { b, h, t, hd } = attentionDims(q, k, v);
  const bh = b * h;
  return {
    program: {
      shaderKey: `synthlab_attn_fwd_hd${hd}`,
      variableNames: ['q_in', 'k_in', 'v_in'],
      outputShape: [bh * t * (hd + 1)],
      workgroupSize: [ATTN_ROWS, 1, 1],
      dispatch: [ceilDiv(t, ATTN_ROWS), bh, 1],
      uniforms: 'T : i32, BH : i32,',
      wgsl: forwardWGSL(hd),
    },
    uniforms: [i32(t), i32(bh)],
  };
}

const forwardImpl: KernelImpl = ({ q, k, v }, _attrs, backend) => {
  const { program, uniforms } = attentionForwardProgram(q, k, v);
  return runKernelProgram(backend, program, [q, k, v], uniforms);
};

/** Runs the forward kernel: returns O [b, h, T, hd] and lse [b·h·T] (the logsumexp of each scaled row). */
export function attentionForward(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D): { out: tf.Tensor4D; lse: tf.Tensor1D } {
  return tf.tidy(() => {
    const n = q.size;
    const packed = runRegisteredKernel('SynthlabAttentionForward', forwardImpl, { q, k, v });
    const out = packed.slice(0, n).reshape(q.shape) as tf.Tensor4D;
    const lse = packed.slice(n, n / q.shape[3]) as tf.Tensor1D;
    return { out, lse };
  });
}
