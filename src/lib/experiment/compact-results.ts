// Curves in compact, columnar form for share links: per run, the eval steps once and each metric as
// an array rounded to 4 significant digits (plenty for a chart, and deflate packs it well).
import { int, list, num, object, str, type Result, type Validator } from '../schema/validate.ts';
import { KEYED_METRICS, STORY_METRICS, metricColumns, metricValue, type EvalPoint, type KeyedMetric, type RunCurve, type StoryMetric } from './results.ts';

export interface CompactRun {
  id: string;
  name: string;
  seed: number;
  share: number;
  steps: number[];
  tokens: number[];
  ms: number[];
  loss: Array<number | null>;
  pairs: Array<number | null>;
  /**
   * metric column ("bpb.web", "probeRank.stories", "probeBreakdown.arithmetic/steps=2", "storyParse",
   * "storyGrammatical", ...) → values aligned with steps. Columns a link's points lack are simply absent
   * (links made before probeBreakdown and the story metrics existed decode unchanged).
   */
  m: Record<string, Array<number | null>>;
}

const round4 = (v: number | null): number | null => (v === null || !Number.isFinite(v) ? null : Number(v.toPrecision(4)));

export function compactRuns(runs: readonly RunCurve[]): CompactRun[] {
  const cols = metricColumns(runs);
  return runs.map((r) => ({
    id: r.runId,
    name: r.name,
    seed: r.seed,
    share: r.share,
    steps: r.points.map((p) => p.step),
    tokens: r.points.map((p) => p.tokens),
    ms: r.points.map((p) => Math.round(p.elapsedMs)),
    loss: r.points.map((p) => round4(p.trainLoss)),
    pairs: r.points.map((p) => round4(p.pairs)),
    m: Object.fromEntries(cols.map((c) => [c, r.points.map((p) => round4(metricValue(p, c)))]).filter(([, vs]) => (vs as Array<number | null>).some((v) => v !== null))),
  }));
}

/** Column names a link may carry: a keyed metric of a family or set, a probe slice, or a story metric. */
const METRIC_COLUMN = new RegExp(`^(?:(?:bpb|probeRank|probeExact)\\.[a-z][a-z0-9_-]{0,30}|probeBreakdown\\.[a-z][a-z0-9_-]{0,30}\\/[a-z0-9][a-z0-9=_-]{0,30}|${STORY_METRICS.join('|')})$`);

const nullableNum: Validator<number | null> = (x, path) => (x === null ? { ok: true, value: null } : num({ min: -1e9, max: 1e9 })(x, path));
const MAX_POINTS = 2000;
const series = list(nullableNum, { min: 0, max: MAX_POINTS });
const metricMap: Validator<Record<string, Array<number | null>>> = (x, path) => {
  if (x === null || typeof x !== 'object' || Array.isArray(x) || Object.getPrototypeOf(x) !== Object.prototype) return { ok: false, errors: [`${path}: expected an object`] };
  const out: Record<string, Array<number | null>> = {};
  const errors: string[] = [];
  const entries = Object.entries(x);
  if (entries.length > 96) return { ok: false, errors: [`${path}: too many metrics (${entries.length})`] };
  for (const [k, v] of entries) {
    if (!METRIC_COLUMN.test(k)) {
      errors.push(`${path}: unknown metric "${k.slice(0, 40)}"`);
      continue;
    }
    const r = series(v, `${path}.${k}`);
    if (r.ok) out[k] = r.value;
    else errors.push(...r.errors);
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: out };
};

export const compactRunValidator = object({
  id: str({ maxLength: 40, pattern: /^[A-Za-z0-9_-]+$/ }),
  name: str({ maxLength: 80, pattern: /^[^\u0000-\u001f<>]*$/ }),
  seed: int(0, 2 ** 31 + 100),
  share: num({ min: 0, max: 1 }),
  steps: list(int(0, 1e7), { min: 0, max: MAX_POINTS }),
  tokens: list(num({ min: 0, max: 1e15 }), { min: 0, max: MAX_POINTS }),
  ms: list(num({ min: 0, max: 1e10 }), { min: 0, max: MAX_POINTS }),
  loss: series,
  pairs: series,
  m: metricMap,
}) satisfies Validator<CompactRun>;

/** Expands validated compact runs back into curves; arrays of unequal length are an error. */
export function expandRuns(runs: readonly CompactRun[]): Result<RunCurve[]> {
  const out: RunCurve[] = [];
  for (const [i, r] of runs.entries()) {
    const n = r.steps.length;
    const lengths = [r.tokens.length, r.ms.length, r.loss.length, r.pairs.length, ...Object.values(r.m).map((v) => v.length)];
    if (lengths.some((l) => l !== n)) return { ok: false, errors: [`results.runs[${i}]: its columns have different lengths`] };
    const points: EvalPoint[] = r.steps.map((step, j) => {
      const p: EvalPoint = { step, tokens: r.tokens[j], elapsedMs: r.ms[j], trainLoss: r.loss[j] ?? NaN, bpb: {}, probeRank: {}, probeExact: {}, pairs: r.pairs[j] };
      for (const [col, values] of Object.entries(r.m)) {
        const v = values[j];
        if (v === null) continue;
        if ((STORY_METRICS as readonly string[]).includes(col)) {
          p[col as StoryMetric] = v;
          continue;
        }
        const dot = col.indexOf('.');
        const group = col.slice(0, dot) as KeyedMetric;
        if (!(KEYED_METRICS as readonly string[]).includes(group)) continue;
        (p[group] ??= {})[col.slice(dot + 1)] = v;
      }
      return p;
    });
    out.push({ runId: r.id, name: r.name, seed: r.seed, share: r.share, points, notes: [], samples: [], status: 'done' });
  }
  return { ok: true, value: out };
}
