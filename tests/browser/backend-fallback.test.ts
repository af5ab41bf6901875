// The page's backend order when WebGPU is missing (src/lib/backend/select.ts): WebGL, unless it draws
// with a software renderer, in which case wasm goes first (it trains faster on the CPU: docs/performance.md)
// and WebGL stays as wasm's fallback. On this machine WebGL is Chromium's SwiftShader.
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { startBestBackend, startFirstOf, webglRenderer } from '../../src/lib/backend/select.ts';
import { namesSoftware } from '../../src/lib/backend/device-info.ts';

describe('backend fallback without WebGPU', () => {
  afterAll(async () => {
    await startBestBackend('webgpu').catch(() => undefined);
  });

  it('names the WebGL renderer, and a software one goes behind wasm', async () => {
    const alone = await startFirstOf(['webgl', 'cpu']);
    expect(alone.backend).toBe('webgl'); // no wasm after it: WebGL is kept, software or not
    const renderer = webglRenderer();
    expect(renderer).toBeTruthy();
    const choice = await startFirstOf(['webgl', 'wasm', 'cpu']);
    if (namesSoftware(renderer!)) {
      expect(choice.backend).toBe('wasm');
      expect(choice.fallbackReasons.join('; ')).toMatch(/webgl: draws with a software renderer .*wasm trains faster/);
    } else {
      expect(choice.backend).toBe('webgl');
    }
  });

  it('runs on the wasm backend in the page (its binaries are served by the build)', async () => {
    const choice = await startFirstOf(['wasm']);
    expect(choice.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const y = tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2]));
    expect(Array.from(await y.data())).toEqual([19, 22, 43, 50]);
    y.dispose();
  });

  // Last: it unregisters wasm. A software WebGL deferred behind a wasm that cannot start is started again.
  it('keeps WebGL as the fallback when wasm cannot start', async () => {
    const renderer = (await startFirstOf(['webgl'])) && webglRenderer();
    tf.removeBackend('wasm');
    const choice = await startFirstOf(['webgl', 'wasm', 'cpu']);
    expect(choice.backend).toBe('webgl');
    const reasons = choice.fallbackReasons.join('; ');
    expect(reasons).toMatch(/wasm: the tfjs WebAssembly backend did not register/);
    if (namesSoftware(renderer!)) expect(reasons).toMatch(/webgl: draws with a software renderer/);
  });

  it('tells software renderers from hardware ones by name', () => {
    expect(namesSoftware('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe(true);
    expect(namesSoftware('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(namesSoftware('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe(false);
  });
});
