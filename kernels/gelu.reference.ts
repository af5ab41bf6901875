// CPU reference for kernels/gelu.ts: GELU in its tanh form (Phi-1.5's gelu_new) and its derivative, float64.
const C = Math.sqrt(2 / Math.PI);
const A = 0.044715;

export function geluReference(x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x, (v) => 0.5 * v * (1 + Math.tanh(C * (v + A * v ** 3))));
}

/** dx = dy · gelu'(x), gelu'(x) = ½(1 + t) + ½·x·(1 − t²)·C·(1 + 3A·x²) with t = tanh(C·(x + A·x³)). */
export function geluGradReference(x: ArrayLike<number>, dy: ArrayLike<number>): Float64Array {
  return Float64Array.from(x, (v, i) => {
    const t = Math.tanh(C * (v + A * v ** 3));
    return dy[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * C * (1 + 3 * A * v * v));
  });
}
