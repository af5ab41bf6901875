// Where a page or worker fetches tfjs's WebAssembly binaries: Vite serves each (and copies it into the
// build) at the URL it gives for `?url`. Browser only — Node finds them beside the package; select.ts
// imports this module only where tfjs's IS_BROWSER flag is set (pages and workers).
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/** Points the wasm backend at the binaries this build serves (call before it initialises). */
export function useBundledWasm(): void {
  setWasmPaths({ 'tfjs-backend-wasm.wasm': plain, 'tfjs-backend-wasm-simd.wasm': simd, 'tfjs-backend-wasm-threaded-simd.wasm': threadedSimd });
}
