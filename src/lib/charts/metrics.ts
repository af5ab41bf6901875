// Which numbers the race chart can plot, and how to read them off the runs.
import { STORY_METRICS, type EvalPoint, type RunCurve, type StoryMetric } from '../experiment/results.ts';
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

const STORY_LABELS: Record<StoryMetric, string> = {
  storyParse: 'stories: share of samples that parse',
  storyGrammatical: 'stories: share of sampled sentences that are grammatical',
  storyConsistent: 'stories: share of grammatical sentences consistent with the story',
};

/**
 * Every metric present in the runs: bpb per held-out set, train loss, probe accuracy per family (ranking,
 * exact match) and per slice, minimal pairs, and the story-sample shares (samples that parse, sentences
 * that are grammatical, grammatical sentences that are consistent).
 */
export function metricChoices(runs: readonly RunCurve[]): MetricChoice[] {
  const sets = new Set<string>();
  const families = new Set<string>();
  const slices = new Set<string>();
  let pairs = false;
  const story = new Set<StoryMetric>();
  for (const r of runs)
    for (const p of r.points) {
      Object.keys(p.bpb).forEach((k) => sets.add(k));
      Object.keys(p.probeRank).forEach((k) => families.add(k));
      Object.keys(p.probeExact).forEach((k) => families.add(k));
      Object.keys(p.probeBreakdown ?? {}).forEach((k) => slices.add(k));
      if (p.pairs !== null) pairs = true;
      for (const m of STORY_METRICS) if (typeof p[m] === 'number') story.add(m);
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
  for (const k of [...slices].sort()) {
    out.push({ id: `probeBreakdown.${k}`, label: `${k.replace('/', ' probes, ')}: accuracy`, unit: 'accuracy', read: (p) => num(p.probeBreakdown?.[k]) });
  }
  if (pairs) out.push({ id: 'pairs', label: 'minimal pairs: accuracy', unit: 'accuracy', read: (p) => num(p.pairs) });
  for (const m of STORY_METRICS) if (story.has(m)) out.push({ id: m, label: STORY_LABELS[m], unit: 'share', read: (p) => num(p[m]) });
  return out;
}

/** The metric a chart opens on: bits per byte on the first held-out set (web first), else the first choice. */
export function defaultMetricId(choices: readonly MetricChoice[]): string | null {
  return (choices.find((c) => c.id.startsWith('bpb.')) ?? choices[0])?.id ?? null;
}

/**
 * Which metric to show as choices appear and disappear: the user's own pick while it exists, otherwise
 * the default. An automatic pick is never kept, so the chart moves to bits per byte as soon as the
 * first evaluation brings it (before that only training loss exists).
 */
export function pickMetric(choices: readonly MetricChoice[], current: string, userPicked: boolean): string {
  if (userPicked && choices.some((c) => c.id === current)) return current;
  return defaultMetricId(choices) ?? current;
}

/**
 * Which colour a run gets: by default its place among the live runs; with repeats, the page passes the
 * run's spec (specColorIndex), so every seed of a spec shares the colour of its mean line.
 */
export type ColorIndex = (runId: string, fallback: number) => number;
const byPlace: ColorIndex = (_id, i) => i;

export function seriesFor(runs: readonly RunCurve[], recorded: readonly RunCurve[], metric: MetricChoice, x: XAxis, colorIndex: ColorIndex = byPlace): CurveSeries[] {
  const toSeries = (r: RunCurve, i: number, dashed: boolean): CurveSeries => ({
    label: dashed ? `${r.name} (recorded)` : r.name,
    color: runColor(colorIndex(r.runId, i)),
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

/** How close a reproduction came to the recorded curves, over every run that has a recorded twin. */
export interface ReproductionVerdict {
  /** Largest gap over all compared runs, in the metric's unit (null when no step was shared yet). */
  maxGap: number | null;
  /** The gap under which a curve counts as reproduced, in the metric's unit. */
  tolerance: number;
  /** Runs compared (live run with a recorded run of the same name and at least one shared step). */
  compared: number;
  reproduced: boolean | null;
  perRun: Array<{ name: string; gap: number | null }>;
}

/**
 * Tolerance of a reproduction: 2% of the recorded curve's typical value for losses and bits per byte,
 * 0.05 for accuracies and shares (a probe set of 48 questions moves in steps of 0.02). Float rounding differs between
 * GPUs, so a reproduction on other hardware drifts a little; a different corpus, seed or setup moves far more.
 */
export function reproductionTolerance(recorded: readonly RunCurve[], metric: MetricChoice): number {
  if (metric.unit === 'accuracy' || metric.unit === 'share') return 0.05;
  const values = recorded.flatMap((r) => r.points.map((p) => metric.read(p))).filter((v): v is number => v !== null);
  if (!values.length) return 0;
  const mean = values.reduce((a, v) => a + Math.abs(v), 0) / values.length;
  return 0.02 * mean;
}

export function reproductionVerdict(live: readonly RunCurve[], recorded: readonly RunCurve[], metric: MetricChoice): ReproductionVerdict {
  const perRun = live.flatMap((r) => {
    const twin = recorded.find((x) => x.name === r.name);
    return twin ? [{ name: r.name, gap: reproductionGap(r, twin, metric) }] : [];
  });
  const gaps = perRun.map((r) => r.gap).filter((g): g is number => g !== null);
  const maxGap = gaps.length ? Math.max(...gaps) : null;
  const tolerance = reproductionTolerance(recorded, metric);
  return { maxGap, tolerance, compared: gaps.length, reproduced: maxGap === null ? null : maxGap <= tolerance, perRun };
}

/** A vertical marker on the chart at a run's note (a NaN rollback, a resume after a lost device). */
export interface ChartMarker {
  x: number;
  color: string;
  label: string;
}

/** One marker per note of every live run, placed on the chart's x axis (tokens = step × tokens per step). */
export function noteMarkers(runs: readonly RunCurve[], x: XAxis, tokensPerStep: number, colorIndex: ColorIndex = byPlace): ChartMarker[] {
  return runs.flatMap((r, i) => r.notes.map((n) => ({ x: x === 'tokens' ? n.step * tokensPerStep : n.step, color: runColor(colorIndex(r.runId, i)), label: `${r.name}, step ${n.step}: ${n.message}` })));
}

/**
 * The live training-loss series: every step (from the worker's train-loss events) where the page saw
 * them, else the mean loss stored with each eval point (a reopened or recorded experiment).
 */
export function lossSeries(runs: readonly RunCurve[], recorded: readonly RunCurve[], trails: ReadonlyMap<string, ReadonlyArray<readonly [number, number]>>, x: XAxis, tokensPerStep: number, colorIndex: ColorIndex = byPlace): CurveSeries[] {
  const trainLoss: MetricChoice = { id: 'trainLoss', label: 'training loss', unit: 'nats per token', read: (p) => num(p.trainLoss) };
  const fromPoints = seriesFor(runs, recorded, trainLoss, x, colorIndex);
  return fromPoints.map((s, i) => {
    const trail = i < runs.length ? trails.get(runs[i].runId) : undefined;
    if (!trail?.length) return s;
    return { ...s, points: trail.map(([step, loss]) => [x === 'tokens' ? step * tokensPerStep : step, loss] as const) };
  });
}
