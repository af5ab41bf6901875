import { describe, expect, it } from 'vitest';
import { aggregateCurve, aggregateFinals, groupBySpec } from '../../src/lib/experiment/aggregate.ts';
import { defaultExperiment, type ExperimentConfig } from '../../src/lib/experiment/config.ts';
import { runsToCsv } from '../../src/lib/experiment/export-csv.ts';
import { RESULTS_SCHEMA, summaryTable, type ResultsDocument } from '../../src/lib/experiment/results-doc.ts';
import type { EvalPoint, RunCurve } from '../../src/lib/experiment/results.ts';
import { runIds } from '../../src/lib/experiment/run-ids.ts';
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

describe('probe slices and story parse in exports', () => {
  it('become CSV columns, after the other metrics', () => {
    const csv = runsToCsv([
      run('r0', 'arith', [{ step: 5, tokens: 10, elapsedMs: 1, trainLoss: 2, bpb: { arithmetic: 1.5 }, probeRank: {}, probeExact: { arithmetic: 0.25 }, probeBreakdown: { 'arithmetic/steps=2': 0.5, 'arithmetic/ood': 0 }, pairs: null, storyParse: 0.75, storyGrammatical: 0.5, storyConsistent: 0.25 }]),
    ]);
    expect(csv.split('\n').slice(0, 2)).toEqual([
      'run,name,seed,share,step,tokens,elapsed_ms,train_loss,bpb.arithmetic,probeBreakdown.arithmetic/ood,probeBreakdown.arithmetic/steps=2,probeExact.arithmetic,storyParse,storyGrammatical,storyConsistent,pairs',
      'r0,arith,1,1,5,10,1,2,1.5,0,0.5,0.25,0.75,0.5,0.25,',
    ]);
  });
});

/** An experiment with two specs × three seeds, and its runs with made-up but distinct numbers. */
function repeated(): { config: ExperimentConfig; runs: RunCurve[] } {
  const config: ExperimentConfig = { ...defaultExperiment(), repeats: 3 };
  const runs = runIds(config).map(({ id, index, seed, name }, i): RunCurve => ({
    runId: id,
    name,
    seed,
    share: config.runs[index].share,
    points: [0, 10].map((step): EvalPoint => ({
      step,
      tokens: step * 100,
      elapsedMs: 0,
      trainLoss: step === 0 ? NaN : 3 + i,
      bpb: { web: 5 + index + (seed - config.seed) * 0.1 + step * 0.01 },
      probeRank: {},
      probeExact: { arithmetic: index === 0 ? [0.5, 0.25, 0][seed - config.seed] : 0 },
      probeBreakdown: { 'arithmetic/steps=2': 0.5 },
      pairs: null,
    })),
    notes: [],
    samples: [],
    status: 'done',
  }));
  return { config, runs };
}

describe('mean and spread over seeds', () => {
  it('groups repeats by run spec and folds each final metric into a spread', () => {
    const { config, runs } = repeated();
    expect(groupBySpec(config, runs).map((g) => [g.name, g.runs.map((r) => r.runId)])).toEqual([
      ['synthetic', ['r0s0', 'r0s1', 'r0s2']],
      ['web', ['r1s0', 'r1s1', 'r1s2']],
    ]);
    const [synthetic, web] = aggregateFinals(config, runs);
    expect(synthetic.seeds).toEqual([1234, 1235, 1236]);
    expect(synthetic.steps).toEqual([10, 10, 10]);
    expect(synthetic.final['bpb.web'].mean).toBeCloseTo(5.2, 12);
    expect(synthetic.final['bpb.web'].std).toBeCloseTo(0.1, 12);
    expect(synthetic.final['probeExact.arithmetic']).toMatchObject({ mean: 0.25, min: 0, max: 0.5, n: 3 });
    expect(synthetic.final.trainLoss).toMatchObject({ mean: 4, n: 3 });
    expect(synthetic.final.pairs).toBeUndefined(); // no run has a value
    expect(web.final['bpb.web'].mean).toBeCloseTo(6.2, 12);
  });

  it('aggregates a curve point by point, for a mean line and a band', () => {
    const { config, runs } = repeated();
    const [synthetic] = groupBySpec(config, runs);
    const band = aggregateCurve(synthetic.runs, (p) => p.bpb.web ?? null);
    expect(band.map((b) => [b.step, b.tokens, b.n])).toEqual([[0, 0, 3], [10, 1000, 3]]);
    expect(band[0].mean).toBeCloseTo(5.1, 12);
    expect(band[1].max).toBeCloseTo(5.3, 12);
    // Missing values (train loss at step 0 is NaN) leave that step out.
    expect(aggregateCurve(synthetic.runs, (p) => p.trainLoss).map((b) => b.step)).toEqual([10]);
  });

  it('the summary table shows exact-match-only families, the slices, and one mean ± sd row per spec after the seeds', () => {
    const { config, runs } = repeated();
    const doc: ResultsDocument = {
      schema: RESULTS_SCHEMA,
      config,
      backend: 'cpu',
      startedAt: '',
      finishedAt: '',
      model: { parameters: 1, style: 'llama', nLayer: 1, dModel: 8, nHead: 1, mlpHidden: 8, contextLength: 128, vocabSize: 257 },
      corpus: { fingerprint: '', bytes: 0, documents: 0, web: null, extra: null },
      tokenizer: { kind: 'byte', vocabSize: 257 },
      heldout: [{ name: 'web', bytes: 1, documents: 1, floorBpb: null, floorIsUpperBound: false }],
      probes: [],
      runs,
      aggregates: aggregateFinals(config, runs),
    };
    const lines = summaryTable(doc).split('\n');
    expect(lines[0]).toMatch(/^run\s+steps\s+bpb web\s+exact arithmetic\s+pairs$/);
    expect(lines.slice(1, 7).map((l) => l.split(/\s{2,}/)[0])).toEqual(runs.map((r) => r.name));
    expect(lines[7]).toMatch(/^synthetic \(mean ± sd, n=3\)\s+10\s+5\.200 ± 0\.100\s+0\.250 ± 0\.250\s+—$/);
    expect(lines[8]).toMatch(/^web \(mean ± sd, n=3\)\s+10\s+6\.200 ± 0\.100\s+0\.000 ± 0\.000\s+—$/);
    expect(lines[9]).toMatch(/^\(entropy floor\)/);
    expect(lines).toContain('probe accuracy by slice');
  });
});
