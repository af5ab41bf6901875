// A deliberate hook for browser tests and fault drills, never a visible control: opening the lab with
// `?test-hooks` in the URL puts `window.synthlabTest` on the page. Through it a test reads the lab's state
// and sends the worker's fault drills (a NaN in a run's weights, a destroyed GPU device). Without the query
// parameter nothing is exposed. Documented in src/state/README.md.
import type { Lab } from './lab.svelte.ts';

export interface SynthlabTestHook {
  /** The setup, curves, phase, step and messages, as plain data. */
  snapshot: Lab['snapshot'];
  /** Poisons run `runId`'s weights with NaN before its next step (the runner must roll back). */
  injectNaN(runId: string): void;
  /** Destroys the worker's GPU device, as a driver reset would (the worker must resume elsewhere). */
  loseDevice(): void;
}

declare global {
  interface Window {
    synthlabTest?: SynthlabTestHook;
  }
}

export function installTestHooks(lab: Lab, search: string): boolean {
  if (!new URLSearchParams(search).has('test-hooks')) return false;
  window.synthlabTest = {
    snapshot: () => lab.snapshot(),
    injectNaN: (runId) => lab.send({ type: 'inject-nan', runId }),
    loseDevice: () => lab.send({ type: 'lose-device' }),
  };
  return true;
}
