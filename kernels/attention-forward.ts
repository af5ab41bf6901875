// Fused causal attention, forward: O = softmax(mask(Q·Kᵀ/√hd))·V for q, k, v [batch, heads, T, hd].
// FlashAttention-style: a workgroup owns 64 query rows of one (batch, head), one invocation per row, and
// walks the key/value sequence in tiles of 32 staged in workgroup memory. Each invocation keeps an online
// softmax (running max m, running sum l, unnormalised accumulator acc) and rescales acc once per tile,
// so the T×T score matrix never exists in global memory. Tiles wholly above the diagonal are skipped.
// The per-row logsumexp (m + log l) is written too, for the backward pass: tfjs kernels have one output,
// so the result is packed as [O (bh·T·hd) | lse (bh·T)] and split with two slices by the caller.
import * as tf from '@tensorflow/tfjs';
import { ATTN_KEYS, ATTN_ROWS, CAUSAL_TILE_COUNT, QUERY_ROW_LETS, STAGE_KEY_TILE, attentionDims, queryBlockDeclsWGSL } from './attention-common.ts';
import { ceilDiv, i32, runKernelProgram, runRegisteredKernel, type KernelImpl, type KernelProgram, type Uniform } from './program.ts';

function forwardWGSL(hd: number): string {
  return /* wgsl */ `
${queryBlockDeclsWGSL(hd)}
fn main() {${QUERY_ROW_LETS}
  var q : array<f32, ${hd}>;
  var acc : array<f32, ${hd}>;
  var s : array<f32, ${ATTN_KEYS}>;
  for (var c = 0; c < HD; c++) {
    q[c] = select(0.0, q_in[base + qi * HD + c] * scale, live);
    acc[c] = 0.0;
  }
  var m = -1.0e30;
  var l = 0.0;

${CAUSAL_TILE_COUNT}
  for (var t = 0; t < numTiles; t++) {
    let k0 = t * BC;${STAGE_KEY_TILE}    workgroupBarrier();
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
