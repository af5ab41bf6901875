// The experiment runner end to end on the cpu backend: real corpus, tokenizer, model, training, eval.
import { beforeAll, describe, expect, it } from 'vitest';
import { tinyExperiment } from '../helpers/experiments.ts';
import { validateExperimentConfig, type ExperimentConfig } from '../../src/lib/experiment/config.ts';
import { RunControl } from '../../src/lib/experiment/control.ts';
import { mixDocuments, prepareExperiment } from '../../src/lib/experiment/prepare.ts';
import type { WorkerEvent } from '../../src/lib/experiment/protocol.ts';
import { runExperiment } from '../../src/lib/experiment/runner.ts';
import { useCpu } from './model-helpers.ts';

beforeAll(useCpu);

function smallConfig(patch: Partial<ExperimentConfig> = {}): ExperimentConfig {
  const c: ExperimentConfig = { ...tinyExperiment(60), ...patch };
  const v = validateExperimentConfig(c);
  if (!v.ok) throw new Error(v.errors.join('\n'));
  return c;
}

describe('mixDocuments', () => {
  it('keeps the byte share and interleaves evenly', () => {
    const synth = Array.from({ length: 100 }, (_, i) => `s${i}`.padEnd(8, 'x'));
    const web = Array.from({ length: 10 }, (_, i) => `w${i}`.padEnd(8, 'y'));
    const m = mixDocuments(synth, web, 0.5, 400);
    expect(m.syntheticBytes).toBeGreaterThanOrEqual(200);
    expect(m.webBytes).toBeGreaterThanOrEqual(200);
    expect(m.webRepeated).toBe(true);
    expect(m.docs.slice(0, 4).map((d) => d[0])).toEqual(['s', 'w', 's', 'w']);
    expect(() => mixDocuments(synth, [], 0.5, 100)).toThrow(/needs web text/);
  });
});

describe('experiment runner (cpu)', () => {
  it('trains, evaluates at the same steps, checkpoints, and the probes measure what the corpus teaches', async () => {
    const config = smallConfig({ eval: { every: 30, tokens: 256, probesPerFamily: 16, samples: true } });
    const events: WorkerEvent[] = [];
    const prepared = await prepareExperiment(config, null);
    expect(prepared.heldout.map((h) => h.name)).toEqual(['stories']);
    expect(prepared.heldout[0].floorBpb).toBeGreaterThan(0);
    const curves = await runExperiment(config, prepared, (e) => events.push(e), new RunControl());
    const run = curves[0];
    expect(run.status).toBe('done');
    expect(run.points.map((p) => p.step)).toEqual([0, 30, 60]);
    const [first, , last] = run.points;
    console.log(`[runner] step 0 → 60: stories bpb ${first.bpb.stories.toFixed(3)} → ${last.bpb.stories.toFixed(3)}, cloze ranking ${first.probeRank.stories} → ${last.probeRank.stories}, minimal pairs ${first.pairs} → ${last.pairs}`);
    expect(last.bpb.stories).toBeLessThan(first.bpb.stories - 1);
    // Held-out cloze probes (who has what), ranked among 8 candidates: the run learns what the corpus teaches.
    expect(last.probeRank.stories).toBeGreaterThan(first.probeRank.stories + 0.1);
    expect(last.pairs).not.toBeNull();
    expect(events.filter((e) => e.type === 'checkpoint').length).toBe(3);
    expect(events.filter((e) => e.type === 'train-loss').length).toBe(60);
    expect(run.samples.length).toBe(1);
  }, 240_000);

  it('rolls a run back on a NaN, halves its learning rate, says so, and finishes', async () => {
    const config = smallConfig({ train: { optimizer: 'adamw', steps: 24, batchSize: 4, lr: 1e-2, warmupSteps: 2, weightDecay: 0.1, gradClip: 1 }, eval: { every: 8, tokens: 128, probesPerFamily: 2, samples: false } });
    const prepared = await prepareExperiment(config, null);
    const events: WorkerEvent[] = [];
    const curves = await runExperiment(config, prepared, (e) => events.push(e), new RunControl(), { poison: new Set(['r0']) });
    const run = curves[0];
    expect(run.status).toBe('done');
    expect(run.notes).toHaveLength(1);
    expect(run.notes[0].message).toMatch(/Non-finite loss at step 1: rolled back to step 0 and halved the learning rate to 0.00500/);
    expect(run.points.every((p) => Object.values(p.bpb).every(Number.isFinite))).toBe(true);
    expect(run.points.at(-1)?.step).toBe(24);
  }, 240_000);

  it('stops between steps when asked, keeping the points so far', async () => {
    const config = smallConfig({ eval: { every: 5, tokens: 128, probesPerFamily: 2, samples: false } });
    const prepared = await prepareExperiment(config, null);
    const control = new RunControl();
    const curves = await runExperiment(config, prepared, (e) => {
      if (e.type === 'eval' && e.point.step === 10) control.stop();
    }, control);
    expect(curves[0].status).toBe('stopped');
    expect(curves[0].points.at(-1)?.step).toBe(10);
  }, 240_000);
});
