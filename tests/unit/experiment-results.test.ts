import { describe, expect, it } from 'vitest';
import { runsToCsv } from '../../src/lib/experiment/export-csv.ts';
import type { RunCurve } from '../../src/lib/experiment/results.ts';
import { formatSpread, spread } from '../../src/lib/experiment/spread.ts';

const run = (id: string, name: string, points: RunCurve['points']): RunCurve => ({ runId: id, name, seed: 1, share: 1, points, notes: [], samples: [], status: 'done' });

describe('runsToCsv', () => {
  it('writes one row per eval point with every metric column', () => {
    const csv = runsToCsv([
      run('r0', 'synthetic', [{ step: 10, tokens: 1280, elapsedMs: 1500.4, trainLoss: 2.5, bpb: { web: 3.1, stories: 1.2 }, probeRank: { stories: 0.5 }, probeExact: {}, pairs: 0.75 }]),
      run('r1', 'web, "noisy"', [{ step: 10, tokens: 1280, elapsedMs: 1400, trainLoss: 2.7, bpb: { web: 2.9 }, probeRank: {}, probeExact: {}, pairs: null }]),
    ]);
    expect(csv.split('\n')).toEqual([
      'run,name,seed,share,step,tokens,elapsed_ms,train_loss,bpb.stories,bpb.web,probeRank.stories,pairs',
      'r0,synthetic,1,1,10,1280,1500,2.5,1.2,3.1,0.5,0.75',
      'r1,"web, ""noisy""",1,1,10,1280,1400,2.7,,2.9,,',
      '',
    ]);
  });
  it('defuses spreadsheet formulas in names', () => {
    expect(runsToCsv([run('r', '=HYPERLINK("x")', [{ step: 1, tokens: 1, elapsedMs: 0, trainLoss: 1, bpb: {}, probeRank: {}, probeExact: {}, pairs: null }])]).split('\n')[1]).toMatch(/^r,"'=HYPERLINK\(""x""\)"/);
  });
});

describe('spread', () => {
  it('computes mean and sample standard deviation', () => {
    const s = spread([1, 2, 3, 4]);
    expect(s?.mean).toBe(2.5);
    expect(s?.std).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(formatSpread(spread([2]))).toBe('2.000');
    expect(formatSpread(spread([1, 3]), 1)).toBe('2.0 ± 1.4 (n=2)');
    expect(spread([NaN])).toBeNull();
  });
});
