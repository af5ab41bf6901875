// Shared by every browser test that needs WebGPU: start tfjs on webgpu or fail loudly, never skip.
import * as tf from '@tensorflow/tfjs';
import { startBestBackend } from '../../src/lib/backend/select.ts';
import type { DeviceInfo } from '../../src/lib/backend/device-info.ts';

let started: Promise<DeviceInfo> | null = null;

export function requireWebGPU(): Promise<DeviceInfo> {
  started ??= (async () => {
    const choice = await startBestBackend('webgpu').catch((err: unknown) => {
      throw new Error(
        `No WebGPU adapter in this browser, so the GPU tests cannot run (they do not skip). ` +
          `Run Chromium with --enable-unsafe-webgpu; on a machine without a GPU it uses SwiftShader. ` +
          `Cause: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
    if (!choice.device) throw new Error('webgpu backend started without a device');
    console.log(`[webgpu] adapter: ${choice.device.vendor}/${choice.device.architecture} ${choice.device.description}`);
    return choice.device;
  })();
  return started;
}

/** A small deterministic PRNG for test data (mulberry32); values uniform in [-1, 1). */
export function randomArray(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}

export { tf };
