import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../../src/lib/experiment/config.ts';
import type { RunCurve } from '../../src/lib/experiment/results.ts';
import { decodeExperimentLink, encodeExperimentLink, payloadFromHash } from '../../src/lib/link/experiment-link.ts';
import { encodePayload } from '../../src/lib/link/codec.ts';

const curve = (name: string, k: number): RunCurve => ({
  runId: `r${k}`,
  name,
  seed: 1234,
  share: k === 0 ? 1 : 0,
  points: [0, 50, 100].map((step, j) => ({
    step,
    tokens: step * 2048,
    elapsedMs: step * 13.3,
    trainLoss: 5.5 - j * (1 + k * 0.1),
    bpb: { web: 8 - j * 1.23456789, stories: 8 - j * 2 },
    probeRank: { stories: 0.25 + j * 0.1 },
    probeExact: { stories: j * 0.05 },
    pairs: j === 0 ? null : 0.5 + j * 0.1,
  })),
  notes: [],
  samples: [],
  status: 'done',
});

describe('share links', () => {
  it('round-trips a config exactly', async () => {
    const config = defaultExperiment();
    const link = await encodeExperimentLink({ config });
    const payload = payloadFromHash(`#${link}`);
    expect(payload).not.toBeNull();
    expect(await decodeExperimentLink(payload!)).toEqual({ ok: true, value: { config } });
  });

  it('carries recorded curves to 4 significant digits, and stays short', async () => {
    const config = defaultExperiment();
    const link = await encodeExperimentLink({ config, recorded: [curve('synthetic', 0), curve('web', 1)] });
    expect(link.length).toBeLessThan(4000);
    const r = await decodeExperimentLink(payloadFromHash(`#${link}`)!);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const back = r.value.recorded!;
    expect(back.map((c) => c.name)).toEqual(['synthetic', 'web']);
    expect(back[0].points[1].bpb.web).toBe(6.765);
    expect(back[0].points[0].pairs).toBeNull();
    expect(back[1].points[2].probeRank.stories).toBeCloseTo(0.45, 10);
  });

  it('says what was wrong with a link from a future version', async () => {
    const payload = await encodePayload({ c: { ...defaultExperiment(), v: 2 } });
    const r = await decodeExperimentLink(payload);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/newer synthlab/);
  });

  it('refuses mismatched result columns', async () => {
    const link = await encodeExperimentLink({ config: defaultExperiment(), recorded: [curve('synthetic', 0)] });
    const decoded = JSON.parse(JSON.stringify(await (async () => {
      const { decodePayload } = await import('../../src/lib/link/codec.ts');
      const d = await decodePayload(link.slice(2));
      return d.ok ? d.value : null;
    })()));
    decoded.r[0].tokens.pop();
    const r = await decodeExperimentLink(await encodePayload(decoded));
    expect(r).toEqual({ ok: false, errors: ['results.runs[0]: its columns have different lengths'] });
  });

  it('carries probe slices and the story-sample shares; a link without them (schema v1) decodes as before', async () => {
    const config = defaultExperiment();
    const withNew = curve('synthetic', 0);
    withNew.points.forEach((p, j) => {
      p.probeBreakdown = { 'arithmetic/steps=2': 0.125 * j, 'arithmetic/ood': 0.5, 'textbook/two-hop': 1 / 3 };
      p.storyParse = j / 4;
      p.storyGrammatical = j / 8;
      if (j > 0) p.storyConsistent = 0.75;
    });
    const link = await encodeExperimentLink({ config, recorded: [withNew] });
    const r = await decodeExperimentLink(payloadFromHash(`#${link}`)!);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const p = r.value.recorded![0].points[2];
    expect(p.probeBreakdown).toEqual({ 'arithmetic/steps=2': 0.25, 'arithmetic/ood': 0.5, 'textbook/two-hop': 0.3333 });
    expect(p.storyParse).toBe(0.5);
    expect(p.storyGrammatical).toBe(0.25);
    expect(p.storyConsistent).toBe(0.75);
    expect(r.value.recorded![0].points[0].storyConsistent).toBeUndefined();

    // A v1 link's payload, written before these fields existed: its points simply lack them.
    const v1 = { c: config, r: [{ id: 'r0', name: 'synthetic', seed: 1234, share: 1, steps: [0, 50], tokens: [0, 102400], ms: [0, 665], loss: [null, 4.5], pairs: [null, 0.6], m: { 'bpb.web': [8, 6.765], 'probeRank.stories': [0.25, 0.35] } }] };
    const old = await decodeExperimentLink(await encodePayload(v1));
    expect(old.ok).toBe(true);
    if (!old.ok) return;
    const q = old.value.recorded![0].points[1];
    expect(q.bpb).toEqual({ web: 6.765 });
    expect(q.probeBreakdown).toBeUndefined();
    expect(q.storyParse).toBeUndefined();
    expect(q.storyGrammatical).toBeUndefined();

    // Slice names are checked like every other column name.
    const bad = { ...v1, r: [{ ...v1.r[0], m: { 'probeBreakdown.arithmetic/<script>': [1, 1] } }] };
    const refused = await decodeExperimentLink(await encodePayload(bad));
    expect(refused.ok).toBe(false);
  });
});
