// Headline readouts on hand-built results: each kind's numbers, its verdicts in both directions, and
// what it says when the results cannot answer (missing runs, missing metrics).
import { describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../../src/lib/experiment/config.ts';
import { formatTokens, headline, heldOutOfRuns, MARGINS, probeAccuracy, tokensToReach, type HeldOutInfo } from '../../src/lib/experiment/headline.ts';
import { experimentPreset } from '../../src/lib/experiment/presets.ts';
import type { EvalPoint, RunCurve } from '../../src/lib/experiment/results.ts';

const TOKENS_PER_EVAL = 10_000;

interface Values {
  bpb?: Record<string, number>;
  probe?: number;
  exact?: number;
  storyParse?: number;
  storyGrammatical?: number;
  storyConsistent?: number;
}

/** One run whose eval i (at i·10k tokens) has the values vals[i]; probes are biographies probes. */
function run(runId: string, name: string, share: number, vals: Values[], seed = 1234): RunCurve {
  const points: EvalPoint[] = vals.map((v, i) => ({
    step: i * 10,
    tokens: i * TOKENS_PER_EVAL,
    elapsedMs: i,
    trainLoss: 1,
    bpb: v.bpb ?? {},
    probeRank: v.probe === undefined ? ({} as Record<string, number>) : { biographies: v.probe },
    probeExact: v.exact === undefined ? ({} as Record<string, number>) : { biographies: v.exact },
    pairs: null,
    ...(v.storyParse === undefined ? {} : { storyParse: v.storyParse }),
    ...(v.storyGrammatical === undefined ? {} : { storyGrammatical: v.storyGrammatical }),
    ...(v.storyConsistent === undefined ? {} : { storyConsistent: v.storyConsistent }),
  }));
  return { runId, name, seed, share, points, notes: [], samples: [], status: 'done' };
}

const probes = (...xs: number[]): Values[] => xs.map((probe) => ({ probe }));
const config = (id: string): ExperimentConfig => experimentPreset(id)!.config();
const heldout = (...names: string[]): HeldOutInfo[] => names.map((name) => ({ name, floorBpb: name === 'web' ? null : 0.5, floorIsUpperBound: false }));

describe('tokensToReach', () => {
  const s = [
    { tokens: 0, value: 0.1 },
    { tokens: 1000, value: 0.3 },
    { tokens: 2000, value: 0.5 },
  ];
  it('interpolates linearly between the evaluations around the crossing', () => {
    expect(tokensToReach(s, 0.4, 'up')).toBeCloseTo(1500, 9);
    expect(tokensToReach(s, 0.3, 'up')).toBe(1000);
    expect(tokensToReach(s, 0.05, 'up')).toBe(0);
  });
  it('handles falling metrics and says null when the level is never reached', () => {
    const bpb = s.map((p) => ({ tokens: p.tokens, value: 3 - 2 * p.value }));
    expect(tokensToReach(bpb, 2.3, 'down')).toBeCloseTo(1250, 9);
    expect(tokensToReach(s, 0.6, 'up')).toBeNull();
    expect(tokensToReach([], 0.6, 'up')).toBeNull();
  });
  it('takes the crossing after which the curve stays at the level, not an earlier touch', () => {
    const noisy = [
      { tokens: 0, value: 0 },
      { tokens: 100, value: 1 },
      { tokens: 200, value: 0 },
      { tokens: 300, value: 1 },
      { tokens: 400, value: 0.5 },
    ];
    expect(tokensToReach(noisy, 0.5, 'up')).toBe(250);
    // Touched and lost by the end: not reached.
    expect(tokensToReach(noisy.slice(0, 3), 0.5, 'up')).toBeNull();
    expect(tokensToReach(noisy.map((p) => ({ ...p, value: 1 - p.value })), 0.5, 'down')).toBe(250);
  });
});

describe('probeAccuracy', () => {
  it('uses ranking where a family has it, exact match elsewhere, and averages families', () => {
    const p = run('r0', 'x', 1, [{}]).points[0];
    p.probeRank = { stories: 0.5 };
    p.probeExact = { stories: 0.1, arithmetic: 0.3 };
    expect(probeAccuracy(p)).toBeCloseTo(0.4, 12);
    expect(probeAccuracy(p, 'arithmetic')).toBeCloseTo(0.3, 12);
    p.probeRank = {};
    p.probeExact = {};
    expect(probeAccuracy(p)).toBeNull();
  });
});

describe('designed data vs web text', () => {
  const cfg = config('synthetic-vs-web');
  const sets = heldout('web', 'stories', 'biographies');
  const synth = (final: Partial<Values> = {}) =>
    run('r0', 'synthetic', 1, [
      { bpb: { web: 8, stories: 8, biographies: 8 }, probe: 0.1 },
      { bpb: { web: 4, stories: 2, biographies: 2.5 }, probe: 0.3 },
      { bpb: { web: 3.6, stories: 1.5, biographies: 2 }, probe: 0.5, ...final },
    ]);
  const web = run('r1', 'web', 0, [
    { bpb: { web: 8, stories: 8, biographies: 8 }, probe: 0.1 },
    { bpb: { web: 3, stories: 3, biographies: 3.5 }, probe: 0.2 },
    { bpb: { web: 2.5, stories: 2.8, biographies: 3.2 }, probe: 0.25 },
  ]);

  it('says the effect is shown, with every number, and races the runs for token efficiency', () => {
    const r = headline('synthetic-vs-web', { config: cfg, runs: [synth(), web], heldout: sets });
    expect(r.verdict).toBe('shown');
    expect(r.checks.map((c) => c.verdict)).toEqual(['shown', 'shown', 'shown']);
    expect(r.checks[0].detail).toContain('stories: 1.500 vs 2.800');
    expect(r.checks[2].detail).toContain('0.500 vs 0.250');
    // The web run never reaches the synthetic run's final 0.5 within its 20k tokens; the synthetic run got there at 20k.
    expect(r.notes[0]).toContain('did not reach');
    expect(r.notes[0]).toContain('20k');
    // The synthetic run ends at 3.6 web bpb, never reaching the web run's final 2.5.
    expect(r.notes[1]).toContain('did not reach the web run\'s final 2.500');
    expect(r.table.columns).toEqual(['bpb web', 'bpb stories', 'bpb biographies', 'probe accuracy']);
    expect(r.table.rows[0]).toEqual({ run: 'synthetic', cells: ['3.600', '1.500', '2.000', '0.500'] });
  });

  it('gives each check its effect, each family and arithmetic rung, and the chance level', () => {
    const r = headline('synthetic-vs-web', { config: cfg, runs: [synth(), web], heldout: sets });
    // synthetic-bpb: the set where the synthetic run leads least (stories +1.3, biographies +1.2).
    expect(r.checks.map((c) => [c.id, c.effect?.value.toFixed(3), c.effect?.margin])).toEqual([['synthetic-bpb', '1.200', 0.05], ['web-bpb', '1.100', 0.05], ['probe', '0.250', 0.05]]);
    expect(r.notes).toContain('By family (synthetic vs web): biographies 0.500 vs 0.250.');
    expect(r.notes.some((n) => n.startsWith('Chance: ranking picks among at most 8 candidates'))).toBe(true);
    const ladder = (p: number) => (x: RunCurve) => ({ ...x, points: x.points.map((pt) => ({ ...pt, probeBreakdown: { 'arithmetic/rung=1-digit': p, 'arithmetic/rung=2-digit': 0 } })) });
    const withRungs = headline('synthetic-vs-web', { config: cfg, runs: [ladder(0.5)(synth()), ladder(0)(web)], heldout: sets });
    expect(withRungs.notes).toContain('Arithmetic by rung: 1-digit 0.500 vs 0.000; 2-digit 0.000 vs 0.000.');
  });

  it('gives an interpolated ratio when the other run does get there', () => {
    const s = run('r0', 'synthetic', 1, probes(0.1, 0.3, 0.3).map((v, i) => ({ ...v, bpb: { web: 5 - i } })));
    const w = run('r1', 'web', 0, probes(0.1, 0.2, 0.4).map((v, i) => ({ ...v, bpb: { web: 5 - 2 * i } })));
    const r = headline('synthetic-vs-web', { config: cfg, runs: [s, w], heldout: heldout('web') });
    // Synthetic first reaches 0.3 at 10k tokens; web crosses 0.3 halfway between 10k and 20k → 15k: 1.5×.
    expect(r.notes[0]).toContain('at 15k tokens, the synthetic run at 10k (ratio 1.5×)');
    // Web's final web bpb is 1; the synthetic run ends at 3: not reached.
    expect(r.notes[1]).toContain('did not reach');
  });

  it('says NOT SHOWN, with the numbers, when the synthetic run does not win', () => {
    const r = headline('synthetic-vs-web', { config: cfg, runs: [synth({ probe: 0.27, bpb: { web: 3.6, stories: 2.79, biographies: 2 } }), web], heldout: sets });
    expect(r.verdict).toBe('not shown');
    expect(r.checks[0].verdict).toBe('not shown');
    expect(r.checks[0].detail).toContain('stories: 2.790 vs 2.800');
    expect(r.checks[2].verdict).toBe('not shown');
    expect(r.summary).toContain('NOT SHOWN');
    expect(r.summary).toContain(`margin of ${MARGINS.probe}`);
  });

  it('says a probe race has no level when the synthetic run did not improve', () => {
    const s = run('r0', 'synthetic', 1, probes(0.2, 0.1));
    const w = run('r1', 'web', 0, probes(0.2, 0.15));
    const r = headline('synthetic-vs-web', { config: cfg, runs: [s, w], heldout: heldout('web') });
    expect(r.notes[0]).toContain('did not improve on its start by the margin of 0.05 (0.200 → 0.100)');
  });

  it('does not race to a level the run reached only by float noise', () => {
    // The same accuracy averaged two ways can differ in the last bit; a run that "improved" by that has no level to race to.
    const s = run('r0', 'synthetic', 1, probes(2 / 9, (2 / 9) * (1 + Number.EPSILON)));
    const w = run('r1', 'web', 0, probes(2 / 9, 2 / 9 - 1e-17));
    const r = headline('synthetic-vs-web', { config: cfg, runs: [s, w], heldout: heldout('web') });
    expect(r.notes[0]).toContain('no level to race to');
    expect(r.notes[0]).not.toMatch(/ratio/);
  });

  it('says "not measured" without a web run', () => {
    const r = headline('synthetic-vs-web', { config: cfg, runs: [synth()], heldout: sets });
    expect(r.verdict).toBe('not measured');
    expect(r.summary).toContain('needs a run at 100% synthetic and a run at 0% synthetic');
  });

  it('says "not measured" before any evaluation', () => {
    const r = headline('synthetic-vs-web', { config: cfg, runs: [], heldout: sets });
    expect(r.verdict).toBe('not measured');
    expect(r.summary).toContain('no run has been evaluated yet');
  });
});

describe('knowledge needs paraphrases', () => {
  const cfg = config('knowledge-paraphrases');
  it('reports each run\'s accuracy on held-out phrasings and the gap', () => {
    const one = run('r0', 'one phrasing', 1, [{ probe: 0.12, exact: 0 }, { probe: 0.2, exact: 0.05 }]);
    const five = run('r1', 'five phrasings', 1, [{ probe: 0.12, exact: 0 }, { probe: 0.45, exact: 0.2 }]);
    const r = headline('probe-gap', { config: cfg, runs: [one, five], heldout: heldout('biographies') });
    expect(r.verdict).toBe('shown');
    expect(r.checks[0].detail).toContain('0.450 vs 0.200 (gap +0.250)');
    expect(r.table.rows.map((x) => x.cells.slice(0, 3))).toEqual([
      ['1', '0.200', '0.050'],
      ['5', '0.450', '0.200'],
    ]);
  });
  it('says NOT SHOWN when the gap is inside the margin or the wrong way round', () => {
    for (const b of [0.22, 0.1]) {
      const r = headline('probe-gap', { config: cfg, runs: [run('r0', 'one phrasing', 1, probes(0.12, 0.2)), run('r1', 'five phrasings', 1, probes(0.12, b))], heldout: [] });
      expect(r.verdict).toBe('not shown');
      expect(r.summary).toContain('NOT SHOWN');
    }
  });
  it('finds the roles by paraphrase count, not by run order', () => {
    const swapped: ExperimentConfig = { ...cfg, runs: [cfg.runs[1], cfg.runs[0]] };
    const r = headline('probe-gap', { config: swapped, runs: [run('r0', 'five phrasings', 1, probes(0.1, 0.5)), run('r1', 'one phrasing', 1, probes(0.1, 0.2))], heldout: [] });
    expect(r.checks[0].claim).toBe('The five phrasings run answers more held-out questions than the one phrasing run');
    expect(r.verdict).toBe('shown');
  });
  it('says "not measured" when the runs do not differ in paraphrases', () => {
    const same: ExperimentConfig = { ...cfg, runs: [cfg.runs[0], { ...cfg.runs[0], name: 'again' }] };
    const r = headline('probe-gap', { config: same, runs: [run('r0', 'a', 1, probes(0.1)), run('r1', 'again', 1, probes(0.1))], heldout: [] });
    expect(r.verdict).toBe('not measured');
  });
});

describe('data quality as a token multiplier', () => {
  const cfg = config('quality-multiplier');
  // Level = 0.1 + (0.5 − 0.1)/2 = 0.3. Clean crosses it at 10k; diluted at 25k (2.5×); tagged at 15k (1.5×).
  const clean = run('r0', 'clean', 1, probes(0.1, 0.3, 0.5, 0.5));
  const diluted = run('r1', 'diluted 1:2', 1, probes(0.1, 0.15, 0.2, 0.4));
  const tagged = run('r2', 'diluted 1:2 + tag', 1, probes(0.1, 0.2, 0.4, 0.45));

  it('gives the tokens each run needs to reach the level, as ratios to the clean run', () => {
    const r = headline('tokens-to-accuracy', { config: cfg, runs: [clean, diluted, tagged], heldout: [] });
    expect(r.verdict).toBe('shown');
    expect(r.table.rows.map((x) => [x.run, ...x.cells.slice(3)])).toEqual([
      ['clean', '10k', '1.0×'],
      ['diluted 1:2', '25k', '2.5×'],
      ['diluted 1:2 + tag', '15k', '1.5×'],
    ]);
    expect(r.checks[1]).toMatchObject({ verdict: 'shown', primary: false });
    expect(r.notes[0]).toContain('The level is 0.300, halfway between the start (0.100)');
    expect(r.notes.join(' ')).toContain('interpolated linearly');
  });
  it('counts a run that never reaches the level as slower, and says so', () => {
    const flat = run('r1', 'diluted 1:2', 1, probes(0.1, 0.1, 0.12, 0.15));
    const r = headline('tokens-to-accuracy', { config: cfg, runs: [clean, flat, tagged], heldout: [] });
    expect(r.checks[0].verdict).toBe('shown');
    expect(r.checks[0].detail).toContain('diluted 1:2: not reached within 30k tokens');
    expect(r.checks[1].verdict).toBe('shown');
  });
  it('does not count a run that touches the level and falls back', () => {
    const touched = run('r1', 'diluted 1:2', 1, probes(0.1, 0.35, 0.2, 0.25));
    const r = headline('tokens-to-accuracy', { config: cfg, runs: [clean, touched, tagged], heldout: [] });
    expect(r.checks[0].detail).toContain('diluted 1:2: not reached within 30k tokens');
    expect(r.checks[1].verdict).toBe('shown');
  });
  it('says NOT SHOWN when a diluted run is about as fast as clean', () => {
    const fast = run('r1', 'diluted 1:2', 1, probes(0.1, 0.28, 0.5, 0.5));
    const r = headline('tokens-to-accuracy', { config: cfg, runs: [clean, fast, tagged], heldout: [] });
    expect(r.verdict).toBe('not shown');
    expect(r.checks[1].verdict).toBe('not shown'); // tagged (15k) is slower than this untagged run (~10.9k)
  });
  it('says NOT SHOWN when the clean run never improved, instead of inventing a level', () => {
    const r = headline('tokens-to-accuracy', { config: cfg, runs: [run('r0', 'clean', 1, probes(0.1, 0.12)), diluted, tagged], heldout: [] });
    expect(r.verdict).toBe('not shown');
    expect(r.checks[0].detail).toContain('did not rise (0.100 → 0.120');
  });
});

describe('mixture sweep', () => {
  const cfg = config('mixture-sweep');
  const shares = [0, 0.25, 0.5, 0.75, 1];
  const final = (i: number, probe: number, web: number) => run(`r${i}`, `${shares[i] * 100}% synthetic`, shares[i], [{ probe: 0.1, bpb: { web: 8 } }, { probe, bpb: { web } }]);

  it('gives final web bpb and probe accuracy against the synthetic share, for a plot', () => {
    const runs = [final(4, 0.6, 4), final(0, 0.1, 2.5), final(2, 0.45, 2.7), final(1, 0.3, 2.6), final(3, 0.55, 3)];
    const r = headline('mixture-curve', { config: cfg, runs, heldout: heldout('web') });
    expect(r.mixture).toEqual([
      { name: '0% synthetic', share: 0, webBpb: 2.5, probe: 0.1 },
      { name: '25% synthetic', share: 0.25, webBpb: 2.6, probe: 0.3 },
      { name: '50% synthetic', share: 0.5, webBpb: 2.7, probe: 0.45 },
      { name: '75% synthetic', share: 0.75, webBpb: 3, probe: 0.55 },
      { name: '100% synthetic', share: 1, webBpb: 4, probe: 0.6 },
    ]);
    expect(r.verdict).toBe('shown');
    expect(r.checks[0].detail).toContain('rises at 4 of 4 steps');
    // 50%: (0.45−0.1)/(0.6−0.1) = 70% of the probe gain, (2.7−2.5)/(4−2.5) = 13% of the web loss.
    expect(r.checks[2]).toMatchObject({ verdict: 'shown', primary: false });
    expect(r.checks[2].detail).toContain('70% of the probe-accuracy gain and 13% of the web-bpb loss');
  });
  it('says NOT SHOWN when probe accuracy does not rise with the share', () => {
    const runs = [final(0, 0.3, 2.5), final(2, 0.3, 2.7), final(4, 0.32, 4)];
    const r = headline('mixture-curve', { config: cfg, runs, heldout: heldout('web') });
    expect(r.verdict).toBe('not shown');
    expect(r.checks[0].verdict).toBe('not shown');
    expect(r.checks[1].verdict).toBe('shown');
  });
});

describe('TinyStories in miniature', () => {
  const cfg = config('tinystories');
  const sets: HeldOutInfo[] = [
    { name: 'web', floorBpb: null, floorIsUpperBound: false },
    { name: 'stories', floorBpb: 0.4, floorIsUpperBound: true },
  ];
  it('reports grammatical and consistent sentences, the parse share and each run\'s gap to the entropy floor', () => {
    const start = { bpb: { stories: 8, web: 8 }, storyParse: 0, storyGrammatical: 0 };
    const stories = run('r0', 'stories', 1, [start, { bpb: { stories: 1.1, web: 5 }, storyParse: 0, storyGrammatical: 0.8, storyConsistent: 0.5 }]);
    // The web run writes no grammatical sentence: it has no consistent share, and counts 0 consistent sentences.
    const web = run('r1', 'web', 0, [start, { bpb: { stories: 3, web: 2.5 }, storyParse: 0, storyGrammatical: 0 }]);
    const r = headline('story-grammar', { config: cfg, runs: [stories, web], heldout: sets });
    expect(r.checks.map((c) => [c.id, c.verdict])).toEqual([
      ['story-sentences', 'shown'],
      ['story-consistent', 'shown'],
      ['floor-gap', 'shown'],
    ]);
    expect(r.verdict).toBe('shown');
    expect(r.checks[0].detail).toContain('80% vs 0% of sampled sentences are grammatical');
    // Consistent among all sentences: 0.8 grammatical × 0.5 of those consistent.
    expect(r.checks[1].effect?.value).toBeCloseTo(0.4);
    expect(r.table.rows).toEqual([
      { run: 'stories', cells: ['80%', '40%', '0%', '1.100', '0.700', '5.000'] },
      { run: 'web', cells: ['0%', '0%', '0%', '3.000', '2.600', '2.500'] },
    ]);
    expect(r.notes[0]).toContain('at most 0.400');
  });
  it('says "not measured" for the sentence shares when the results have none, and still checks the floor gap', () => {
    const stories = run('r0', 'stories', 1, [{ bpb: { stories: 1.1 }, storyParse: 0.25 }]);
    const web = run('r1', 'web', 0, [{ bpb: { stories: 3 }, storyParse: 0 }]);
    const r = headline('story-grammar', { config: cfg, runs: [stories, web], heldout: sets });
    expect(r.checks.map((c) => c.verdict)).toEqual(['not measured', 'not measured', 'shown']);
    expect(r.checks[0].detail).toContain('no share of sampled sentences that are grammatical');
    expect(r.verdict).toBe('not measured');
    expect(r.table.rows[0].cells.slice(0, 3)).toEqual(['—', '—', '25%']);
  });
  it('says NOT SHOWN when the web run writes as many grammatical sentences, or the stories run\'s are inconsistent', () => {
    const stories = run('r0', 'stories', 1, [{ bpb: { stories: 1.1 }, storyGrammatical: 0.3, storyConsistent: 1 }]);
    const web = run('r1', 'web', 0, [{ bpb: { stories: 3 }, storyGrammatical: 0.25, storyConsistent: 1 }]);
    const r = headline('story-grammar', { config: cfg, runs: [stories, web], heldout: sets });
    expect(r.checks.map((c) => c.verdict)).toEqual(['not shown', 'not shown', 'shown']);
    expect(r.verdict).toBe('not shown');
    const muddled = run('r0', 'stories', 1, [{ bpb: { stories: 1.1 }, storyGrammatical: 0.9, storyConsistent: 0.05 }]);
    const none = run('r1', 'web', 0, [{ bpb: { stories: 3 }, storyGrammatical: 0 }]);
    expect(headline('story-grammar', { config: cfg, runs: [muddled, none], heldout: sets }).checks.map((c) => c.verdict)).toEqual(['shown', 'not shown', 'shown']);
  });
});

describe('repeats', () => {
  it('averages each run spec over its seeds, point by point', () => {
    const cfg: ExperimentConfig = { ...config('knowledge-paraphrases'), repeats: 2 };
    const runs = [
      run('r0s0', 'one phrasing (seed 1234)', 1, probes(0.1, 0.2), 1234),
      run('r0s1', 'one phrasing (seed 1235)', 1, probes(0.1, 0.3), 1235),
      run('r1s0', 'five phrasings (seed 1234)', 1, probes(0.1, 0.4), 1234),
      run('r1s1', 'five phrasings (seed 1235)', 1, probes(0.1, 0.6), 1235),
    ];
    const r = headline('probe-gap', { config: cfg, runs, heldout: [] });
    expect(r.checks[0].detail).toContain('0.500 vs 0.250');
    expect(r.notes.join(' ')).toContain('mean over its 2 seeds');
  });
});

describe('formatTokens', () => {
  it('writes token counts compactly', () => {
    expect([formatTokens(512), formatTokens(1500), formatTokens(25_000), formatTokens(1_250_000), formatTokens(40_000_000)]).toEqual(['512', '1.5k', '25k', '1.3M', '40M']);
  });
});

describe('held-out sets named by recorded curves', () => {
  it('lists every set any run was scored on, web first, without floors', () => {
    const point = (bpb: Record<string, number>): EvalPoint => ({ step: 0, tokens: 0, elapsedMs: 0, trainLoss: 3, bpb, probeRank: {}, probeExact: {}, pairs: null });
    const runs = [
      { runId: 'r0', name: 'a', seed: 1, share: 1, notes: [], samples: [], status: 'done', points: [point({ stories: 2, web: 4 })] },
      { runId: 'r1', name: 'b', seed: 1, share: 0, notes: [], samples: [], status: 'done', points: [point({ web: 3, textbook: 2 })] },
    ] as RunCurve[];
    expect(heldOutOfRuns(runs)).toEqual([
      { name: 'web', floorBpb: null, floorIsUpperBound: false },
      { name: 'stories', floorBpb: null, floorIsUpperBound: false },
      { name: 'textbook', floorBpb: null, floorIsUpperBound: false },
    ]);
  });
});

describe('deep and narrow vs shallow and wide', () => {
  const cfg = config('depth-vs-width');
  const sets = heldout('stories', 'biographies');
  const curve = (runId: string, name: string, stories: number) =>
    run(runId, name, 1, [
      { bpb: { stories: 4, biographies: 5 }, probe: 0.12 },
      { bpb: { stories, biographies: 2.3 }, probe: 0.2 },
    ]);

  it('names both shapes with their exact parameter counts and judges held-out stories bpb, the wide model expected ahead', () => {
    const r = headline('shape-race', { config: cfg, runs: [curve('r0', 'shallow and wide', 0.53), curve('r1', 'deep and narrow', 0.64)], heldout: sets });
    expect(r.verdict).toBe('shown');
    expect(r.checks.map((c) => c.id)).toEqual(['shape-bpb']);
    expect(r.checks[0].claim).toBe('The shallow and wide model (2 × 48) reads held-out stories with fewer bits per byte');
    expect(r.checks[0].effect?.value).toBeCloseTo(0.11, 12);
    expect(r.table.rows.map((row) => row.cells.slice(0, 2))).toEqual([['2 × 48', '84,720'], ['10 × 24', '84,792']]);
    expect(r.table.columns).toEqual(['layers × width', 'parameters', 'bpb stories', 'bpb biographies', 'probe biographies']);
  });

  it('says NOT SHOWN when the wide model is not ahead by the margin, and which way it went', () => {
    const r = headline('shape-race', { config: cfg, runs: [curve('r0', 'shallow and wide', 0.6), curve('r1', 'deep and narrow', 0.58)], heldout: sets });
    expect(r.verdict).toBe('not shown');
    expect(r.checks[0].detail).toMatch(/stories bpb 0\.600 vs 0\.580 \(difference −0\.020\)/);
  });

  it('cannot judge runs that train the same model', () => {
    const same: ExperimentConfig = { ...cfg, runs: cfg.runs.map(({ model: _m, ...r }) => r) };
    const r = headline('shape-race', { config: same, runs: [curve('r0', 'shallow and wide', 0.5), curve('r1', 'deep and narrow', 0.7)], heldout: sets });
    expect(r.verdict).toBe('not measured');
    expect(r.checks[0].detail).toMatch(/differ in depth/);
  });
});
