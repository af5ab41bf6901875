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

/** A training batch as the device holds it: int32 token ids [rows, cols]. */
export interface BatchTensors {
  inputs: tf.Tensor2D;
  targets: tf.Tensor2D;
}

/**
 * A training batch's inputs and targets [rows, cols] as int32 tensors backed by buffers kept across
 * steps. The tensors are valid only until the next upload of a batch of the same shape, which overwrites
 * them: use them within one training step. The caller disposes them as any tensor (the buffers stay).
 */
export function uploadBatch(inputs: Int32Array, targets: Int32Array, shape: [number, number]): BatchTensors {
  for (const ids of [inputs, targets]) if (ids.length !== shape[0] * shape[1]) throw new Error(`uploadBatch: ${ids.length} ids for shape [${shape.join(', ')}]`);
  const backend = activeWebGPUBackend();
  // tfjs records passes and submits them in batches: passes of the last step that read these buffers
  // may not be submitted yet, and a write is ordered only after what was submitted before it. The open
  // compute pass must end first, or the command buffer is invalid and every pass in it is dropped. One
  // flush serves both writes.
  backend.endComputePassEncoder();
  backend.ensureCommandEncoderReady();
  backend.submitQueue();
  const write = (role: string, ids: Int32Array) => {
    const buffer = bufferFor(backend, `${role}-${ids.byteLength}`, ids.byteLength);
    backend.queue.writeBuffer(buffer, 0, ids as Int32Array<ArrayBuffer>); // batches are never in shared memory
    return tf.tensor({ buffer, zeroCopy: true }, shape, 'int32') as tf.Tensor2D;
  };
  return { inputs: write('inputs', inputs), targets: write('targets', targets) };
}
