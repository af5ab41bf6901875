// CPU reference for kernels/matmul.ts: C[b] = A[b] · B[b or 0], accumulated in float64.
export interface MatmulShape {
  batchA: number;
  batchB: number;
  m: number;
  k: number;
  n: number;
}

export function matmulReference(a: Float32Array, b: Float32Array, s: MatmulShape): Float64Array {
  const batch = Math.max(s.batchA, s.batchB);
  const out = new Float64Array(batch * s.m * s.n);
  for (let bi = 0; bi < batch; bi++) {
    const aOff = (s.batchA > 1 ? bi : 0) * s.m * s.k;
    const bOff = (s.batchB > 1 ? bi : 0) * s.k * s.n;
    const cOff = bi * s.m * s.n;
    for (let i = 0; i < s.m; i++) {
      for (let j = 0; j < s.n; j++) {
        let acc = 0;
        for (let p = 0; p < s.k; p++) acc += a[aOff + i * s.k + p] * b[bOff + p * s.n + j];
        out[cOff + i * s.n + j] = acc;
      }
    }
  }
  return out;
}
