// Fused causal attention, backward (FlashAttention-2 style). Scores are recomputed tile by tile from
// q, k and the forward's per-row logsumexp — P_ij = exp(q_i·k_j/√hd − lse_i) — so nothing T×T is stored.
// With D_i = dO_i · O_i and dS_ij = P_ij (dO_i·v_j − D_i):
//   dQ_i = Σ_j dS_ij k_j / √hd               — kernel A: one invocation per query row, walking key tiles;
//   dK_j = Σ_i dS_ij q_i / √hd, dV_j = Σ_i P_ij dO_i — kernel B: one invocation per key row, walking
//                                              query tiles (from the diagonal down).
// Splitting by rows instead of accumulating dQ across key blocks avoids atomics (WGSL has no float
// atomics). Kernel B's two results share one output, packed [dK | dV], like the forward's [O | lse].
import * as tf from '@tensorflow/tfjs';
import { ATTN_KEYS, ATTN_ROWS, CAUSAL_TILE_COUNT, QUERY_ROW_LETS, STAGE_KEY_TILE, attentionDims, queryBlockDeclsWGSL } from './attention-common.ts';
import { ceilDiv, i32, runKernelProgram, runRegisteredKernel, type KernelImpl } from './program.ts';
import { SAFE_EXP } from './wgsl-reduce.ts';

function dqWGSL(hd: number): string {
  return /* wgsl */ `
${queryBlockDeclsWGSL(hd)}
fn main() {${QUERY_ROW_LETS}  let row = base + min(qi, T - 1) * HD;

  var q : array<f32, ${hd}>;
  var dO : array<f32, ${hd}>;
  var dq : array<f32, ${hd}>;
  var D = 0.0;
  for (var c = 0; c < HD; c++) {
    q[c] = q_in[row + c] * scale;
    dO[c] = dout[row + c];
    dq[c] = 0.0;
    D += dO[c] * o_in[row + c];
  }
  let lse = lse_in[bh * T + min(qi, T - 1)];

${CAUSAL_TILE_COUNT}
  for (var t = 0; t < numTiles; t++) {
    let k0 = t * BC;${STAGE_KEY_TILE}    workgroupBarrier();
    if (live && k0 <= qi) {
      for (var j = 0; j < BC; j++) {
        if (k0 + j <= qi) {
          var sc = 0.0;
          var dp = 0.0;
          for (var c = 0; c < HD; c++) {
            sc += q[c] * kTile[j * HD + c];
            dp += dO[c] * vTile[j * HD + c];
          }
          let ds = safeExp(sc - lse) * (dp - D);
          for (var c = 0; c < HD; c++) { dq[c] += ds * kTile[j * HD + c]; }
        }
      }
    }
    workgroupBarrier();
  }
  if (live) {
    for (var c = 0; c < HD; c++) { result[base + qi * HD + c] = dq[c] * scale; }
  }
}
`;
}

// Kernel B stages query tiles; a key row needs every query at or below it.
const BQ = ATTN_KEYS;
const BK = ATTN_ROWS;

function dkdvWGSL(hd: number): string {
  return /* wgsl */ `
${SAFE_EXP}
const HD : i32 = ${hd};
const BK : i32 = ${BK};
const BQ : i32 = ${BQ};
var<workgroup> qTile : array<f32, ${BQ * hd}>;
var<workgroup> dOTile : array<f32, ${BQ * hd}>;
var<workgroup> lseTile : array<f32, ${BQ}>;
var<workgroup> dTile : array<f32, ${BQ}>;
var<workgroup> firstTileShared : i32;

fn main() {
  let T = uniforms.T;
  let bh = i32(workgroupId.y);
  let k0 = i32(workgroupId.x) * BK;
  let tid = i32(localIndex);
  let kj = k0 + tid;
  let live = kj < T;
  let base = bh * T * HD;
  let row = base + min(kj, T - 1) * HD;
  let scale = inverseSqrt(f32(HD));

  var k : array<f32, ${hd}>;
  var v : array<f32, ${hd}>;
  var dk : array<f32, ${hd}>;
  var dv : array<f32, ${hd}>;
  for (var c = 0; c < HD; c++) {
    k[c] = k_in[row + c];
    v[c] = v_in[row + c];
    dk[c] = 0.0;
    dv[c] = 0.0;
  }

  // Causal: queries above this block's first key never see it.
  if (tid == 0) { firstTileShared = k0 / BQ; }
  let firstTile = workgroupUniformLoad(&firstTileShared);
  let numTiles = (T + BQ - 1) / BQ;
  for (var t = firstTile; t < numTiles; t++) {
    let i0 = t * BQ;
    for (var idx = tid; idx < BQ * HD; idx += BK) {
      let qr = i0 + idx / HD;
      let g = base + min(qr, T - 1) * HD + idx % HD;
      qTile[idx] = select(0.0, q_in[g] * scale, qr < T);
      dOTile[idx] = select(0.0, dout[g], qr < T);
    }
    if (tid < BQ) {
      // D_i = dO_i · O_i for this tile's query rows, one invocation per row.
      let qr = min(i0 + tid, T - 1);
      var d = 0.0;
      for (var c = 0; c < HD; c++) { d += dout[base + qr * HD + c] * o_in[base + qr * HD + c]; }
      dTile[tid] = d;
      lseTile[tid] = lse_in[bh * T + qr];
    }
    workgroupBarrier();
    if (live) {
      for (var r = 0; r < BQ; r++) {
        let qi = i0 + r;
        if (qi >= kj && qi < T) {
          var sc = 0.0;
          var dp = 0.0;
          for (var c = 0; c < HD; c++) {
            sc += qTile[r * HD + c] * k[c];
            dp += dOTile[r * HD + c] * v[c];
          }
          let p = safeExp(sc - lseTile[r]);
          let ds = p * (dp - dTile[r]);
          for (var c = 0; c < HD; c++) {
            dv[c] += p * dOTile[r * HD + c];
            dk[c] += ds * qTile[r * HD + c];
          }
        }
      }
    }
    workgroupBarrier();
  }
  if (live) {
    // qTile held q·scale, so dk already carries the 1/√hd factor.
    let n = uniforms.BH * T * HD;
    for (var c = 0; c < HD; c++) {
      result[base + kj * HD + c] = dk[c];
      result[n + base + kj * HD + c] = dv[c];
    }
  }
}
`;
}

const dqImpl: KernelImpl = ({ q, k, v, o, dout, lse }, _attrs, backend) => {
  const { b, h, t, hd } = attentionDims(q, k, v);
  return runKernelProgram(
    backend,
    {
      shaderKey: `synthlab_attn_dq_hd${hd}`,
      variableNames: ['q_in', 'k_in', 'v_in', 'o_in', 'dout', 'lse_in'],
      outputShape: [b, h, t, hd],
      workgroupSize: [ATTN_ROWS, 1, 1],
      dispatch: [ceilDiv(t, ATTN_ROWS), b * h, 1],
      uniforms: 'T : i32, BH : i32,',
      wgsl: dqWGSL(hd),
    },
    [q, k, v, o, dout, lse],
    [i32(t), i32(b * h)],
  );
};

const dkdvImpl: KernelImpl = ({ q, k, v, o, dout, lse }, _attrs, backend) => {
  const { b, h, t, hd } = attentionDims(q, k, v);
  return runKernelProgram(
    backend,
    {
      shaderKey: `synthlab_attn_dkdv_hd${hd}`,
      variableNames: ['q_in', 'k_in', 'v_in', 'o_in', 'dout', 'lse_in'],
      outputShape: [2 * b * h * t * hd],
      workgroupSize: [BK, 1, 1],
      dispatch: [ceilDiv(t, BK), b * h, 1],
      uniforms: 'T : i32, BH : i32,',
      wgsl: dkdvWGSL(hd),
    },
    [q, k, v, o, dout, lse],
    [i32(t), i32(b * h)],
  );
};

/** Gradients of causal attention given the forward's output O and per-row logsumexp. */
export function attentionBackward(
  q: tf.Tensor4D,
  k: tf.Tensor4D,
  v: tf.Tensor4D,
  o: tf.Tensor4D,
  lse: tf.Tensor1D,
  dout: tf.Tensor4D,
): { dq: tf.Tensor4D; dk: tf.Tensor4D; dv: tf.Tensor4D } {
  return tf.tidy(() => {
    const inputs = { q, k, v, o, dout, lse };
    const dq = runRegisteredKernel('SynthlabAttentionGradQ', dqImpl, inputs) as tf.Tensor4D;
    const packed = runRegisteredKernel('SynthlabAttentionGradKV', dkdvImpl, inputs);
    const n = q.size;
    return { dq, dk: packed.slice(0, n).reshape(q.shape) as tf.Tensor4D, dv: packed.slice(n, n).reshape(q.shape) as tf.Tensor4D };
  });
}
