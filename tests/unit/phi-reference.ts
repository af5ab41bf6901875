// A float64 reference of the phi-style forward pass (model/config.ts ModelStyle), written from the Phi-1.5
// description, not from model.ts: loops over rows, no tfjs. Tests hold the tfjs model to it.
import type { ModelConfig } from '../../src/lib/model/config.ts';

type Values = Readonly<Record<string, Float32Array>>;

/** y[n] = Σ_i x[i]·W[i, n] + b[n], W stored [in, out] row-major. */
function affine(x: Float64Array, w: Float32Array, b: Float32Array | null, out: number): Float64Array {
  const y = new Float64Array(out);
  for (let n = 0; n < out; n++) {
    let s = b ? b[n] : 0;
    for (let i = 0; i < x.length; i++) s += x[i] * w[i * out + n];
    y[n] = s;
  }
  return y;
}

function layerNorm(x: Float64Array, g: Float32Array, b: Float32Array, eps: number): Float64Array {
  const d = x.length;
  const mean = x.reduce((a, v) => a + v, 0) / d;
  const variance = x.reduce((a, v) => a + (v - mean) ** 2, 0) / d;
  const r = 1 / Math.sqrt(variance + eps);
  return x.map((v, i) => (v - mean) * r * g[i] + b[i]);
}

const gelu = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));

/** Rotates the first rd dimensions of one head's vector at position pos (rotate-half pairs i, i + rd/2). */
function rotary(v: Float64Array, pos: number, rd: number, base: number): Float64Array {
  const out = Float64Array.from(v);
  const half = rd / 2;
  for (let i = 0; i < half; i++) {
    const angle = pos * Math.pow(base, (-2 * i) / rd);
    const [c, s] = [Math.cos(angle), Math.sin(angle)];
    out[i] = v[i] * c - v[i + half] * s;
    out[i + half] = v[i + half] * c + v[i] * s;
  }
  return out;
}

/** Logits [T][V] of one sequence; `rotaryFraction` is Phi-1.5's partial_rotary_factor (0.5). */
export function phiReferenceLogits(c: ModelConfig, p: Values, ids: readonly number[], rotaryFraction = 0.5): Float64Array[] {
  const d = c.dModel;
  const H = c.nHead;
  const hd = d / H;
  const rd = hd * rotaryFraction;
  const T = ids.length;
  let x = ids.map((id) => Float64Array.from(p.embedding.subarray(id * d, (id + 1) * d)));
  for (let l = 0; l < c.nLayer; l++) {
    const w = (n: string) => p[`layers.${l}.${n}`];
    const h = x.map((row) => layerNorm(row, w('norm'), w('normBias'), c.normEps));
    const q = h.map((row) => affine(row, w('attn.wq'), w('attn.bq'), d));
    const k = h.map((row) => affine(row, w('attn.wk'), w('attn.bk'), d));
    const v = h.map((row) => affine(row, w('attn.wv'), w('attn.bv'), d));
    const heads = Array.from({ length: T }, () => new Float64Array(d));
    for (let a = 0; a < H; a++) {
      const part = (m: Float64Array[], t: number) => m[t].subarray(a * hd, (a + 1) * hd);
      const qr = Array.from({ length: T }, (_, t) => rotary(part(q, t), t, rd, c.ropeBase));
      const kr = Array.from({ length: T }, (_, t) => rotary(part(k, t), t, rd, c.ropeBase));
      for (let t = 0; t < T; t++) {
        const scores = Array.from({ length: t + 1 }, (_, s) => qr[t].reduce((acc, qv, i) => acc + qv * kr[s][i], 0) / Math.sqrt(hd));
        const top = Math.max(...scores);
        const e = scores.map((z) => Math.exp(z - top));
        const sum = e.reduce((acc, z) => acc + z, 0);
        for (let s = 0; s <= t; s++) for (let i = 0; i < hd; i++) heads[t][a * hd + i] += (e[s] / sum) * part(v, s)[i];
      }
    }
    x = x.map((row, t) => {
      const attn = affine(heads[t], w('attn.wo'), w('attn.bo'), d);
      const mlp = affine(affine(h[t], w('mlp.wIn'), w('mlp.bIn'), c.mlpHidden).map(gelu), w('mlp.wOut'), w('mlp.bOut'), d);
      return row.map((r, i) => r + attn[i] + mlp[i]);
    });
  }
  return x.map((row) => affine(layerNorm(row, p.finalNorm, p.finalNormBias, c.normEps), p.head, p.headBias, c.vocabSize));
}
