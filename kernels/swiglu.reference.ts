// CPU reference for kernels/swiglu.ts: the llama style's gated MLP activation SiLU(g)·u and its two
// partial derivatives, in float64.
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

export function swigluReference(gate: ArrayLike<number>, up: ArrayLike<number>): Float64Array {
  return Float64Array.from(gate, (g, i) => g * sigmoid(g) * up[i]);
}

/** dgate = dy·u·σ(g)·(1 + g·(1 − σ(g))),  dup = dy·g·σ(g). */
export function swigluGradReference(gate: ArrayLike<number>, up: ArrayLike<number>, dy: ArrayLike<number>): { dGate: Float64Array; dUp: Float64Array } {
  const dGate = Float64Array.from(gate, (g, i) => {
    const s = sigmoid(g);
    return dy[i] * up[i] * s * (1 + g * (1 - s));
  });
  const dUp = Float64Array.from(gate, (g, i) => dy[i] * g * sigmoid(g));
  return { dGate, dUp };
}
