// Starts tfjs on the best backend this environment offers: webgpu, else webgl, else wasm, else cpu; or on
// the one named (the headless runs name wasm, see src/cli/experiment.ts). A WebGL that draws with a
// software renderer (SwiftShader, llvmpipe: no GPU behind it) goes after wasm, which trains faster on the
// CPU — measured in the browser by `npm run bench -- --only train` (docs/performance.md).
// Used by the page, the worker, the browser tests, the CLIs and the benchmarks alike.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { describeDevice, namesSoftware, type DeviceInfo } from './device-info.ts';
import { splitWideAddN } from './addn-split.ts';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface BackendChoice {
  backend: BackendName;
  /** Why each better backend was passed over, in order, e.g. "webgpu: navigator.gpu is missing". */
  fallbackReasons: string[];
  device: DeviceInfo | null;
}

/** Why a backend cannot start here, or null when it may be tried. */
async function precondition(name: BackendName): Promise<string | null> {
  if (name === 'wasm') {
    // Loaded only when asked for, so the page bundle does not carry the WebAssembly binaries.
    if (!tf.findBackendFactory('wasm')) {
      await import('@tensorflow/tfjs-backend-wasm');
      if (tf.env().getBool('IS_BROWSER')) (await import('./wasm-assets.ts')).useBundledWasm();
    }
    if (!tf.findBackendFactory('wasm')) return 'the tfjs WebAssembly backend did not register';
  }
  if (name === 'webgpu') {
    if (typeof navigator === 'undefined' || !('gpu' in navigator) || !navigator.gpu) {
      return 'this browser has no WebGPU (navigator.gpu is missing)';
    }
    if (!tf.findBackendFactory('webgpu')) return 'the tfjs WebGPU backend did not register';
  }
  if (name === 'webgl' && typeof document === 'undefined' && typeof OffscreenCanvas === 'undefined') {
    return 'no canvas to run WebGL on';
  }
  return null;
}

/** The renderer tfjs's active webgl backend draws with (unmasked where the browser allows), or null. */
export function webglRenderer(): string | null {
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
  if (!gl) return null;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

/**
 * Tries backends in order of preference (or only `only`), returning the first that starts.
 * Never throws for a missing GPU: the cpu backend always works.
 */
export async function startBestBackend(only?: BackendName): Promise<BackendChoice> {
  return startFirstOf(only ? [only] : BACKEND_ORDER);
}

/** Tries `preference` in order (a software WebGL moves behind a later wasm); the first that starts wins. */
export async function startFirstOf(preference: readonly BackendName[]): Promise<BackendChoice> {
  const order = [...preference];
  const fallbackReasons: string[] = [];
  for (let i = 0; i < order.length; i++) {
    const name = order[i];
    // A module that fails to load (offline, a blocked chunk) passes this backend over like any other reason.
    const blocked = await precondition(name).catch((err: unknown) => `could not load: ${err instanceof Error ? err.message : String(err)}`);
    if (blocked) {
      fallbackReasons.push(`${name}: ${blocked}`);
      continue;
    }
    let ok = false;
    try {
      ok = await tf.setBackend(name);
      if (ok) await tf.ready();
    } catch (err) {
      fallbackReasons.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    if (!ok) {
      fallbackReasons.push(`${name}: failed to initialise (no adapter or context)`);
      continue;
    }
    const wasmLater = order.indexOf('wasm', i + 1);
    const renderer = name === 'webgl' && wasmLater > i ? webglRenderer() : null;
    if (renderer !== null && namesSoftware(renderer) && !order.slice(0, i).includes('webgl')) {
      // Kept as the fallback should wasm not start.
      fallbackReasons.push(`webgl: draws with a software renderer (${renderer}); wasm trains faster on the CPU`);
      order.splice(wasmLater + 1, 0, 'webgl');
      continue;
    }
    if (name === 'webgpu') splitWideAddN();
    return { backend: name, fallbackReasons, device: name === 'webgpu' ? describeDevice(webgpuDevice()) : null };
  }
  throw new Error(`No tfjs backend could start: ${fallbackReasons.join('; ')}`);
}

/** The GPUDevice tfjs's WebGPU backend runs on; our kernels must share it. */
export function webgpuDevice(): GPUDevice {
  if (tf.getBackend() !== 'webgpu') throw new Error(`webgpu backend is not active (active: ${tf.getBackend()})`);
  const backend = tf.backend() as unknown as { device: GPUDevice; adapterInfo?: unknown };
  return backend.device;
}
