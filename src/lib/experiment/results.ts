// The measurements of an experiment: one curve of eval points per run. Shared by the worker (which
// produces them), the UI (which draws them), links (which carry them) and exports (JSON, CSV).

/** One evaluation of one run; every run of an experiment is evaluated at the same steps. */
export interface EvalPoint {
  step: number;
  /** Training tokens seen so far (step × batch × context): the x axis that is fair across runs. */
  tokens: number;
  elapsedMs: number;
  /** Mean training loss (nats/token) over the steps since the previous eval point. */
  trainLoss: number;
  /** Held-out bits per byte, by held-out set name ("web", "stories", "biographies", ...). */
  bpb: Record<string, number>;
  /** Probe accuracy by likelihood ranking of candidates, by family (0..1). */
  probeRank: Record<string, number>;
  /** Probe accuracy by greedy exact match, by family (0..1). */
  probeExact: Record<string, number>;
  /** Minimal-pair accuracy (0..1), or null when the corpus has none. */
  pairs: number | null;
}

export interface RunNote {
  step: number;
  message: string;
}

export interface RunCurve {
  runId: string;
  name: string;
  seed: number;
  /** Share of synthetic text in this run's training stream (1 = synthetic only, 0 = web only). */
  share: number;
  points: EvalPoint[];
  notes: RunNote[];
  /** Sampled continuations of the fixed prompts at the latest eval point. */
  samples: string[];
  status: 'pending' | 'running' | 'paused' | 'done' | 'failed' | 'stopped';
}

export interface ExperimentResults {
  runs: RunCurve[];
}

/** Every metric column of a point, flattened, in a stable order (for CSV and compact links). */
export function metricColumns(runs: readonly RunCurve[]): string[] {
  const cols = new Set<string>();
  for (const r of runs) {
    for (const p of r.points) {
      for (const k of Object.keys(p.bpb)) cols.add(`bpb.${k}`);
      for (const k of Object.keys(p.probeRank)) cols.add(`probeRank.${k}`);
      for (const k of Object.keys(p.probeExact)) cols.add(`probeExact.${k}`);
    }
  }
  return [...cols].sort();
}

export function metricValue(p: EvalPoint, column: string): number | null {
  const [group, key] = column.split('.') as ['bpb' | 'probeRank' | 'probeExact', string];
  const v = p[group]?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
