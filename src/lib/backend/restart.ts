// After a GPU device is lost (driver reset, GPU process crash, a destroyed device), tfjs's webgpu
// backend is dead and its registration is gone with it. This registers a fresh factory (same limits
// tfjs asks for) and starts on a new device, or falls back to webgl / wasm / cpu, without a page reload.
import * as tf from '@tensorflow/tfjs';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { startBestBackend, type BackendChoice } from './select.ts';

async function newWebGPUBackend(): Promise<WebGPUBackend> {
  const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('no WebGPU adapter after the device was lost');
  const l = adapter.limits;
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
    },
  });
  return new WebGPUBackend(device, adapter.info);
}

/** Drops the dead backend and starts the best one available again. */
export async function restartBackend(): Promise<BackendChoice> {
  const dead = tf.getBackend();
  try {
    tf.removeBackend(dead);
  } catch {
    // Disposing a backend whose device is gone can throw; the registry entry is removed regardless.
  }
  if (dead === 'webgpu' || !tf.findBackendFactory('webgpu')) {
    if (typeof navigator !== 'undefined' && navigator.gpu) tf.registerBackend('webgpu', newWebGPUBackend, 3);
  }
  return startBestBackend();
}

/** Resolves with a reason when the active WebGPU device is lost; never resolves on other backends. */
export function deviceLost(): Promise<string> {
  if (tf.getBackend() !== 'webgpu') return new Promise(() => {});
  const device = (tf.backend() as unknown as { device: GPUDevice }).device;
  return device.lost.then((info) => `${info.reason === 'destroyed' ? 'the device was destroyed' : 'the GPU device was lost'}${info.message ? `: ${info.message}` : ''}`);
}
