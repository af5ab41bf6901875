// Mean and spread over seeds on the race chart: with repeats > 1 each run spec is drawn as one mean line
// with a shaded band from the lowest to the highest seed at each step (min–max: with 2–5 seeds a
// standard deviation says little, the extremes say exactly what happened), optionally with each seed
// as a faint line. Recorded curves from a link are drawn as dashed mean lines, with their band only while
// no live run is on the chart (during a reproduction two sets of bands would hide each other).
import { aggregateCurve, groupBySpec, type BandPoint } from '../experiment/aggregate.ts';
import type { ExperimentConfig } from '../experiment/config.ts';
import type { RunCurve } from '../experiment/results.ts';
import { runIds } from '../experiment/run-ids.ts';
import { runColor, type CurveSeries } from './align.ts';
import type { ColorIndex, MetricChoice, XAxis } from './metrics.ts';

type SpreadConfig = Pick<ExperimentConfig, 'runs' | 'repeats' | 'seed'>;

/** What the band means, for the legend (and the exported PNG's). */
export const BAND_MEANING = 'shaded: lowest to highest seed (min–max)';

/** True when the experiment trains each run spec with several seeds, so the page shows mean and spread. */
export const showsSpread = (config: SpreadConfig | null): config is SpreadConfig => config !== null && config.repeats > 1;

/** Colour index of each run: its spec's place in config.runs (for seriesFor, lossSeries, noteMarkers). */
export function specColorIndex(config: SpreadConfig): ColorIndex {
  const spec = new Map(runIds(config).map((r) => [r.id, r.index]));
  return (runId, fallback) => spec.get(runId) ?? fallback;
}

/**
 * The chart's series: per spec the band's two edges, the seeds' faint lines (when `seeds`), then its mean
 * line (labelled with the number of seeds); then the recorded specs' dashed means. Band and faint series
 * come first so the mean lines are drawn over them.
 */
export function spreadSeries(config: SpreadConfig, runs: readonly RunCurve[], recorded: readonly RunCurve[], metric: MetricChoice, x: XAxis, opts: { seeds: boolean } = { seeds: true }): CurveSeries[] {
  const at = (b: BandPoint | { step: number; tokens: number }) => (x === 'tokens' ? b.tokens : b.step);
  const bands: CurveSeries[] = [];
  const faint: CurveSeries[] = [];
  const means: CurveSeries[] = [];
  const band = (name: string, id: string, color: string, curve: BandPoint[]) => {
    bands.push({ label: `${name}: highest seed`, color, band: { id, edge: 'upper' }, points: curve.map((b) => [at(b), b.max] as const) });
    bands.push({ label: `${name}: lowest seed`, color, band: { id, edge: 'lower' }, points: curve.map((b) => [at(b), b.min] as const) });
  };
  for (const g of groupBySpec(config, runs)) {
    const color = runColor(g.index);
    const curve = aggregateCurve(g.runs, metric.read);
    band(g.name, `spec${g.index}`, color, curve);
    if (opts.seeds) for (const r of g.runs) faint.push({ label: r.name, color, faint: true, points: r.points.map((p) => [at(p), metric.read(p)] as const) });
    means.push({ label: `${g.name}: mean of ${g.runs.length} seeds`, color, points: curve.map((b) => [at(b), b.mean] as const) });
  }
  for (const g of groupBySpec(config, recorded)) {
    const color = runColor(g.index);
    const curve = aggregateCurve(g.runs, metric.read);
    if (runs.length === 0) band(`${g.name} (recorded)`, `recorded${g.index}`, color, curve);
    means.push({ label: `${g.name}: recorded mean of ${g.runs.length} seeds`, color, dashed: true, points: curve.map((b) => [at(b), b.mean] as const) });
  }
  return [...bands, ...faint, ...means];
}
