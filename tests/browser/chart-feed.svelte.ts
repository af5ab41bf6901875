// Reactive props for mounting CurveChart in a browser test: the test appends points the way the lab's
// state does (new arrays each update), and Svelte propagates them to the mounted chart.
import type { CurveSeries } from '../../src/lib/charts/align.ts';
import { RUN_COLORS } from '../../src/lib/charts/align.ts';

export function chartFeed(runs: number, initialPoints: number, onRedraw: (ms: number) => void) {
  const props = $state({
    series: Array.from({ length: runs }, (_, r): CurveSeries => ({
      label: `run ${r}`,
      color: RUN_COLORS[r],
      points: Array.from({ length: initialPoints }, (_, i) => [i, 5 - r * 0.1 - Math.log1p(i) * 0.3] as const),
    })),
    xLabel: 'step',
    yLabel: 'nats per token',
    height: '300px',
    testid: 'stream-chart',
    onRedraw,
  });
  return {
    props,
    /** One update: every run gains its next step, as a train-loss event brings it. */
    push(): void {
      props.series = props.series.map((s, r) => {
        const i = s.points.length;
        return { ...s, points: [...s.points, [i, 5 - r * 0.1 - Math.log1p(i) * 0.3 + Math.sin(i) * 0.02] as const] };
      });
    },
  };
}
