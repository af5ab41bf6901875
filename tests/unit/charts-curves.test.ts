import { describe, expect, it } from 'vitest';
import { appendPoint, mergePreparedRuns, pointsUpTo } from '../../src/lib/charts/curves.ts';
import type { EvalPoint, RunCurve } from '../../src/lib/experiment/results.ts';

const p = (step: number, web = 3): EvalPoint => ({ step, tokens: step * 8, elapsedMs: step, trainLoss: 4, bpb: { web }, probeRank: {}, probeExact: {}, pairs: null });

describe('curve bookkeeping', () => {
  it('appends in step order and replaces a re-evaluated step (and everything after it)', () => {
    let pts = [p(0), p(10), p(20)];
    pts = appendPoint(pts, p(30));
    expect(pts.map((x) => x.step)).toEqual([0, 10, 20, 30]);
    pts = appendPoint(pts, p(10, 2));
    expect(pts.map((x) => [x.step, x.bpb.web])).toEqual([[0, 3], [10, 2]]);
    expect(pointsUpTo([p(0), p(10), p(20)], 10).map((x) => x.step)).toEqual([0, 10]);
  });

  it('keeps the curves of runs the page already has when the worker announces the runs', () => {
    const old: RunCurve = { runId: 'r0', name: 'synthetic', seed: 1, share: 1, points: [p(0), p(10)], notes: [{ step: 5, message: 'm' }], samples: ['s'], status: 'stopped' };
    const merged = mergePreparedRuns([old], [{ runId: 'r0', name: 'synthetic', seed: 1, share: 1 }, { runId: 'r1', name: 'web', seed: 1, share: 0 }]);
    expect(merged[0]).toEqual({ ...old, status: 'running' });
    expect(merged[1]).toEqual({ runId: 'r1', name: 'web', seed: 1, share: 0, points: [], notes: [], samples: [], status: 'running' });
    expect(merged[0].points).not.toBe(old.points);
  });
});
