// Which backends a headless run (Node: `npm run experiment`, `npm run lessons`) may use, and the default.
// wasm is the default: on these 2-core machines it trained the flagship preset 7.4× faster than tfjs's
// cpu backend, and its curves match cpu's (tests/unit/model-backends.test.ts states the tolerance).
// webgpu needs Dawn's Node bindings and a Vulkan driver (node-webgpu.ts).
export const HEADLESS_BACKENDS = ['wasm', 'cpu', 'webgpu'] as const;
export type HeadlessBackend = (typeof HEADLESS_BACKENDS)[number];
export const DEFAULT_HEADLESS_BACKEND: HeadlessBackend = 'wasm';

export function isHeadlessBackend(name: string): name is HeadlessBackend {
  return (HEADLESS_BACKENDS as readonly string[]).includes(name);
}
