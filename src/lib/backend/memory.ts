// Memory figures for the device panel and the soak: tfjs's tensor count and bytes, the GPU bytes its
// WebGPU (or WebGL) backend reports, and the JS heap where the browser exposes it (Chromium only).
import * as tf from '@tensorflow/tfjs';
import type { MemoryFigures } from '../experiment/protocol.ts';

interface BackendMemory {
  numBytesInGPU?: number;
  /** WebGPU: bytes of every buffer in tfjs's pool, in use or kept for reuse. */
  numBytesAllocatedInGPU?: number;
  /** WebGL's name for the same figure. */
  numBytesInGPUAllocated?: number;
}

const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

export function memoryFigures(): MemoryFigures {
  const m = tf.memory() as tf.MemoryInfo & BackendMemory;
  const out: MemoryFigures = { tensors: m.numTensors, bytes: m.numBytes };
  const gpu = count(m.numBytesInGPU);
  const pool = count(m.numBytesAllocatedInGPU ?? m.numBytesInGPUAllocated);
  if (gpu !== undefined) out.gpuBytes = gpu;
  if (pool !== undefined) out.gpuBytesAllocated = pool;
  const heap = count((performance as Performance & { memory?: { usedJSHeapSize?: number } }).memory?.usedJSHeapSize);
  if (heap !== undefined) out.heapBytes = heap;
  return out;
}
