import { describe, expect, it } from 'vitest';
import { ResumeTracker } from '../../src/worker/resume-tracker.ts';
import type { EvalPoint } from '../../src/lib/experiment/results.ts';

const p = (step: number): EvalPoint => ({ step, tokens: step * 8, elapsedMs: step * 100, trainLoss: 4, bpb: { web: 3 }, probeRank: {}, probeExact: {}, pairs: null });
const runs = [
  { runId: 'r0', name: 'synthetic', seed: 1, share: 1 },
  { runId: 'r1', name: 'web', seed: 1, share: 0 },
];
const bytes = (n: number) => Uint8Array.from([n]).buffer;

describe('ResumeTracker', () => {
  it('tracks fresh runs, so a lost device resumes them with their curves up to the checkpoint', () => {
    const t = new ResumeTracker(runs);
    for (const step of [0, 10]) {
      for (const r of runs) {
        t.see({ type: 'eval', runId: r.runId, point: p(step), samples: [`${r.runId}@${step}`], answers: [], surprise: [], attention: [] });
        t.see({ type: 'checkpoint', runId: r.runId, step, bytes: bytes(step) });
      }
    }
    // r0 was evaluated at 20 but lost the device before its checkpoint was taken.
    t.see({ type: 'eval', runId: 'r0', point: p(20), samples: [], answers: [], surprise: [], attention: [] });
    t.see({ type: 'note', runId: 'r1', step: 12, message: 'rolled back' });
    const s = t.resumeState();
    expect(s.runs.map((r) => [r.runId, r.points.map((x) => x.step), r.status])).toEqual([
      ['r0', [0, 10], 'running'],
      ['r1', [0, 10], 'running'],
    ]);
    expect(s.runs[1].notes).toEqual([{ step: 12, message: 'rolled back' }]);
    expect(Object.keys(s.checkpoints)).toEqual(['r0', 'r1']);
    expect(new Uint8Array(s.checkpoints.r0)[0]).toBe(10);
    // Elapsed time carries on from the kept points (the runner reads it from them).
    expect(Math.max(...s.runs.flatMap((r) => r.points.map((x) => x.elapsedMs)))).toBe(1000);
  });

  it('starts a run with no checkpoint over, and keeps points handed in by a resume', () => {
    const t = new ResumeTracker(runs, { runs: [{ ...runs[0], points: [p(0), p(10)], notes: [], samples: [], status: 'stopped' }], checkpoints: { r0: bytes(10) } });
    t.see({ type: 'eval', runId: 'r1', point: p(0), samples: [], answers: [], surprise: [], attention: [] });
    t.see({ type: 'eval', runId: 'r0', point: p(20), samples: [], answers: [], surprise: [], attention: [] });
    const s = t.resumeState();
    expect(s.runs.map((r) => r.points.map((x) => x.step))).toEqual([[0, 10, 20], []]);
    expect(Object.keys(s.checkpoints)).toEqual(['r0']);
  });

  it('never shows a step twice when a step is evaluated again', () => {
    const t = new ResumeTracker(runs);
    t.see({ type: 'eval', runId: 'r0', point: p(0), samples: [], answers: [], surprise: [], attention: [] });
    t.see({ type: 'checkpoint', runId: 'r0', step: 0, bytes: bytes(0) });
    t.see({ type: 'eval', runId: 'r0', point: p(0), samples: [], answers: [], surprise: [], attention: [] });
    expect(t.resumeState().runs[0].points.map((x) => x.step)).toEqual([0]);
  });
});
