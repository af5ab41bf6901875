// uPlot draws "aligned" data: one shared x array and one y array per series (null where a series
// has no point). Runs of one experiment share their eval steps, so alignment rarely adds gaps.
export interface CurveSeries {
  label: string;
  color: string;
  /** Dashed, e.g. recorded curves from a link overlaid on a reproduction. */
  dashed?: boolean;
  /** Drawn thin and translucent: one seed of a run spec that is drawn as a mean with a band. */
  faint?: boolean;
  /**
   * An edge of a shaded band, drawn as fill only (no line, no legend entry): the chart fills between
   * the `upper` and `lower` series that share a band `id`.
   */
  band?: { id: string; edge: 'upper' | 'lower' };
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

/** `#rrggbb` with an alpha (0–1) as `#rrggbbaa`, for faint lines and band fills. */
export function withAlpha(hex: string, alpha: number): string {
  const a = Math.round(Math.min(1, Math.max(0, alpha)) * 255).toString(16).padStart(2, '0');
  return /^#[0-9a-fA-F]{6}$/.test(hex) ? `${hex}${a}` : hex;
}

/** The series a legend lists: lines drawn in full (band edges and faint single seeds are explained once, not listed). */
export const legendSeries = (series: readonly CurveSeries[]): CurveSeries[] => series.filter((s) => !s.band && !s.faint);

/** Pairs of series indices (upper, lower) that bound each band, in the order the bands appear. */
export function bandPairs(series: readonly CurveSeries[]): Array<{ upper: number; lower: number; color: string }> {
  const out: Array<{ upper: number; lower: number; color: string }> = [];
  series.forEach((s, i) => {
    if (s.band?.edge !== 'upper') return;
    const lower = series.findIndex((t) => t.band?.id === s.band!.id && t.band.edge === 'lower');
    if (lower >= 0) out.push({ upper: i, lower, color: s.color });
  });
  return out;
}
