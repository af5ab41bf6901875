// Entry of the in-browser benchmark page: runs the requested sections and leaves the results on
// `window.__benchResult` for bench/run.ts (Playwright) to collect.
import { startBestBackend } from '../../src/lib/backend/select.ts';
import type { BenchSection } from '../types.ts';
import { matmulBench } from './matmul.bench.ts';
import { kernelsBench } from './kernels.bench.ts';
import { trainBench } from './train.bench.ts';
import { stylesBench } from './styles.bench.ts';
import { countersBench } from './counters.bench.ts';
import { anatomyBench } from './anatomy.bench.ts';
import type { BrowserBenchName } from './names.ts';
import { installGpuCounters } from './gpu-counters.ts';
import { installGpuRecorder } from './gpu-recorder.ts';

declare global {
  interface Window {
    __benchResult?: { sections: BenchSection[] } | { error: string };
  }
}

const BROWSER_BENCHES: Record<BrowserBenchName, (environment: string) => Promise<BenchSection>> = {
  matmul: matmulBench,
  kernels: kernelsBench,
  train: trainBench,
  styles: stylesBench,
  counters: countersBench,
  anatomy: anatomyBench,
};

async function main(): Promise<void> {
  // Before any section compiles a pipeline: the counters and the recorder name pipelines as they are
  // created, and tfjs reuses a compiled pipeline across sections.
  installGpuCounters();
  installGpuRecorder();
  const only = new URLSearchParams(location.search).get('only')?.split(',');
  const choice = await startBestBackend('webgpu');
  const d = choice.device;
  const environment = `chromium webgpu ${d?.vendor}/${d?.architecture}${d?.isSoftware ? ' (software adapter)' : ''}`;
  const sections: BenchSection[] = [];
  for (const [name, bench] of Object.entries(BROWSER_BENCHES)) {
    if (only && !only.includes(name)) continue;
    sections.push(await bench(environment));
  }
  window.__benchResult = { sections };
}

main().catch((e: unknown) => {
  window.__benchResult = { error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) };
});
