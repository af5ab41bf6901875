// uPlot draws "aligned" data: one shared x array and one y array per series (null where a series
// has no point). Runs of one experiment share their eval steps, so alignment rarely adds gaps.
export interface CurveSeries {
  label: string;
  color: string;
  /** Dashed, e.g. recorded curves from a link overlaid on a reproduction. */
  dashed?: boolean;
  points: ReadonlyArray<readonly [x: number, y: number | null]>;
}

export type AlignedData = [xs: number[], ...ys: Array<Array<number | null>>];

export function alignSeries(series: readonly CurveSeries[]): AlignedData {
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = series.map((s) => {
    const y: Array<number | null> = new Array<number | null>(xs.length).fill(null);
    for (const [x, v] of s.points) y[index.get(x)!] = v !== null && Number.isFinite(v) ? v : null;
    return y;
  });
  return [xs, ...ys];
}

/**
 * A palette that stays distinguishable for colour-blind readers (Okabe–Ito), cycled by run index.
 * Okabe–Ito's black is replaced by a mid grey so the eighth run stays visible on the dark theme too.
 */
export const RUN_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#8c6d1f', '#8a8a8a'];
export const runColor = (i: number): string => RUN_COLORS[i % RUN_COLORS.length];
