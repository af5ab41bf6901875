// CPU reference for kernels/sum-squares.ts: Σ x², in float64.
export function sumSquaresReference(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s;
}
