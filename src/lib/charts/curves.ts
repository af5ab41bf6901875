// Keeping a run's curve honest as points stream in: one point per step, in step order. After a NaN
// rollback or a resume, the runner evaluates some steps again; the new point replaces the old one and
// anything after it goes (it came from weights that no longer exist).
import type { EvalPoint, RunCurve } from '../experiment/results.ts';

/** The curve with `p` appended; points at p.step or later are dropped first. */
export function appendPoint(points: readonly EvalPoint[], p: EvalPoint): EvalPoint[] {
  const keep = points.filter((q) => q.step < p.step);
  keep.push(p);
  return keep;
}

/** The curve up to and including `step`. */
export function pointsUpTo(points: readonly EvalPoint[], step: number): EvalPoint[] {
  return points.filter((q) => q.step <= step);
}

/**
 * The page's runs after the worker announced them ('prepared'): runs the page already has (a resumed
 * experiment) keep their points, notes and samples; new ones start empty.
 */
export function mergePreparedRuns(existing: readonly RunCurve[], announced: ReadonlyArray<Pick<RunCurve, 'runId' | 'name' | 'seed' | 'share'>>): RunCurve[] {
  return announced.map((r) => {
    const old = existing.find((e) => e.runId === r.runId);
    return { ...r, points: old ? [...old.points] : [], notes: old ? [...old.notes] : [], samples: old ? [...old.samples] : [], status: 'running' };
  });
}
