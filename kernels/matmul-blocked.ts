// Matmul v3: no workgroup memory, no barriers. C[batch, M, N] = op(A)·op(B), the same contract as v1/v2,
// for M, N and K all multiples of 4 (matmul.ts falls back to v2 otherwise). Each invocation owns a 4×4
// block of C and walks K four at a time: four vec4 loads of A and four of B make two 4×4 matrices, and
// one mat4x4 product adds their 64 multiply-adds to the block. Why a version without tiles: on a
// software adapter (SwiftShader) a workgroup barrier suspends and resumes every invocation of the
// workgroup, and workgroup memory is ordinary memory behind the same caches as the buffers, so v2's
// staging costs more than it saves there. On a hardware GPU v2's shared tiles are the better bet.

/** Output rows and columns per invocation. */
export const BLOCK = 4;
export const BLOCKED_WORKGROUP: [number, number, number] = [8, 8, 1];

/**
 * The 4×4 block of op(X) that one K-step reads, as a mat4x4 whose column index is the product's inner
 * index: for A, column k holds A[r..r+3][k0 + k]; for B, column j holds B[k0..k0+3][c + j].
 * 'xk' stores [X, K] (A as is, Bᵀ), 'kx' stores [K, X] (Aᵀ, B); a vec4 load runs along the stored
 * row, so two of the four cases load the transpose of what the product wants.
 */
function loadBlock(src: 'A' | 'B', order: 'xk' | 'kx'): string {
  const base = src === 'A' ? 'aBase' : 'bBase';
  const x = src === 'A' ? 'r' : 'c';
  const extent = src === 'A' ? 'M' : 'N';
  if (order === 'xk') {
    // Row x+i of the stored [X, K] matrix, k0..k0+3: for A that is row i of the block (transpose it);
    // for B (stored as Bᵀ) it is column i of the block as it is.
    const rows = [0, 1, 2, 3].map((i) => `${src}[(${base} + (${x} + ${i}) * K + k0) / 4]`).join(', ');
    return src === 'A' ? `transpose(mat4x4<f32>(${rows}))` : `mat4x4<f32>(${rows})`;
  }
  // Row k0+k of the stored [K, X] matrix, x..x+3: for A that is column k of the block; for B row k.
  const rows = [0, 1, 2, 3].map((k) => `${src}[(${base} + (k0 + ${k}) * ${extent} + ${x}) / 4]`).join(', ');
  return src === 'A' ? `mat4x4<f32>(${rows})` : `transpose(mat4x4<f32>(${rows}))`;
}

export function matmulBlockedWGSL(orderA: 'xk' | 'kx', orderB: 'xk' | 'kx'): string {
  return /* wgsl */ `
fn main() {
  let M = uniforms.M;
  let N = uniforms.N;
  let K = uniforms.K;
  let c = i32(globalId.x) * ${BLOCK};
  let r = i32(globalId.y) * ${BLOCK};
  let batch = i32(globalId.z);
  if (r >= M || c >= N) { return; }
  // matmul.ts MatmulTriangle: 1 skips blocks above the diagonal, 2 and 3 shorten the sum over K (r is a
  // multiple of 4, so the sum still walks whole steps of 4).
  if (uniforms.triangle == 1 && c >= r + ${BLOCK}) { return; }
  let kStart = select(0, r, uniforms.triangle == 3);
  let kEnd = select(K, min(K, r + ${BLOCK}), uniforms.triangle == 2);
  let aBase = select(0, batch, uniforms.batchA > 1) * M * K;
  let bBase = select(0, batch, uniforms.batchB > 1) * K * N;

  // acc[j] holds C[r..r+3][c + j].
  var acc = mat4x4<f32>();
  for (var k0 = kStart; k0 < kEnd; k0 += 4) {
    acc = acc + ${loadBlock('A', orderA)} * ${loadBlock('B', orderB)};
  }
  let rows = transpose(acc);
  for (var i = 0; i < 4; i++) {
    result[((batch * M + r + i) * N + c) / 4] = rows[i];
  }
}
`;
}
