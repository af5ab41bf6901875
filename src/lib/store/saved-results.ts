// Reads the curves of a saved experiment back. IndexedDB holds what an older version of the lab (or a
// crash halfway through a write by one) left there, so nothing is trusted: malformed points are dropped
// and counted, and a record that is not curves at all is refused with a message.
import { STORY_METRICS, type EvalPoint, type RunCurve, type StoryMetric } from '../experiment/results.ts';
import { isPlainRecord, type Result } from '../schema/validate.ts';

const STATUSES: readonly RunCurve['status'][] = ['pending', 'running', 'paused', 'done', 'failed', 'stopped'];
const MAX_RUNS = 40;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A record of finite numbers (NaN is allowed where training produced it: it reads as a gap). */
function numberMap(x: unknown): Record<string, number> | null {
  if (!isPlainRecord(x)) return null;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(x)) {
    if (typeof v !== 'number') return null;
    out[k] = v;
  }
  return out;
}

function readPoint(x: unknown): EvalPoint | null {
  if (!isPlainRecord(x)) return null;
  const { step, tokens, elapsedMs, trainLoss, pairs } = x;
  const bpb = numberMap(x.bpb);
  const probeRank = numberMap(x.probeRank);
  const probeExact = numberMap(x.probeExact);
  if (!finite(step) || step < 0 || !finite(tokens) || !finite(elapsedMs) || typeof trainLoss !== 'number') return null;
  if (!bpb || !probeRank || !probeExact || !(pairs === null || typeof pairs === 'number')) return null;
  // Optional fields of later lab versions (probe breakdowns, story-sample shares) are kept when well formed.
  const extra: { probeBreakdown?: Record<string, number> } & { [m in StoryMetric]?: number } = {};
  const breakdown = numberMap(x.probeBreakdown);
  if (breakdown) extra.probeBreakdown = breakdown;
  for (const m of STORY_METRICS) {
    const v = x[m];
    if (finite(v)) extra[m] = v;
  }
  return { step, tokens, elapsedMs, trainLoss, bpb, probeRank, probeExact, pairs, ...extra };
}

export interface SavedRuns {
  runs: RunCurve[];
  /** Points that could not be read and were left out. */
  dropped: number;
}

export function readSavedRuns(results: unknown): Result<SavedRuns> {
  const runs = isPlainRecord(results) ? results.runs : undefined;
  if (!Array.isArray(runs)) return { ok: false, errors: ['the saved curves are missing or not a list of runs'] };
  if (runs.length > MAX_RUNS) return { ok: false, errors: [`the saved record has ${runs.length} runs, more than the ${MAX_RUNS} an experiment can have`] };
  let dropped = 0;
  const out: RunCurve[] = [];
  for (const [i, r] of runs.entries()) {
    if (!isPlainRecord(r) || typeof r.runId !== 'string' || typeof r.name !== 'string' || !finite(r.seed) || !finite(r.share) || !Array.isArray(r.points)) {
      return { ok: false, errors: [`saved run ${i + 1} is not a run (no id, name, seed, share or points)`] };
    }
    const points: EvalPoint[] = [];
    for (const p of r.points) {
      const read = readPoint(p);
      if (read && (points.length === 0 || read.step > points[points.length - 1].step)) points.push(read);
      else dropped++;
    }
    const notes = Array.isArray(r.notes) ? r.notes.filter((n): n is RunCurve['notes'][number] => isPlainRecord(n) && finite(n.step) && typeof n.message === 'string') : [];
    const samples = Array.isArray(r.samples) ? r.samples.filter((s): s is string => typeof s === 'string') : [];
    const status = STATUSES.includes(r.status as RunCurve['status']) ? (r.status as RunCurve['status']) : 'stopped';
    out.push({ runId: r.runId, name: r.name, seed: r.seed, share: r.share, points, notes, samples, status });
  }
  return { ok: true, value: { runs: out, dropped } };
}
