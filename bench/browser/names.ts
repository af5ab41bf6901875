// The in-browser benchmark sections, by name (shared by the page and bench/run.ts).
export const BROWSER_BENCH_NAMES = ['matmul', 'kernels', 'train', 'styles', 'counters', 'anatomy'] as const;
export type BrowserBenchName = (typeof BROWSER_BENCH_NAMES)[number];
