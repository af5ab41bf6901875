// CPU reference for kernels/rms-norm.ts: y = x / sqrt(mean(x²) + eps) · gain, and its gradients, float64.
export function rmsNormReference(x: ArrayLike<number>, gain: ArrayLike<number>, rows: number, d: number, eps: number): Float64Array {
  const y = new Float64Array(rows * d);
  for (let r = 0; r < rows; r++) {
    const inv = invRms(x, r * d, d, eps);
    for (let j = 0; j < d; j++) y[r * d + j] = x[r * d + j] * inv * gain[j];
  }
  return y;
}

export function rmsNormGradReference(
  x: ArrayLike<number>,
  gain: ArrayLike<number>,
  dy: ArrayLike<number>,
  rows: number,
  d: number,
  eps: number,
): { dx: Float64Array; dgain: Float64Array } {
  const dx = new Float64Array(rows * d);
  const dgain = new Float64Array(d);
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    const inv = invRms(x, o, d, eps);
    let dot = 0;
    for (let j = 0; j < d; j++) dot += dy[o + j] * gain[j] * x[o + j];
    for (let j = 0; j < d; j++) {
      dx[o + j] = inv * gain[j] * dy[o + j] - (x[o + j] * inv * inv * inv * dot) / d;
      dgain[j] += dy[o + j] * x[o + j] * inv;
    }
  }
  return { dx, dgain };
}

function invRms(x: ArrayLike<number>, o: number, d: number, eps: number): number {
  let ss = 0;
  for (let j = 0; j < d; j++) ss += x[o + j] * x[o + j];
  return 1 / Math.sqrt(ss / d + eps);
}
