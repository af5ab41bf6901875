// Mean and spread over seeds: an experiment with repeats > 1 trains every run spec with several seeds,
// and these pure functions fold the repeats of each spec into one row (final metrics) or one band
// (curves, point by point), so a difference between specs can be told from seed noise.
import type { ExperimentConfig } from './config.ts';
import { metricColumns, metricValue, type EvalPoint, type RunCurve } from './results.ts';
import { runIds } from './run-ids.ts';
import { spread, type Spread } from './spread.ts';

/** The repeats of one run spec. */
export interface SpecGroup {
  /** Index of the spec in config.runs. */
  index: number;
  name: string;
  share: number;
  runs: RunCurve[];
}

/** Runs grouped by the spec they repeat, in config order; specs with no run yet are left out. */
export function groupBySpec(config: Pick<ExperimentConfig, 'runs' | 'repeats' | 'seed'>, runs: readonly RunCurve[]): SpecGroup[] {
  const indexOf = new Map(runIds(config).map((r) => [r.id, r.index]));
  return config.runs
    .map((spec, index) => ({ index, name: spec.name, share: spec.share, runs: runs.filter((r) => indexOf.get(r.runId) === index) }))
    .filter((g) => g.runs.length > 0);
}

/** Final metrics of one spec over its seeds: each run's last point, every metric as mean and spread. */
export interface SpecAggregate {
  index: number;
  name: string;
  share: number;
  runIds: string[];
  seeds: number[];
  /** Step of each run's last point (runs that failed or were stopped may end earlier). */
  steps: number[];
  /**
   * Column ("trainLoss", "pairs", "bpb.web", "probeExact.arithmetic", "probeBreakdown.textbook/direct",
   * "storyParse", ...) → spread over the runs that have a finite value there.
   */
  final: Record<string, Spread>;
}

export function aggregateFinals(config: Pick<ExperimentConfig, 'runs' | 'repeats' | 'seed'>, runs: readonly RunCurve[]): SpecAggregate[] {
  const columns = ['trainLoss', ...metricColumns(runs), 'pairs'];
  return groupBySpec(config, runs).map((g) => {
    const last = g.runs.map((r) => r.points.at(-1)).filter((p): p is EvalPoint => p !== undefined);
    const final: Record<string, Spread> = {};
    for (const c of columns) {
      const s = spread(last.map((p) => metricValue(p, c)).filter((v): v is number => v !== null));
      if (s) final[c] = s;
    }
    return { index: g.index, name: g.name, share: g.share, runIds: g.runs.map((r) => r.runId), seeds: g.runs.map((r) => r.seed), steps: last.map((p) => p.step), final };
  });
}

/** One point of an aggregated curve: the spread of the runs' values at this step. */
export interface BandPoint extends Spread {
  step: number;
  tokens: number;
}

/**
 * A curve folded over runs, point by point: at every step where at least one run has a value, its
 * mean, sample standard deviation, min and max. For the chart's mean line and band.
 */
export function aggregateCurve(runs: readonly RunCurve[], read: (p: EvalPoint) => number | null): BandPoint[] {
  const byStep = new Map<number, { tokens: number; values: number[] }>();
  for (const r of runs) {
    for (const p of r.points) {
      const v = read(p);
      if (v === null || !Number.isFinite(v)) continue;
      const at = byStep.get(p.step) ?? { tokens: p.tokens, values: [] };
      at.values.push(v);
      byStep.set(p.step, at);
    }
  }
  return [...byStep]
    .sort(([a], [b]) => a - b)
    .map(([step, at]) => ({ step, tokens: at.tokens, ...spread(at.values)! }));
}
