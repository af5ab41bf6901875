// WebGPU in plain Node (headless runner, benchmarks) through Dawn's Node bindings (npm `webgpu`).
// On a machine without a GPU, Dawn needs a software Vulkan: the SwiftShader that ships inside
// Debian's chromium package works. Both variables must be set before Node starts (the dynamic loader
// reads them once), so callers that need them re-launch themselves with `webgpuChildEnv()`.
import { existsSync } from 'node:fs';

const CHROMIUM_DIR = '/usr/lib/chromium';
const SWIFTSHADER_ICD = `${CHROMIUM_DIR}/vk_swiftshader_icd.json`;

/** Environment for a child process that should find a Vulkan driver: a real one if present, else SwiftShader. */
export function webgpuChildEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (base.VK_ICD_FILENAMES || !existsSync(SWIFTSHADER_ICD)) return base;
  const hasSystemVulkan = ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1'].some(existsSync);
  return {
    ...base,
    // A GPU machine has the system loader and its driver's ICD; only fall back to SwiftShader without one.
    ...(hasSystemVulkan ? {} : { VK_ICD_FILENAMES: SWIFTSHADER_ICD, LD_LIBRARY_PATH: [CHROMIUM_DIR, base.LD_LIBRARY_PATH].filter(Boolean).join(':') }),
    XDG_RUNTIME_DIR: base.XDG_RUNTIME_DIR ?? '/tmp',
  };
}

/** True when this process was started with an environment in which Dawn can find a Vulkan driver. */
export function webgpuEnvReady(env: NodeJS.ProcessEnv = process.env): boolean {
  return webgpuChildEnv(env) === env;
}

/** Installs navigator.gpu and the WebGPU globals from Dawn, so tfjs-backend-webgpu can register. */
export async function installNodeWebGPU(): Promise<void> {
  if (typeof navigator !== 'undefined' && 'gpu' in navigator && navigator.gpu) return;
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]) }, configurable: true, writable: true });
}
