// Tiled matmul in WGSL: C[batch, M, N] = op(A)[batch|1, M, K] · op(B)[batch|1, K, N], where op transposes
// the last two axes when asked (A stored [K, M], B stored [N, K]) — what the backward passes need
// (dA = dC·Bᵀ, dB = Aᵀ·dC) without materialising a transpose. The flags are compile-time variants.
// Each 16×16 workgroup computes one 16×16 tile of C, staging 16×16 tiles of A and B in workgroup
// memory so each input element is read from global memory once per tile instead of once per output.
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { ceilDiv, runKernelProgram, type KernelProgram } from './program.ts';

export const MATMUL_TILE = 16;

export function matmulWGSL(tile: number, transposeA = false, transposeB = false): string {
  return /* wgsl */ `
const TILE : i32 = ${tile};
var<workgroup> tileA : array<array<f32, ${tile}>, ${tile}>;
var<workgroup> tileB : array<array<f32, ${tile}>, ${tile}>;

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

function shapeOf(x: tf.TensorInfo, name: string, transposed = false): { batch: number; rows: number; cols: number } {
  const s = x.shape;
  if (s.length === 2) return { batch: 1, rows: s[transposed ? 1 : 0], cols: s[transposed ? 0 : 1] };
  if (s.length === 3) return { batch: s[0], rows: s[transposed ? 2 : 1], cols: s[transposed ? 1 : 2] };
  throw new Error(`matmul: ${name} must be 2-D or 3-D, got shape [${x.shape.join(', ')}]`);
}

export function matmulProgram(
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  tile = MATMUL_TILE,
  transposeA = false,
  transposeB = false,
): { program: KernelProgram; uniforms: { type: 'int32'; data: number[] }[] } {
  const sa = shapeOf(a, 'A', transposeA);
  const sb = shapeOf(b, 'B', transposeB);
  if (sa.cols !== sb.rows) {
    throw new Error(`matmul: inner dimensions differ, A is [.., ${sa.rows}, ${sa.cols}] and B is [.., ${sb.rows}, ${sb.cols}]`);
  }
  if (sa.batch !== sb.batch && sa.batch !== 1 && sb.batch !== 1) {
    throw new Error(`matmul: batch sizes ${sa.batch} and ${sb.batch} do not broadcast`);
  }
  const batch = Math.max(sa.batch, sb.batch);
  const m = sa.rows;
  const n = sb.cols;
  const rank3 = a.shape.length === 3 || b.shape.length === 3;
  return {
    program: {
      shaderKey: `synthlab_matmul_t${tile}_${transposeA ? 'T' : 'N'}${transposeB ? 'T' : 'N'}`,
      variableNames: ['A', 'B'],
      outputShape: rank3 ? [batch, m, n] : [m, n],
      workgroupSize: [tile, tile, 1],
      dispatch: [ceilDiv(n, tile), ceilDiv(m, tile), batch],
      uniforms: 'M : i32, N : i32, K : i32, batchA : i32, batchB : i32,',
      wgsl: matmulWGSL(tile, transposeA, transposeB),
    },
    // One entry per scalar: tfjs aligns each entry as a unit (a 5-long entry would be laid out as a vector).
    uniforms: [m, n, sa.cols, sa.batch, sb.batch].map((v) => ({ type: 'int32' as const, data: [v] })),
  };
}

export const MATMUL_KERNEL_NAME = 'SynthlabMatMul';

let registered = false;
/** Registers our matmul as a tfjs kernel on the webgpu backend (idempotent). */
export function registerMatmulKernel(): void {
  if (registered) return;
  tf.registerKernel({
    kernelName: MATMUL_KERNEL_NAME,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      const { transposeA, transposeB } = attrs as unknown as { transposeA?: boolean; transposeB?: boolean };
      const { program, uniforms } = matmulProgram(a, b, MATMUL_TILE, transposeA === true, transposeB === true);
      return runKernelProgram(backend as unknown as WebGPUBackend, program, [a, b], uniforms);
    },
  });
  registered = true;
}

/** C = op(A) · op(B) on the WebGPU backend with our tiled kernel (no gradient; see matmul-grad.ts). */
export function matmul(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor {
  registerMatmulKernel();
  return tf.engine().runKernel(MATMUL_KERNEL_NAME, { a, b }, { transposeA, transposeB }) as tf.Tensor;
}
