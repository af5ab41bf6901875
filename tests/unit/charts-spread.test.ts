// Mean and spread over seeds on the race chart: the series the page hands to uPlot (band edges, faint
// seeds, mean lines, recorded means), their colours, and what the legend lists.
import { describe, expect, it } from 'vitest';
import type { EvalPoint, RunCurve } from '../../src/lib/experiment/results.ts';
import { runIds } from '../../src/lib/experiment/run-ids.ts';
import { bandPairs, legendSeries, RUN_COLORS, withAlpha } from '../../src/lib/charts/align.ts';
import { lossSeries, metricChoices, noteMarkers, seriesFor } from '../../src/lib/charts/metrics.ts';
import { showsSpread, specColorIndex, spreadSeries } from '../../src/lib/charts/spread-series.ts';
import { tinyExperiment } from '../helpers/experiments.ts';

const config = { ...tinyExperiment(20), repeats: 3, runs: [{ name: 'synthetic', share: 1 }, { name: 'mixed', share: 0.5 }] };

const point = (step: number, web: number): EvalPoint => ({ step, tokens: step * 128, elapsedMs: step, trainLoss: web + 1, bpb: { web }, probeRank: {}, probeExact: {}, pairs: null });

/** Web bpb of each run at steps 0, 10, 20: spec 0's seeds and spec 1's seeds differ by a known amount. */
const WEB: Record<string, number[]> = {
  r0s0: [8, 4, 3],
  r0s1: [8, 5, 2],
  r0s2: [8, 6, 4],
  r1s0: [8, 7, 6],
  r1s1: [8, 7.5, 5],
  // r1s2 failed after step 10: its last value is missing at step 20.
  r1s2: [8, 8],
};

const runs: RunCurve[] = runIds(config).map(({ id, name, seed }) => ({
  runId: id,
  name,
  seed,
  share: 1,
  points: WEB[id].map((v, i) => point(i * 10, v)),
  notes: id === 'r1s2' ? [{ step: 12, message: 'NaN' }] : [],
  samples: [],
  status: id === 'r1s2' ? 'failed' : 'done',
}));
const web = metricChoices(runs).find((c) => c.id === 'bpb.web')!;

describe('spreadSeries', () => {
  const series = spreadSeries(config, runs, [], web, 'steps');

  it('draws each spec as a min–max band, its seeds faint, and its mean line on top', () => {
    expect(series.map((s) => s.label)).toEqual([
      'synthetic: highest seed',
      'synthetic: lowest seed',
      'mixed: highest seed',
      'mixed: lowest seed',
      'synthetic (seed 11)',
      'synthetic (seed 12)',
      'synthetic (seed 13)',
      'mixed (seed 11)',
      'mixed (seed 12)',
      'mixed (seed 13)',
      'synthetic: mean of 3 seeds',
      'mixed: mean of 3 seeds',
    ]);
    const byLabel = (l: string) => series.find((s) => s.label === l)!;
    expect(byLabel('synthetic: mean of 3 seeds').points).toEqual([[0, 8], [10, 5], [20, 3]]);
    expect(byLabel('synthetic: highest seed').points).toEqual([[0, 8], [10, 6], [20, 4]]);
    expect(byLabel('synthetic: lowest seed').points).toEqual([[0, 8], [10, 4], [20, 2]]);
    // The failed seed drops out at step 20: the band and mean there come from the two that got there.
    expect(byLabel('mixed: mean of 3 seeds').points).toEqual([[0, 8], [10, 7.5], [20, 5.5]]);
    expect(byLabel('mixed: lowest seed').points).toEqual([[0, 8], [10, 7], [20, 5]]);
    expect(byLabel('mixed (seed 13)').points).toEqual([[0, 8], [10, 8]]);
  });

  it('colours every series of a spec by the spec, and marks edges and seeds for the chart', () => {
    for (const s of series) expect(s.color).toBe(s.label.startsWith('synthetic') ? RUN_COLORS[0] : RUN_COLORS[1]);
    expect(series.filter((s) => s.faint)).toHaveLength(6);
    expect(series.filter((s) => s.band).map((s) => s.band)).toEqual([
      { id: 'spec0', edge: 'upper' },
      { id: 'spec0', edge: 'lower' },
      { id: 'spec1', edge: 'upper' },
      { id: 'spec1', edge: 'lower' },
    ]);
    expect(bandPairs(series)).toEqual([
      { upper: 0, lower: 1, color: RUN_COLORS[0] },
      { upper: 2, lower: 3, color: RUN_COLORS[1] },
    ]);
    expect(legendSeries(series).map((s) => s.label)).toEqual(['synthetic: mean of 3 seeds', 'mixed: mean of 3 seeds']);
  });

  it('plots against tokens as well, and leaves the seeds out when asked', () => {
    const s = spreadSeries(config, runs, [], web, 'tokens', { seeds: false });
    expect(s.some((x) => x.faint)).toBe(false);
    expect(s.find((x) => x.label === 'synthetic: mean of 3 seeds')!.points).toEqual([[0, 8], [1280, 5], [2560, 3]]);
  });

  it('draws recorded specs as dashed means, with their band only while no live run is drawn', () => {
    const recorded = runs.filter((r) => r.runId.startsWith('r0')).map((r) => ({ ...r, points: r.points.map((p) => ({ ...p, bpb: { web: (p.bpb.web ?? 0) + 1 } })) }));
    const mean = { label: 'synthetic: recorded mean of 3 seeds', color: RUN_COLORS[0], dashed: true, points: [[0, 9], [10, 6], [20, 4]] };
    expect(spreadSeries(config, [], recorded, web, 'steps')).toEqual([
      { label: 'synthetic (recorded): highest seed', color: RUN_COLORS[0], band: { id: 'recorded0', edge: 'upper' }, points: [[0, 9], [10, 7], [20, 5]] },
      { label: 'synthetic (recorded): lowest seed', color: RUN_COLORS[0], band: { id: 'recorded0', edge: 'lower' }, points: [[0, 9], [10, 5], [20, 3]] },
      mean,
    ]);
    // During a reproduction the live bands are drawn and the recorded spec is its dashed mean only.
    const live = spreadSeries(config, runs, recorded, web, 'steps', { seeds: false });
    expect(live.filter((s) => s.band?.id.startsWith('recorded'))).toEqual([]);
    expect(live.at(-1)).toEqual(mean);
  });

  it('applies only with several seeds', () => {
    expect(showsSpread(config)).toBe(true);
    expect(showsSpread({ ...config, repeats: 1 })).toBe(false);
    expect(showsSpread(null)).toBe(false);
  });
});

describe('spec colours for the other charts', () => {
  const colorIndex = specColorIndex(config);

  it('gives every seed of a spec its spec colour in the per-run series, loss trails and markers', () => {
    expect(seriesFor(runs, [], web, 'steps', colorIndex).map((s) => s.color)).toEqual([0, 0, 0, 1, 1, 1].map((i) => RUN_COLORS[i]));
    expect(lossSeries(runs, [], new Map(), 'steps', 10, colorIndex).map((s) => s.color)).toEqual([0, 0, 0, 1, 1, 1].map((i) => RUN_COLORS[i]));
    expect(noteMarkers(runs, 'steps', 10, colorIndex)).toEqual([{ x: 12, color: RUN_COLORS[1], label: 'mixed (seed 13), step 12: NaN' }]);
    // Without it, each run keeps its own colour by place.
    expect(seriesFor(runs, [], web, 'steps').map((s) => s.color)).toEqual(RUN_COLORS.slice(0, 6));
  });
});

describe('withAlpha', () => {
  it('appends an alpha byte to #rrggbb and leaves other colours alone', () => {
    expect(withAlpha('#0072B2', 0.18)).toBe('#0072B22e');
    expect(withAlpha('#0072B2', 0)).toBe('#0072B200');
    expect(withAlpha('#0072B2', 1)).toBe('#0072B2ff');
    expect(withAlpha('rgb(1, 2, 3)', 0.5)).toBe('rgb(1, 2, 3)');
  });
});
