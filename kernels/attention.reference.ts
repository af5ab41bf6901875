// CPU reference for kernels/attention-forward.ts and attention-backward.ts: causal softmax attention with
// 1/sqrt(hd) scaling on q, k, v shaped [batch, heads, T, hd] (flattened), float64.
export interface AttentionShape {
  bh: number; // batch × heads
  t: number;
  hd: number;
}

/** Returns the output [bh, T, hd] and the per-row logsumexp of the scaled scores [bh, T]. */
export function attentionReference(q: ArrayLike<number>, k: ArrayLike<number>, v: ArrayLike<number>, s: AttentionShape): { out: Float64Array; lse: Float64Array } {
  const { bh, t, hd } = s;
  const scale = 1 / Math.sqrt(hd);
  const out = new Float64Array(bh * t * hd);
  const lse = new Float64Array(bh * t);
  for (let h = 0; h < bh; h++) {
    for (let i = 0; i < t; i++) {
      const p = rowProbs(q, k, h, i, s, scale);
      lse[h * t + i] = p.lse;
      for (let j = 0; j <= i; j++) {
        for (let c = 0; c < hd; c++) out[(h * t + i) * hd + c] += p.probs[j] * v[(h * t + j) * hd + c];
      }
    }
  }
  return { out, lse };
}

export function attentionGradReference(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  v: ArrayLike<number>,
  dout: ArrayLike<number>,
  s: AttentionShape,
): { dq: Float64Array; dk: Float64Array; dv: Float64Array } {
  const { bh, t, hd } = s;
  const scale = 1 / Math.sqrt(hd);
  const dq = new Float64Array(bh * t * hd);
  const dk = new Float64Array(bh * t * hd);
  const dv = new Float64Array(bh * t * hd);
  for (let h = 0; h < bh; h++) {
    for (let i = 0; i < t; i++) {
      const { probs } = rowProbs(q, k, h, i, s, scale);
      const o = (h * t + i) * hd;
      // dP_ij = dO_i · v_j; dS_ij = P_ij (dP_ij − Σ_l P_il dP_il).
      const dp = new Float64Array(i + 1);
      let rowDot = 0;
      for (let j = 0; j <= i; j++) {
        for (let c = 0; c < hd; c++) dp[j] += dout[o + c] * v[(h * t + j) * hd + c];
        rowDot += probs[j] * dp[j];
      }
      for (let j = 0; j <= i; j++) {
        const ds = probs[j] * (dp[j] - rowDot) * scale;
        const oj = (h * t + j) * hd;
        for (let c = 0; c < hd; c++) {
          dv[oj + c] += probs[j] * dout[o + c];
          dq[o + c] += ds * k[oj + c];
          dk[oj + c] += ds * q[o + c];
        }
      }
    }
  }
  return { dq, dk, dv };
}

function rowProbs(q: ArrayLike<number>, k: ArrayLike<number>, h: number, i: number, s: AttentionShape, scale: number): { probs: Float64Array; lse: number } {
  const { t, hd } = s;
  const scores = new Float64Array(i + 1);
  let m = -Infinity;
  for (let j = 0; j <= i; j++) {
    let dot = 0;
    for (let c = 0; c < hd; c++) dot += q[(h * t + i) * hd + c] * k[(h * t + j) * hd + c];
    scores[j] = dot * scale;
    m = Math.max(m, scores[j]);
  }
  let sum = 0;
  for (let j = 0; j <= i; j++) sum += Math.exp(scores[j] - m);
  const probs = scores.map((x) => Math.exp(x - m) / sum);
  return { probs, lse: m + Math.log(sum) };
}
