// Matmul v1: plain shared-memory tiling. C[batch, M, N] = op(A)[batch|1, M, K] · op(B)[batch|1, K, N].
// Each 16×16 workgroup computes one 16×16 tile of C, staging 16×16 tiles of A and B in workgroup
// memory so each input element is read from global memory once per tile instead of once per output.
// Kept beside v2 (matmul-register.ts) as the simplest correct kernel and the benchmark's baseline.

export const TILE = 16;

export function matmulTiledWGSL(transposeA: boolean, transposeB: boolean): string {
  return /* wgsl */ `
const TILE : i32 = ${TILE};
var<workgroup> tileA : array<array<f32, ${TILE}>, ${TILE}>;
var<workgroup> tileB : array<array<f32, ${TILE}>, ${TILE}>;

fn main() {
  let M = uniforms.M;
  let N = uniforms.N;
  let K = uniforms.K;
  let batch = i32(globalId.z);
  let row = i32(globalId.y);
  let col = i32(globalId.x);
  let ly = i32(localId.y);
  let lx = i32(localId.x);
  let aBase = select(0, batch, uniforms.batchA > 1) * M * K;
  let bBase = select(0, batch, uniforms.batchB > 1) * K * N;

  var acc = 0.0;
  let numTiles = (K + TILE - 1) / TILE;
  for (var t = 0; t < numTiles; t++) {
    // Out-of-range elements load as 0 so partial tiles need no special case in the inner loop.
    let aCol = t * TILE + lx;
    var av = 0.0;
    if (row < M && aCol < K) { av = A[aBase + ${transposeA ? 'aCol * M + row' : 'row * K + aCol'}]; }
    tileA[ly][lx] = av;
    let bRow = t * TILE + ly;
    var bv = 0.0;
    if (bRow < K && col < N) { bv = B[bBase + ${transposeB ? 'col * K + bRow' : 'bRow * N + col'}]; }
    tileB[ly][lx] = bv;
    workgroupBarrier();
    for (var p = 0; p < TILE; p++) {
      acc = acc + tileA[ly][p] * tileB[p][lx];
    }
    workgroupBarrier();
  }
  if (row < M && col < N) {
    result[(batch * M + row) * N + col] = acc;
  }
}
`;
}
