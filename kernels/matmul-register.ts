// Matmul v2: register tiling and vectorised loads. C[batch, M, N] = op(A)·op(B), the same contract as v1.
// A workgroup of 8×8 invocations computes a 32×32 tile of C; each invocation owns a 4×4 block of it in
// registers (four vec4 accumulators), so every value read from workgroup memory feeds 4 multiply-adds
// instead of 1 in v1. Global loads are vec4 wherever the operand's contiguous axis is a multiple of 4
// (the buffers are then bound as array<vec4<f32>>); otherwise the same code runs with scalar loads.
// Partial tiles load zeros, so any M, N, K works.

/** How one operand is laid out in memory relative to the tile it feeds. */
export interface OperandLayout {
  /** 'xk': stored [X, K] with K contiguous (A as is, Bᵀ); 'kx': stored [K, X] with X contiguous (Aᵀ, B). */
  order: 'xk' | 'kx';
  /** Elements per global load: 4 when the contiguous axis is a multiple of 4, else 1. */
  width: 1 | 4;
}

export const BM = 32;
export const BN = 32;
const BK = 16;
const THREADS_X = 8; // BN / 4
const THREADS_Y = 8; // BM / 4
const THREADS = THREADS_X * THREADS_Y;
export const REGISTER_WORKGROUP: [number, number, number] = [THREADS_X, THREADS_Y, 1];

/**
 * WGSL that stages a BK×BX tile of operand `src` into workgroup array `tile` (indexed [k][x]).
 * X is the operand's non-K extent (M for A, N for B); x0 the tile's first x; base the batch offset.
 */
function stageTile(src: string, tile: string, bx: number, extentX: string, layout: OperandLayout): string {
  const w = layout.width;
  const loads = (BK * bx) / w; // vector loads per tile
  const perThread = loads / THREADS;
  const lanes = w === 1 ? ['v'] : ['v.x', 'v.y', 'v.z', 'v.w'];
  const zero = w === 1 ? '0.0' : 'vec4<f32>(0.0)';
  // For 'xk' a vector runs along k (its lanes fill consecutive k rows of the tile); for 'kx' along x.
  const body =
    layout.order === 'xk'
      ? `
      let x = e / ${BK / w};
      let k = (e % ${BK / w}) * ${w};
      var v = ${zero};
      if (x0 + x < ${extentX} && t + k < K) { v = ${src}[(base + (x0 + x) * K + t + k) / ${w}]; }
      ${lanes.map((lane, j) => `${tile}[k + ${j}][x] = ${lane};`).join('\n      ')}`
      : `
      let k = e / ${bx / w};
      let x = (e % ${bx / w}) * ${w};
      var v = ${zero};
      if (t + k < K && x0 + x < ${extentX}) { v = ${src}[(base + (t + k) * ${extentX} + x0 + x) / ${w}]; }
      ${lanes.map((lane, j) => `${tile}[k][x + ${j}] = ${lane};`).join('\n      ')}`;
  return `
  {
    let base = ${src === 'A' ? 'aBase' : 'bBase'};
    let x0 = ${src === 'A' ? 'row0' : 'col0'};
    for (var i = 0; i < ${perThread}; i++) {
      let e = tid + i * ${THREADS};${body}
    }
  }`;
}

export function matmulRegisterWGSL(a: OperandLayout, b: OperandLayout, outWidth: 1 | 4): string {
  const store =
    outWidth === 4
      ? `
    let col = col0 + tx * 4;
    if (row < M && col < N) { result[((batch * M + row) * N + col) / 4] = acc[i]; }`
      : `
    for (var j = 0; j < 4; j++) {
      let col = col0 + tx * 4 + j;
      if (row < M && col < N) { result[(batch * M + row) * N + col] = acc[i][j]; }
    }`;
  return /* wgsl */ `
var<workgroup> As : array<array<f32, ${BM}>, ${BK}>;
var<workgroup> Bs : array<array<f32, ${BN}>, ${BK}>;

fn main() {
  let M = uniforms.M;
  let N = uniforms.N;
  let K = uniforms.K;
  let tx = i32(localId.x);
  let ty = i32(localId.y);
  let tid = ty * ${THREADS_X} + tx;
  let batch = i32(workgroupId.z);
  let row0 = i32(workgroupId.y) * ${BM};
  let col0 = i32(workgroupId.x) * ${BN};
  let aBase = select(0, batch, uniforms.batchA > 1) * M * K;
  let bBase = select(0, batch, uniforms.batchB > 1) * K * N;

  // acc[i] holds C[row0 + ty*4 + i][col0 + tx*4 .. +3].
  var acc : array<vec4<f32>, 4>;
  for (var t = 0; t < K; t += ${BK}) {${stageTile('A', 'As', BM, 'M', a)}${stageTile('B', 'Bs', BN, 'N', b)}
    workgroupBarrier();
    for (var k = 0; k < ${BK}; k++) {
      let bv = vec4<f32>(Bs[k][tx * 4], Bs[k][tx * 4 + 1], Bs[k][tx * 4 + 2], Bs[k][tx * 4 + 3]);
      acc[0] = fma(vec4<f32>(As[k][ty * 4]), bv, acc[0]);
      acc[1] = fma(vec4<f32>(As[k][ty * 4 + 1]), bv, acc[1]);
      acc[2] = fma(vec4<f32>(As[k][ty * 4 + 2]), bv, acc[2]);
      acc[3] = fma(vec4<f32>(As[k][ty * 4 + 3]), bv, acc[3]);
    }
    workgroupBarrier();
  }
  for (var i = 0; i < 4; i++) {
    let row = row0 + ty * 4 + i;${store}
  }
}
`;
}
