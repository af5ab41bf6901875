// CPU reference for kernels/layer-norm.ts: y = (x − mean) / sqrt(var + eps) · gain + bias over the last
// axis (biased variance, as torch's LayerNorm), and its gradients, in float64.
function rowStats(x: ArrayLike<number>, o: number, d: number, eps: number): { mean: number; inv: number } {
  let s = 0;
  for (let j = 0; j < d; j++) s += x[o + j];
  const mean = s / d;
  let v = 0;
  for (let j = 0; j < d; j++) v += (x[o + j] - mean) ** 2;
  return { mean, inv: 1 / Math.sqrt(v / d + eps) };
}

export function layerNormReference(x: ArrayLike<number>, gain: ArrayLike<number>, bias: ArrayLike<number>, rows: number, d: number, eps: number): Float64Array {
  const y = new Float64Array(rows * d);
  for (let r = 0; r < rows; r++) {
    const { mean, inv } = rowStats(x, r * d, d, eps);
    for (let j = 0; j < d; j++) y[r * d + j] = (x[r * d + j] - mean) * inv * gain[j] + bias[j];
  }
  return y;
}

/** dx = inv·(g·dy − mean(g·dy) − x̂·mean(g·dy·x̂)), dgain = Σ_rows dy·x̂, dbias = Σ_rows dy, with x̂ = (x − mean)·inv. */
export function layerNormGradReference(
  x: ArrayLike<number>,
  gain: ArrayLike<number>,
  dy: ArrayLike<number>,
  rows: number,
  d: number,
  eps: number,
): { dx: Float64Array; dgain: Float64Array; dbias: Float64Array } {
  const dx = new Float64Array(rows * d);
  const dgain = new Float64Array(d);
  const dbias = new Float64Array(d);
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    const { mean, inv } = rowStats(x, o, d, eps);
    let a = 0;
    let b = 0;
    for (let j = 0; j < d; j++) {
      const xh = (x[o + j] - mean) * inv;
      a += gain[j] * dy[o + j];
      b += gain[j] * dy[o + j] * xh;
    }
    for (let j = 0; j < d; j++) {
      const xh = (x[o + j] - mean) * inv;
      dx[o + j] = inv * (gain[j] * dy[o + j] - a / d - (xh * b) / d);
      dgain[j] += dy[o + j] * xh;
      dbias[j] += dy[o + j];
    }
  }
  return { dx, dgain, dbias };
}
