// What the worker needs to resume every run after a lost GPU device: each run's curve so far (fresh runs
// as well as resumed ones) and its latest checkpoint. Fed the runner's own events as they stream past.
import type { ResumeState, WorkerEvent } from '../lib/experiment/protocol.ts';
import type { RunCurve } from '../lib/experiment/results.ts';
import { appendPoint } from '../lib/charts/curves.ts';

type RunHeader = Pick<RunCurve, 'runId' | 'name' | 'seed' | 'share'>;

export class ResumeTracker {
  private readonly curves = new Map<string, RunCurve>();
  private readonly checkpoints = new Map<string, { step: number | null; bytes: ArrayBuffer }>();

  /** `runs`: every run the experiment trains; `resume`: where this start continued from, if anywhere. */
  constructor(runs: readonly RunHeader[], resume?: ResumeState) {
    for (const r of runs) {
      const prior = resume?.runs.find((p) => p.runId === r.runId);
      this.curves.set(r.runId, { ...r, points: [...(prior?.points ?? [])], notes: [...(prior?.notes ?? [])], samples: [...(prior?.samples ?? [])], status: 'running' });
      const ck = resume?.checkpoints[r.runId];
      // A checkpoint handed in by the page matches the last point it sent (the page cut the rest).
      if (ck) this.checkpoints.set(r.runId, { step: null, bytes: ck });
    }
  }

  see(e: WorkerEvent): void {
    if (e.type === 'eval') {
      const c = this.curves.get(e.runId);
      if (c) {
        c.points = appendPoint(c.points, e.point);
        c.samples = e.samples;
      }
    } else if (e.type === 'note') {
      this.curves.get(e.runId)?.notes.push({ step: e.step, message: e.message });
    } else if (e.type === 'checkpoint') {
      // The event's buffer is transferred to the page when posted, so keep a copy.
      this.checkpoints.set(e.runId, { step: e.step, bytes: e.bytes.slice(0) });
    }
  }

  /**
   * Every run from its latest checkpoint: points after the checkpoint are dropped (the runner trains
   * those steps again), and a run with no checkpoint yet starts over with no points.
   */
  resumeState(): ResumeState {
    const checkpoints: Record<string, ArrayBuffer> = {};
    const runs = [...this.curves.values()].map((c) => {
      const ck = this.checkpoints.get(c.runId);
      if (ck) checkpoints[c.runId] = ck.bytes.slice(0);
      const points = !ck ? [] : ck.step === null ? c.points : c.points.filter((p) => p.step <= (ck.step as number));
      return { ...c, points: [...points], notes: [...c.notes], samples: [...c.samples], status: 'running' as const };
    });
    return { runs, checkpoints };
  }
}
