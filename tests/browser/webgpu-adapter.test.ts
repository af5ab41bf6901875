import { describe, expect, it } from 'vitest';
import { requireWebGPU, tf } from '../helpers/webgpu.ts';

describe('WebGPU adapter in the headless browser', () => {
  it('starts tfjs on webgpu and reports the adapter and training limits', async () => {
    const device = await requireWebGPU();
    expect(tf.getBackend()).toBe('webgpu');
    expect(device.vendor).not.toBe('');
    expect(device.limits.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(128 * 1024 * 1024);
    expect(device.limits.maxComputeInvocationsPerWorkgroup).toBeGreaterThanOrEqual(256);
    console.log(`[webgpu] limits: ${JSON.stringify(device.limits)}`);
  });

  it('runs a stock tfjs op on the GPU', async () => {
    await requireWebGPU();
    const y = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5], [6]])));
    expect(Array.from(await y.data())).toEqual([17, 39]);
    y.dispose();
  });
});
