// What every benchmark section returns, so bench/run.ts can print them side by side and save JSON.
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** e.g. "ratio vs tf.matMul" or the adapter a figure was measured on. */
  note?: string;
}

export interface BenchSection {
  title: string;
  /** Where it ran: "node (1 core)", "chromium webgpu google/swiftshader", ... */
  environment: string;
  rows: BenchRow[];
}

/** A Node-side benchmark module in bench/node/ default-exports one of these. */
export type NodeBench = () => Promise<BenchSection[]>;
