// Device-independent costs of GPU work, counted at the WebGPU API itself: every GPUDevice, queue, encoder
// and buffer the page uses goes through the prototypes patched here, tfjs's WebGPU backend and our fused
// kernels alike. Counts of passes, submissions, copies and allocations mean the same on SwiftShader and on
// a real GPU, where absolute times do not.

import { tap } from './gpu-tap.ts';

export interface GpuCounts {
  /** Compute dispatches (dispatchWorkgroups and dispatchWorkgroupsIndirect). */
  dispatches: number;
  /** queue.submit calls, and the command buffers they carried. */
  submits: number;
  commandBuffers: number;
  /** GPU→CPU readbacks: mapAsync for reading. */
  readbacks: number;
  /** CPU→GPU data uploads (writeBuffer into non-uniform buffers, buffers mapped at creation) and their bytes. */
  uploads: number;
  uploadBytes: number;
  /** writeBuffer into uniform buffers: the per-pass shape and scalar arguments. */
  uniformWrites: number;
  /** GPU-side buffer-to-buffer copies. */
  copies: number;
  pipelines: number;
  buffers: number;
  bufferBytes: number;
  bindGroups: number;
}

const ZERO: GpuCounts = { dispatches: 0, submits: 0, commandBuffers: 0, readbacks: 0, uploads: 0, uploadBytes: 0, uniformWrites: 0, copies: 0, pipelines: 0, buffers: 0, bufferBytes: 0, bindGroups: 0 };

const counts: GpuCounts = { ...ZERO };
/** Dispatches by the label of the pipeline they ran (tfjs labels a pipeline with its program's class name). */
const byProgram = new Map<string, number>();
const labels = new WeakMap<object, string>();
let current = '?';
let installed = false;

const labelOf = (args: unknown[]) => (args[0] as GPUComputePipelineDescriptor).label || 'unlabelled';
const dispatched = () => {
  counts.dispatches++;
  byProgram.set(current, (byProgram.get(current) ?? 0) + 1);
};

const bytesOf = (data: unknown, size: unknown): number => {
  if (typeof size === 'number') return size;
  return ArrayBuffer.isView(data) ? data.byteLength : data instanceof ArrayBuffer ? data.byteLength : 0;
};

/** Patches the WebGPU prototypes once; later calls are no-ops. Call before the backend creates its device's work. */
export function installGpuCounters(): void {
  if (installed || typeof GPUDevice === 'undefined') return;
  installed = true;
  tap(GPUComputePassEncoder.prototype, 'setPipeline', (_, args) => (current = labels.get(args[0] as object) ?? 'unlabelled'));
  tap(GPUComputePassEncoder.prototype, 'dispatchWorkgroups', dispatched);
  tap(GPUComputePassEncoder.prototype, 'dispatchWorkgroupsIndirect', dispatched);
  tap(GPUQueue.prototype, 'submit', (_, args) => {
    counts.submits++;
    counts.commandBuffers += Array.isArray(args[0]) ? args[0].length : 0;
  });
  tap(GPUQueue.prototype, 'writeBuffer', (_, args) => {
    const buffer = args[0] as GPUBuffer;
    // writeBuffer(buffer, offset, data, dataOffset?, size?): size counts elements of a typed array, so use the bytes.
    const bytes = bytesOf(args[2], undefined);
    if (buffer.usage & GPUBufferUsage.UNIFORM) counts.uniformWrites++;
    else {
      counts.uploads++;
      counts.uploadBytes += bytes;
    }
  });
  tap(GPUBuffer.prototype, 'mapAsync', (_, args) => {
    if ((args[0] as number) & GPUMapMode.READ) counts.readbacks++;
  });
  tap(GPUCommandEncoder.prototype, 'copyBufferToBuffer', () => counts.copies++);
  tap(GPUDevice.prototype, 'createComputePipeline', (_, args, pipeline) => {
    counts.pipelines++;
    labels.set(pipeline as object, labelOf(args));
  });
  tap(GPUDevice.prototype, 'createComputePipelineAsync', (_, args, pending) => {
    counts.pipelines++;
    void (pending as Promise<object>).then((pipeline) => labels.set(pipeline, labelOf(args)), () => {});
  });
  tap(GPUDevice.prototype, 'createBindGroup', () => counts.bindGroups++);
  tap(GPUDevice.prototype, 'createBuffer', (_, args) => {
    const d = args[0] as GPUBufferDescriptor;
    counts.buffers++;
    counts.bufferBytes += d.size;
    if (d.mappedAtCreation) {
      counts.uploads++;
      counts.uploadBytes += d.size;
    }
  });
}

/** The counts so far (a copy). */
export const gpuCounts = (): GpuCounts => ({ ...counts });

/** Dispatches so far by program (pipeline label), a copy. */
export const dispatchesByProgram = (): Map<string, number> => new Map(byProgram);

/** What happened between two snapshots. */
export function countsSince(before: GpuCounts, after: GpuCounts = gpuCounts()): GpuCounts {
  const out = { ...ZERO };
  for (const k of Object.keys(out) as Array<keyof GpuCounts>) out[k] = after[k] - before[k];
  return out;
}
