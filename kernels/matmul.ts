// Tiled matmul in WGSL: C[batch, M, N] = A[batch|1, M, K] · B[batch|1, K, N].
// Each 16×16 workgroup computes one 16×16 tile of C, staging 16×16 tiles of A and B in workgroup
// memory so each input element is read from global memory once per tile instead of once per output.
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { ceilDiv, runKernelProgram, type KernelProgram } from './program.ts';

export const MATMUL_TILE = 16;

export function matmulWGSL(tile: number): string {
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
    if (row < M && aCol < K) { av = A[aBase + row * K + aCol]; }
    tileA[ly][lx] = av;
    let bRow = t * TILE + ly;
    var bv = 0.0;
    if (bRow < K && col < N) { bv = B[bBase + bRow * N + col]; }
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

function shapeOf(x: tf.TensorInfo, name: string): { batch: number; rows: number; cols: number } {
  if (x.shape.length === 2) return { batch: 1, rows: x.shape[0], cols: x.shape[1] };
  if (x.shape.length === 3) return { batch: x.shape[0], rows: x.shape[1], cols: x.shape[2] };
  throw new Error(`matmul: ${name} must be 2-D or 3-D, got shape [${x.shape.join(', ')}]`);
}

export function matmulProgram(a: tf.TensorInfo, b: tf.TensorInfo, tile = MATMUL_TILE): { program: KernelProgram; uniforms: { type: 'int32'; data: number[] }[] } {
  const sa = shapeOf(a, 'A');
  const sb = shapeOf(b, 'B');
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
      shaderKey: `synthlab_matmul_t${tile}`,
      variableNames: ['A', 'B'],
      outputShape: rank3 ? [batch, m, n] : [m, n],
      workgroupSize: [tile, tile, 1],
      dispatch: [ceilDiv(n, tile), ceilDiv(m, tile), batch],
      uniforms: 'M : i32, N : i32, K : i32, batchA : i32, batchB : i32,',
      wgsl: matmulWGSL(tile),
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
    kernelFunc: ({ inputs, backend }) => {
      const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      const { program, uniforms } = matmulProgram(a, b);
      return runKernelProgram(backend as unknown as WebGPUBackend, program, [a, b], uniforms);
    },
  });
  registered = true;
}

/** C = A · B on the WebGPU backend with our tiled kernel; inputs and output stay on the GPU. */
export function matmul(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  registerMatmulKernel();
  return tf.engine().runKernel(MATMUL_KERNEL_NAME, { a, b }, {}) as tf.Tensor;
}
