// The training batch's token ids written into device buffers kept across steps, instead of a fresh
// tensor a step: tfjs uploads each new tensor through a staging buffer it creates (createBuffer +
// copy), so a step cost two buffers for its inputs and targets. Here a step writes the ids with
// queue.writeBuffer into the same two buffers and wraps them as tensors without a copy (zeroCopy).
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { activeWebGPUBackend } from './program.ts';

/** Buffers by device (a lost device's go with it), then by role and size. */
const arenas = new WeakMap<WebGPUBackend, Map<string, GPUBuffer>>();

function bufferFor(backend: WebGPUBackend, key: string, bytes: number): GPUBuffer {
  let arena = arenas.get(backend);
  if (!arena) arenas.set(backend, (arena = new Map()));
  let buffer = arena.get(key);
  if (!buffer) {
    // tfjs reads a tensor's buffer as storage and copies from it (readback, slices): it requires both.
    buffer = backend.device.createBuffer({ label: `synthlab-${key}`, size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    arena.set(key, buffer);
  }
  return buffer;
}

/**
 * Token ids [rows, cols] as an int32 tensor backed by the buffer kept for `role` (e.g. 'inputs'). The
 * tensor is only valid until the next call for the same role and shape, which overwrites it: use it
 * within one training step. The caller disposes it as any tensor (the buffer stays).
 */
export function uploadTokens(role: string, ids: Int32Array, shape: [number, number]): tf.Tensor2D {
  if (ids.length !== shape[0] * shape[1]) throw new Error(`uploadTokens: ${ids.length} ids for shape [${shape.join(', ')}]`);
  const backend = activeWebGPUBackend();
  const buffer = bufferFor(backend, `${role}-${ids.byteLength}`, ids.byteLength);
  // tfjs records passes and submits them in batches: passes of the last step that read this buffer
  // may not be submitted yet, and a write is ordered only after what was submitted before it. The open
  // compute pass must end first, or the command buffer is invalid and every pass in it is dropped.
  backend.endComputePassEncoder();
  backend.ensureCommandEncoderReady();
  backend.submitQueue();
  backend.queue.writeBuffer(buffer, 0, ids as Int32Array<ArrayBuffer>); // batches are never in shared memory
  return tf.tensor({ buffer, zeroCopy: true }, shape, 'int32') as tf.Tensor2D;
}
