// Our matmul on tfjs's WebGPU backend: C[batch, M, N] = op(A)[batch|1, M, K] · op(B)[batch|1, K, N],
// where op transposes the last two axes when asked (A stored [K, M], B stored [N, K]) — what the backward
// passes need (dA = dC·Bᵀ, dB = Aᵀ·dC) without materialising a transpose. Three versions, as in llm.c:
//   v1 matmul-tiled.ts    16×16 shared-memory tiles, one output per invocation
//   v2 matmul-register.ts 32×32 tiles, a 4×4 register block per invocation, vec4 loads where aligned
//   v3 matmul-blocked.ts  no tiles or barriers: a 4×4 block per invocation straight from the buffers
//                         (M, N, K multiples of 4; otherwise v3 runs as v2)
// All are tested against matmul.reference.ts and benchmarked against tf.matMul. The default is the
// measured best on the device: v3 on software adapters (SwiftShader: 1.6–3× v2 in `npm run bench`),
// v2 on hardware GPUs, where shared-memory tiles are what makes a matmul fast.
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { BM, BN, REGISTER_WORKGROUP, matmulRegisterWGSL, type OperandLayout } from './matmul-register.ts';
import { TILE, matmulTiledWGSL } from './matmul-tiled.ts';
import { BLOCK, BLOCKED_WORKGROUP, matmulBlockedWGSL } from './matmul-blocked.ts';
import { ceilDiv, i32, isSoftwareAdapter, runKernelProgram, type KernelProgram, type Uniform } from './program.ts';

export type MatmulVersion = 1 | 2 | 3;

/**
 * What a causal product lets a matmul skip (square products of causal attention, attention-matmul.ts).
 * v3 uses it; v1 and v2 compute everything, which is right too.
 *   'none'     nothing;
 *   'lower-c'  only C[i][j] with j ≤ i is wanted: blocks wholly above the diagonal are neither computed
 *              nor written (they hold whatever the buffer held);
 *   'lower-a'  op(A)[i][k] = 0 for k > i: the sum over k stops after the block's last row;
 *   'upper-a'  op(A)[i][k] = 0 for k < i: the sum over k starts at the block's first row.
 */
export type MatmulTriangle = 'none' | 'lower-c' | 'lower-a' | 'upper-a';
const TRIANGLES: readonly MatmulTriangle[] = ['none', 'lower-c', 'lower-a', 'upper-a'];

function shapeOf(x: tf.TensorInfo, name: string, transposed: boolean): { batch: number; rows: number; cols: number } {
  const s = x.shape;
  if (s.length === 2) return { batch: 1, rows: s[transposed ? 1 : 0], cols: s[transposed ? 0 : 1] };
  if (s.length === 3) return { batch: s[0], rows: s[transposed ? 2 : 1], cols: s[transposed ? 1 : 2] };
  throw new Error(`matmul: ${name} must be 2-D or 3-D, got shape [${x.shape.join(', ')}]`);
}

const flag = (t: boolean) => (t ? 'T' : 'N');

export function matmulProgram(
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA = false,
  transposeB = false,
  version: MatmulVersion = 2,
  triangle: MatmulTriangle = 'none',
): { program: KernelProgram; uniforms: Uniform[] } {
  const sa = shapeOf(a, 'A', transposeA);
  const sb = shapeOf(b, 'B', transposeB);
  if (sa.cols !== sb.rows) {
    throw new Error(`matmul: inner dimensions differ, A is [.., ${sa.rows}, ${sa.cols}] and B is [.., ${sb.rows}, ${sb.cols}]`);
  }
  if (sa.batch !== sb.batch && sa.batch !== 1 && sb.batch !== 1) {
    throw new Error(`matmul: batch sizes ${sa.batch} and ${sb.batch} do not broadcast`);
  }
  const batch = Math.max(sa.batch, sb.batch);
  const [m, k, n] = [sa.rows, sa.cols, sb.cols];
  const common = {
    variableNames: ['A', 'B'],
    outputShape: a.shape.length === 3 || b.shape.length === 3 ? [batch, m, n] : [m, n],
    uniforms: 'M : i32, N : i32, K : i32, batchA : i32, batchB : i32,',
  };
  // One entry per scalar: tfjs aligns each entry as a unit (a 5-long entry would be laid out as a vector).
  const uniforms = [m, n, k, sa.batch, sb.batch].map(i32);
  if (version === 1) {
    return {
      program: {
        ...common,
        shaderKey: `synthlab_matmul_v1_${flag(transposeA)}${flag(transposeB)}`,
        workgroupSize: [TILE, TILE, 1],
        dispatch: [ceilDiv(n, TILE), ceilDiv(m, TILE), batch],
        wgsl: matmulTiledWGSL(transposeA, transposeB),
      },
      uniforms,
    };
  }
  if (version === 3 && m % 4 === 0 && n % 4 === 0 && k % 4 === 0) {
    const orderA = transposeA ? 'kx' : 'xk';
    const orderB = transposeB ? 'xk' : 'kx';
    return {
      program: {
        ...common,
        uniforms: `${common.uniforms} triangle : i32,`,
        shaderKey: `synthlab_matmul_v3_${orderA}_${orderB}`,
        workgroupSize: BLOCKED_WORKGROUP,
        dispatch: [ceilDiv(n, BLOCK * BLOCKED_WORKGROUP[0]), ceilDiv(m, BLOCK * BLOCKED_WORKGROUP[1]), batch],
        variableComponents: [4, 4],
        outputComponent: 4,
        wgsl: matmulBlockedWGSL(orderA, orderB),
      },
      uniforms: [...uniforms, i32(TRIANGLES.indexOf(triangle))],
    };
  }
  // vec4 loads need the operand's contiguous axis to be a multiple of 4 (then every row starts aligned).
  const layoutA: OperandLayout = transposeA ? { order: 'kx', width: m % 4 === 0 ? 4 : 1 } : { order: 'xk', width: k % 4 === 0 ? 4 : 1 };
  const layoutB: OperandLayout = transposeB ? { order: 'xk', width: k % 4 === 0 ? 4 : 1 } : { order: 'kx', width: n % 4 === 0 ? 4 : 1 };
  const outWidth = n % 4 === 0 ? 4 : 1;
  return {
    program: {
      ...common,
      shaderKey: `synthlab_matmul_v2_${layoutA.order}${layoutA.width}_${layoutB.order}${layoutB.width}_o${outWidth}`,
      workgroupSize: REGISTER_WORKGROUP,
      dispatch: [ceilDiv(n, BN), ceilDiv(m, BM), batch],
      variableComponents: [layoutA.width, layoutB.width],
      outputComponent: outWidth,
      wgsl: matmulRegisterWGSL(layoutA, layoutB, outWidth),
    },
    uniforms,
  };
}

export const MATMUL_KERNEL_NAME = 'SynthlabMatMul';

/** The version a matmul runs when none is asked for: v3 on a software adapter, v2 on a GPU. */
export const preferredMatmulVersion = (backend: WebGPUBackend): MatmulVersion => (isSoftwareAdapter(backend) ? 3 : 2);

let registered = false;
/** Registers our matmul as a tfjs kernel on the webgpu backend (idempotent). */
export function registerMatmulKernel(): void {
  if (registered) return;
  tf.registerKernel({
    kernelName: MATMUL_KERNEL_NAME,
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      const at = attrs as unknown as { transposeA?: boolean; transposeB?: boolean; version?: MatmulVersion; triangle?: number };
      const webgpu = backend as unknown as WebGPUBackend;
      const version = at.version ?? preferredMatmulVersion(webgpu);
      const { program, uniforms } = matmulProgram(a, b, at.transposeA === true, at.transposeB === true, version, TRIANGLES[at.triangle ?? 0]);
      return runKernelProgram(webgpu, program, [a, b], uniforms);
    },
  });
  registered = true;
}

/** C = op(A) · op(B) on the WebGPU backend with our kernel (no gradient; see matmul-grad.ts); without a
 *  version, the device's preferred one; `triangle`, what a causal product may skip. */
export function matmul(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false, version?: MatmulVersion, triangle: MatmulTriangle = 'none'): tf.Tensor {
  registerMatmulKernel();
  const attrs: tf.NamedAttrMap = { transposeA, transposeB, triangle: TRIANGLES.indexOf(triangle) };
  if (version !== undefined) attrs.version = version;
  return tf.engine().runKernel(MATMUL_KERNEL_NAME, { a, b }, attrs) as tf.Tensor;
}
