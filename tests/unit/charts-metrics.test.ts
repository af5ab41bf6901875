import { describe, expect, it } from 'vitest';
import type { EvalPoint, RunCurve } from '../../src/lib/experiment/results.ts';
import { RUN_COLORS } from '../../src/lib/charts/align.ts';
import { defaultMetricId, lossSeries, metricChoices, noteMarkers, pickMetric, reproductionGap, reproductionVerdict, seriesFor } from '../../src/lib/charts/metrics.ts';

const point = (step: number, web: number, stories: number, extra: Partial<EvalPoint> = {}): EvalPoint => ({
  step,
  tokens: step * 100,
  elapsedMs: step * 10,
  trainLoss: web + 1,
  bpb: { stories, web },
  probeRank: { stories: step / 100 },
  probeExact: { stories: 0 },
  pairs: null,
  ...extra,
});

const run = (runId: string, name: string, points: EvalPoint[], notes: RunCurve['notes'] = []): RunCurve => ({ runId, name, seed: 1, share: 1, points, notes, samples: [], status: 'done' });

describe('metricChoices', () => {
  it('lists bits per byte per held-out set (web first), then training loss, then probes and pairs', () => {
    const ids = metricChoices([run('r0', 'a', [point(0, 3, 2, { pairs: 0.5 })])]).map((c) => c.id);
    expect(ids).toEqual(['bpb.web', 'bpb.stories', 'trainLoss', 'probeRank.stories', 'probeExact.stories', 'pairs']);
  });

  it('adds probe slices and the story-sample shares where points carry them', () => {
    const choices = metricChoices([run('r0', 'a', [point(0, 3, 2, { probeBreakdown: { 'arithmetic/ood': 0.25, 'arithmetic/steps=2': 0.5 }, storyParse: 0.4 })])]);
    expect(choices.map((c) => c.id).slice(-3)).toEqual(['probeBreakdown.arithmetic/ood', 'probeBreakdown.arithmetic/steps=2', 'storyParse']);
    expect(choices.at(-3)!.label).toBe('arithmetic probes, ood: accuracy');
    expect(choices.at(-3)!.read(point(0, 3, 2, { probeBreakdown: { 'arithmetic/ood': 0.25 } }))).toBe(0.25);
    expect(choices.at(-1)!.read(point(0, 3, 2))).toBeNull();
    const story = metricChoices([run('r0', 'a', [point(0, 3, 2, { storyParse: 0, storyGrammatical: 0.5, storyConsistent: 0.25 })])]);
    expect(story.map((c) => [c.id, c.unit]).slice(-3)).toEqual([
      ['storyParse', 'share'],
      ['storyGrammatical', 'share'],
      ['storyConsistent', 'share'],
    ]);
    expect(story.at(-2)!.read(point(0, 3, 2, { storyGrammatical: 0.5 }))).toBe(0.5);
  });

  it('has only training loss before any evaluation', () => {
    expect(metricChoices([run('r0', 'a', [])]).map((c) => c.id)).toEqual(['trainLoss']);
  });

  it('reads non-finite values as gaps', () => {
    const [web] = metricChoices([run('r0', 'a', [point(0, 3, 2)])]);
    expect(web.read(point(0, NaN, 2))).toBeNull();
    expect(web.read(point(0, 2.5, 2))).toBe(2.5);
  });
});

describe('pickMetric', () => {
  const before = metricChoices([run('r0', 'a', [])]);
  const after = metricChoices([run('r0', 'a', [point(0, 3, 2)])]);

  it('moves an automatic pick from training loss to bits per byte once evaluations arrive', () => {
    const first = pickMetric(before, 'bpb.web', false);
    expect(first).toBe('trainLoss');
    expect(pickMetric(after, first, false)).toBe('bpb.web');
    expect(defaultMetricId(after)).toBe('bpb.web');
  });

  it("keeps the user's own pick while it exists, and falls back to the default when it disappears", () => {
    expect(pickMetric(after, 'probeRank.stories', true)).toBe('probeRank.stories');
    expect(pickMetric(after, 'bpb.gone', true)).toBe('bpb.web');
  });
});

describe('seriesFor', () => {
  const live = [run('r0', 'synthetic', [point(0, 3, 2), point(10, 2.5, 1.5)]), run('r1', 'web', [point(0, 3.1, 2.2)])];
  const recorded = [run('r1', 'web', [point(0, 3.2, 2.3)]), run('r9', 'only recorded', [point(0, 4, 4)])];
  const web = metricChoices(live)[0];

  it('plots each live run against tokens or steps, in its run colour', () => {
    const s = seriesFor(live, [], web, 'tokens');
    expect(s.map((x) => x.label)).toEqual(['synthetic', 'web']);
    expect(s[0].points).toEqual([[0, 3], [1000, 2.5]]);
    expect(s[0].color).toBe(RUN_COLORS[0]);
    expect(seriesFor(live, [], web, 'steps')[0].points).toEqual([[0, 3], [10, 2.5]]);
  });

  it('draws recorded runs dashed, in the colour of the live run with the same name', () => {
    const s = seriesFor(live, recorded, web, 'steps');
    expect(s.map((x) => [x.label, x.color, x.dashed])).toEqual([
      ['synthetic', RUN_COLORS[0], false],
      ['web', RUN_COLORS[1], false],
      ['web (recorded)', RUN_COLORS[1], true],
      ['only recorded (recorded)', RUN_COLORS[3], true],
    ]);
  });
});

describe('reproduction', () => {
  const recorded = [run('r0', 'synthetic', [point(0, 3, 2), point(10, 2, 1.5), point(20, 1.5, 1)])];
  const web = metricChoices(recorded)[0];

  it('measures the largest gap at shared steps only', () => {
    const live = run('r0', 'synthetic', [point(0, 3, 2), point(10, 2.25, 1.5), point(15, 9, 9)]);
    expect(reproductionGap(live, recorded[0], web)).toBeCloseTo(0.25, 12);
    expect(reproductionGap(run('r0', 'synthetic', [point(5, 3, 2)]), recorded[0], web)).toBeNull();
  });

  it('says "reproduced" within 2% of the recorded values and "not reproduced" beyond', () => {
    // Mean recorded web bpb is (3 + 2 + 1.5) / 3 = 2.1667, so the tolerance is 0.04333.
    const close = reproductionVerdict([run('r0', 'synthetic', [point(0, 3.01, 2), point(10, 2.03, 1.5)])], recorded, web);
    expect(close.tolerance).toBeCloseTo(0.02 * (6.5 / 3), 12);
    expect(close.maxGap).toBeCloseTo(0.03, 12);
    expect(close.reproduced).toBe(true);
    expect(close.compared).toBe(1);
    const far = reproductionVerdict([run('r0', 'synthetic', [point(0, 3, 2), point(10, 2.1, 1.5)])], recorded, web);
    expect(far.reproduced).toBe(false);
    expect(far.perRun).toEqual([{ name: 'synthetic', gap: expect.closeTo(0.1, 12) }]);
  });

  it('has no verdict before a shared step, and a fixed tolerance of 0.05 for accuracies', () => {
    const v = reproductionVerdict([run('r0', 'synthetic', [])], recorded, web);
    expect([v.maxGap, v.reproduced, v.compared]).toEqual([null, null, 0]);
    const acc = metricChoices(recorded).find((c) => c.id === 'probeRank.stories')!;
    expect(reproductionVerdict([run('r0', 'synthetic', [point(10, 2, 1.5, { probeRank: { stories: 0.14 } })])], recorded, acc)).toMatchObject({ tolerance: 0.05, reproduced: true });
  });
});

describe('chart markers and the live loss', () => {
  it('puts one marker per note at the note step, in tokens or steps', () => {
    const runs = [run('r0', 'a', [], [{ step: 7, message: 'Non-finite loss at step 7: rolled back' }]), run('r1', 'b', [], [{ step: 3, message: 'resumed' }])];
    expect(noteMarkers(runs, 'tokens', 64)).toEqual([
      { x: 448, color: RUN_COLORS[0], label: 'a, step 7: Non-finite loss at step 7: rolled back' },
      { x: 192, color: RUN_COLORS[1], label: 'b, step 3: resumed' },
    ]);
    expect(noteMarkers(runs, 'steps', 64).map((m) => m.x)).toEqual([7, 3]);
  });

  it('plots every step where the page saw them, else the loss stored with each eval point', () => {
    const runs = [run('r0', 'a', [point(0, 3, 2), point(10, 2, 1)]), run('r1', 'b', [point(0, 3, 2), point(10, 2.5, 1)])];
    const trails = new Map([['r0', [[1, 5.5], [2, 5.1], [3, 4.9]] as Array<[number, number]>]]);
    const s = lossSeries(runs, [], trails, 'tokens', 10);
    expect(s[0].points).toEqual([[10, 5.5], [20, 5.1], [30, 4.9]]);
    expect(s[1].points).toEqual([[0, 4], [1000, 3.5]]);
  });
});
