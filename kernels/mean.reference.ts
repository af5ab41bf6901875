// CPU reference for kernels/mean.ts: the mean in float64, and its gradient (every element dy / n).
export function meanReference(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

export function meanGradReference(n: number, dy: number): Float64Array {
  return new Float64Array(n).fill(dy / n);
}
