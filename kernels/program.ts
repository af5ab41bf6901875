// A thin layer over tfjs-webgpu's program API, so each kernel file holds only its WGSL and its shapes.
// tfjs prepends bindings to our WGSL: `result` (output, binding 0), one read-only storage array per
// entry of `variableNames` (A, B, ...), and a `uniforms` struct that ends with our own `uniforms` fields.
// It also defines the private globals localId, globalId, workgroupId, numWorkgroups and localIndex.
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { describeDevice } from '../src/lib/backend/device-info.ts';

export type Uniform = { type: 'int32' | 'float32' | 'uint32'; data: number[] };

export interface KernelProgram {
  /** Unique per WGSL source variant: tfjs caches compiled pipelines by it (plus shapes). */
  shaderKey: string;
  variableNames: string[];
  outputShape: number[];
  workgroupSize: [number, number, number];
  dispatch: [number, number, number];
  /** WGSL struct fields appended to tfjs's Uniforms struct, e.g. "M : i32, N : i32,". */
  uniforms?: string;
  /** WGSL source defining `fn main()` (and any helpers and workgroup arrays it needs). */
  wgsl: string;
  /** Elements per array entry for each input (4 binds it as array<vec4<f32>>); default 1. */
  variableComponents?: number[];
  /** Elements per entry of `result`; default 1. */
  outputComponent?: number;
}

/**
 * One of our kernels as tfjs's program object. A class of its own because tfjs labels each compiled
 * pipeline with its program's constructor name, and the bench's dispatch counts (bench/browser/
 * gpu-counters.ts) tell our kernels from tfjs's programs by that label.
 */
class SynthlabKernel implements WebGPUProgram {
  shaderKey: string;
  variableNames: string[];
  outputShape: number[];
  workgroupSize: [number, number, number];
  dispatch: [number, number, number];
  dispatchLayout: { x: number[]; y: number[]; z: number[] };
  uniforms?: string;
  variableComponents?: number[];
  outputComponent?: number;
  private readonly wgsl: string;
  constructor(k: KernelProgram) {
    this.shaderKey = k.shaderKey;
    this.variableNames = k.variableNames;
    this.outputShape = k.outputShape;
    this.workgroupSize = k.workgroupSize;
    this.dispatch = k.dispatch;
    // A 3-D layout makes tfjs call our `fn main()` with no index argument.
    this.dispatchLayout = { x: [k.outputShape.length - 1], y: [Math.max(0, k.outputShape.length - 2)], z: [0] };
    this.uniforms = k.uniforms;
    this.variableComponents = k.variableComponents;
    this.outputComponent = k.outputComponent;
    this.wgsl = k.wgsl;
  }
  getUserCode(): string {
    // The key as a comment names the shader in tools that read the WGSL (the bench's step anatomy).
    return `// ${this.shaderKey}\n${this.wgsl}`;
  }
}

export function toWebGPUProgram(k: KernelProgram): WebGPUProgram {
  return new SynthlabKernel(k);
}

export function activeWebGPUBackend(): WebGPUBackend {
  if (tf.getBackend() !== 'webgpu') {
    throw new Error(`this kernel needs the webgpu backend; the active backend is ${tf.getBackend()}`);
  }
  return tf.backend() as unknown as WebGPUBackend;
}

/** Runs a kernel on tfjs's device and buffers; the result stays on the GPU until someone reads it. */
export function runKernelProgram(
  backend: WebGPUBackend,
  k: KernelProgram,
  inputs: tf.TensorInfo[],
  uniforms: Uniform[] = [],
): tf.TensorInfo {
  return backend.runWebGPUProgram(toWebGPUProgram(k), inputs, 'float32', uniforms);
}

const software = new WeakMap<WebGPUBackend, boolean>();
/**
 * Whether the backend's device is a software adapter (SwiftShader). There a workgroup's invocations run
 * as coroutines that each barrier suspends and resumes, and workgroup memory is the same cached memory as
 * the buffers, so kernels with a barrier-free variant (matmul v3, the norms by row) pick it.
 */
export function isSoftwareAdapter(backend: WebGPUBackend): boolean {
  let s = software.get(backend);
  if (s === undefined) software.set(backend, (s = describeDevice(backend.device).isSoftware));
  return s;
}

/** Number of elements of a tensor (every kernel checks its inputs' sizes against each other). */
export const elementCount = (t: tf.TensorInfo): number => tf.util.sizeFromShape(t.shape);

export function ceilDiv(a: number, b: number): number {
  return Math.floor((a + b - 1) / b);
}

export type KernelAttrs = Record<string, number | boolean>;
export type KernelImpl = (inputs: Record<string, tf.TensorInfo>, attrs: KernelAttrs, backend: WebGPUBackend) => tf.TensorInfo;

const registeredKernels = new Set<string>();

/** Registers `impl` as tfjs kernel `name` on the webgpu backend once, then runs it through the engine
 *  (so the output is an ordinary tracked tensor that tidy/dispose manage). */
export function runRegisteredKernel(name: string, impl: KernelImpl, inputs: Record<string, tf.Tensor>, attrs: KernelAttrs = {}): tf.Tensor {
  if (!registeredKernels.has(name)) {
    tf.registerKernel({
      kernelName: name,
      backendName: 'webgpu',
      kernelFunc: ({ inputs: ins, attrs: at, backend }) =>
        impl(ins as Record<string, tf.TensorInfo>, (at ?? {}) as KernelAttrs, backend as unknown as WebGPUBackend),
    });
    registeredKernels.add(name);
  }
  activeWebGPUBackend();
  return tf.engine().runKernel(name, inputs as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/** Max workgroups per grid dimension guaranteed by WebGPU. */
export const MAX_GRID = 65535;

/** Spreads `n` workgroups over x and y so no dimension exceeds the WebGPU limit; kernels recover the
 *  linear id as `workgroupId.y * numWorkgroups.x + workgroupId.x` and skip ids ≥ n. */
export function linearGrid(n: number): [number, number, number] {
  const x = Math.min(Math.max(n, 1), MAX_GRID);
  return [x, ceilDiv(Math.max(n, 1), x), 1];
}

export const i32 = (v: number): Uniform => ({ type: 'int32', data: [v] });
export const f32 = (v: number): Uniform => ({ type: 'float32', data: [v] });
