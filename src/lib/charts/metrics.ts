// Which numbers the race chart can plot, and how to read them off the runs.
import type { EvalPoint, RunCurve } from '../experiment/results.ts';
import { runColor, type CurveSeries } from './align.ts';

export type XAxis = 'tokens' | 'steps';

export interface MetricChoice {
  id: string;
  label: string;
  /** Unit for the y axis label. */
  unit: string;
  read: (p: EvalPoint) => number | null;
}

const num = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Every metric present in the runs: train loss, bpb per held-out set, probe accuracy per family, pairs. */
export function metricChoices(runs: readonly RunCurve[]): MetricChoice[] {
  const sets = new Set<string>();
  const families = new Set<string>();
  let pairs = false;
  for (const r of runs)
    for (const p of r.points) {
      Object.keys(p.bpb).forEach((k) => sets.add(k));
      Object.keys(p.probeRank).forEach((k) => families.add(k));
      if (p.pairs !== null) pairs = true;
    }
  const out: MetricChoice[] = [];
  for (const s of [...sets].sort((a, b) => (a === 'web' ? -1 : b === 'web' ? 1 : a.localeCompare(b)))) {
    out.push({ id: `bpb.${s}`, label: `held-out ${s}: bits per byte`, unit: 'bits per byte', read: (p) => num(p.bpb[s]) });
  }
  out.push({ id: 'trainLoss', label: 'training loss', unit: 'nats per token', read: (p) => num(p.trainLoss) });
  for (const f of [...families].sort()) {
    out.push({ id: `probeRank.${f}`, label: `${f} probes: accuracy by likelihood ranking`, unit: 'accuracy', read: (p) => num(p.probeRank[f]) });
    out.push({ id: `probeExact.${f}`, label: `${f} probes: exact-match accuracy`, unit: 'accuracy', read: (p) => num(p.probeExact[f]) });
  }
  if (pairs) out.push({ id: 'pairs', label: 'minimal pairs: accuracy', unit: 'accuracy', read: (p) => num(p.pairs) });
  return out;
}

export function seriesFor(runs: readonly RunCurve[], recorded: readonly RunCurve[], metric: MetricChoice, x: XAxis): CurveSeries[] {
  const toSeries = (r: RunCurve, i: number, dashed: boolean): CurveSeries => ({
    label: dashed ? `${r.name} (recorded)` : r.name,
    color: runColor(i),
    dashed,
    points: r.points.map((p) => [x === 'tokens' ? p.tokens : p.step, metric.read(p)] as const),
  });
  // A recorded run shares its colour with the live run of the same name, so a reproduction overlays it.
  const indexOf = (name: string, fallback: number) => {
    const i = runs.findIndex((r) => r.name === name);
    return i >= 0 ? i : fallback;
  };
  return [...runs.map((r, i) => toSeries(r, i, false)), ...recorded.map((r, i) => toSeries(r, indexOf(r.name, runs.length + i), true))];
}

/** Largest absolute difference between a live run and the recorded run of the same name, at shared steps. */
export function reproductionGap(live: RunCurve, recorded: RunCurve, metric: MetricChoice): number | null {
  const rec = new Map(recorded.points.map((p) => [p.step, metric.read(p)]));
  let gap: number | null = null;
  for (const p of live.points) {
    const a = metric.read(p);
    const b = rec.get(p.step);
    if (a === null || b === null || b === undefined) continue;
    gap = Math.max(gap ?? 0, Math.abs(a - b));
  }
  return gap;
}
