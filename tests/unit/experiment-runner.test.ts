// The experiment runner end to end on the cpu backend: real corpus, tokenizer, model, training, eval.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { tinyExperiment } from '../helpers/experiments.ts';
import { validateExperimentConfig, type ExperimentConfig } from '../../src/lib/experiment/config.ts';
import { RunControl } from '../../src/lib/experiment/control.ts';
import { mixDocuments, prepareExperiment } from '../../src/lib/experiment/prepare.ts';
import type { WorkerEvent } from '../../src/lib/experiment/protocol.ts';
import { resumeFromCheckpointFiles } from '../../src/lib/experiment/resume.ts';
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
    // A context that holds the cloze probes (separator + prompt + candidate ≤ 107 tokens): a probe that
    // does not fit is never scored.
    const config = smallConfig({ eval: { every: 60, tokens: 256, probesPerFamily: 16, samples: true } });
    config.model = { ...config.model, contextLength: 112 };
    const events: WorkerEvent[] = [];
    const prepared = await prepareExperiment(config, null);
    expect(prepared.heldout.map((h) => h.name)).toEqual(['stories']);
    expect(prepared.heldout[0].floorBpb).toBeGreaterThan(0);
    // Held-out bytes are document bytes: no separator is counted as text.
    expect(prepared.heldout[0].bytes).toBe(prepared.heldout[0].docs.reduce((n, d) => n + new TextEncoder().encode(d).length, 0));
    // Story samples fill the sampling batch beside the one shown prompt: 4 rows, one decoding stream.
    expect(prepared.storyPrompts.length).toBe(3);
    const curves = await runExperiment(config, prepared, (e) => events.push(e), new RunControl());
    const run = curves[0];
    expect(run.status).toBe('done');
    expect(run.points.map((p) => p.step)).toEqual([0, 60]);
    const [first, last] = run.points;
    console.log(`[runner] step 0 → 60: stories bpb ${first.bpb.stories.toFixed(3)} → ${last.bpb.stories.toFixed(3)}, cloze ranking ${first.probeRank.stories} → ${last.probeRank.stories}, minimal pairs ${first.pairs} → ${last.pairs}`);
    expect(last.bpb.stories).toBeLessThan(first.bpb.stories - 1);
    // Held-out cloze probes (who has what), ranked among 8 candidates: the run learns what the corpus teaches.
    expect(last.probeRank.stories).toBeGreaterThan(first.probeRank.stories + 0.1);
    expect(last.pairs).not.toBeNull();
    expect(events.filter((e) => e.type === 'checkpoint').length).toBe(2);
    expect(events.filter((e) => e.type === 'train-loss').length).toBe(60);
    expect(run.samples.length).toBe(1);
    // The story-grammar share of free samples is measured at every point (stories are in the corpus).
    for (const p of run.points) expect(p.storyParse).toBeGreaterThanOrEqual(0);
    console.log(`[runner] story samples that parse: ${run.points.map((p) => p.storyParse).join(' → ')}`);
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

  it('stops a run that keeps going NaN after its rollbacks, says why, and lets the other run finish', async () => {
    const config = smallConfig({
      train: { optimizer: 'adamw', steps: 8, batchSize: 2, lr: 1e-2, warmupSteps: 2, weightDecay: 0.1, gradClip: 1 },
      eval: { every: 8, tokens: 128, probesPerFamily: 2, samples: false },
      runs: [{ name: 'diverging', share: 1 }, { name: 'healthy', share: 1 }],
    });
    const prepared = await prepareExperiment(config, null);
    const events: WorkerEvent[] = [];
    // The poison is used up by each step it breaks; poisoning again after every rollback makes the loss
    // go NaN every time. Capped, so a runner that never gives up ends 'done' here instead of hanging.
    const poison = new Set(['r0']);
    let repoisoned = 0;
    const curves = await runExperiment(config, prepared, (e) => {
      events.push(e);
      if (e.type === 'note' && e.runId === 'r0' && /rolled back/.test(e.message) && repoisoned++ < 6) poison.add('r0');
    }, new RunControl(), { poison, maxRecoveries: 2 });
    const [bad, good] = curves;

    expect(bad.status).toBe('failed');
    expect(bad.notes.map((n) => n.message)).toEqual([
      expect.stringMatching(/^Non-finite loss at step 1: rolled back to step 0 and halved the learning rate to 0\.00500\.$/),
      expect.stringMatching(/^Non-finite loss at step 1: rolled back to step 0 and halved the learning rate to 0\.00250\.$/),
      expect.stringMatching(/^Non-finite loss at step 1; stopped after 2 rollbacks with lower learning rates\. Try a smaller learning rate or stronger gradient clipping\.$/),
    ]);
    // It never got past its first evaluation, and the page heard it fail, never finish.
    expect(bad.points.map((p) => p.step)).toEqual([0]);
    expect(events.filter((e) => e.type === 'train-loss' && e.runId === 'r0')).toEqual([]);
    const statuses = events.flatMap((e) => (e.type === 'run-status' && e.runId === 'r0' ? [e.status] : []));
    expect(statuses[0]).toBe('running');
    expect(new Set(statuses.slice(1))).toEqual(new Set(['failed']));

    expect(good.status).toBe('done');
    expect(good.notes).toEqual([]);
    expect(good.points.map((p) => p.step)).toEqual([0, 8]);
    expect(good.points.every((p) => Object.values(p.bpb).every(Number.isFinite))).toBe(true);
    expect(events.flatMap((e) => (e.type === 'train-loss' && e.runId === 'r1' ? [e.step] : []))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  }, 240_000);

  it('trains the runs interleaved step by step and evaluates them at the same steps', async () => {
    const tiny = tinyExperiment(10);
    // Batch 2: half the story samples per evaluation (they fill the sampling batch), six evaluations in all.
    const config: ExperimentConfig = { ...tiny, repeats: 2, train: { ...tiny.train, batchSize: 2 }, eval: { every: 5, tokens: 128, probesPerFamily: 2, samples: false } };
    expect(validateExperimentConfig(config).ok).toBe(true);
    const prepared = await prepareExperiment(config, null);
    const events: WorkerEvent[] = [];
    // Losses read back after every step, so the order of the events is the order of the steps.
    const curves = await runExperiment(config, prepared, (e) => events.push(e), new RunControl(), { readEvery: 1 });
    const ids = curves.map((c) => c.runId);
    expect(ids).toEqual(['r0s0', 'r0s1']);
    expect(curves.map((c) => c.status)).toEqual(['done', 'done']);

    const steps = events.flatMap((e) => (e.type === 'train-loss' ? [`${e.runId}@${e.step}`] : []));
    expect(steps).toEqual(Array.from({ length: 10 }, (_, k) => ids.map((id) => `${id}@${k + 1}`)).flat());

    for (const c of curves) expect(c.points.map((p) => p.step), c.runId).toEqual([0, 5, 10]);
    // An evaluation at step s comes after that run's step s and before any run's step s + 1.
    events.forEach((e, i) => {
      if (e.type !== 'eval') return;
      const s = e.point.step;
      events.forEach((t, j) => {
        if (t.type !== 'train-loss') return;
        if (t.step > s) expect(j, `${t.runId}@${t.step} after eval ${e.runId}@${s}`).toBeGreaterThan(i);
        else if (t.runId === e.runId) expect(j, `${t.runId}@${t.step} before eval ${e.runId}@${s}`).toBeLessThan(i);
      });
    });
    // Two seeds, two different runs: their first losses differ.
    const first = events.flatMap((e) => (e.type === 'train-loss' && e.step === 1 ? [e.loss] : []));
    expect(first[0]).not.toBe(first[1]);
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

  it('resumes from a checkpoint file written to disk with exactly the losses of an uninterrupted run', async () => {
    const config = smallConfig({ train: { optimizer: 'muon', steps: 20, batchSize: 4, lr: 1e-2, warmupSteps: 2, weightDecay: 0.1, gradClip: 1, muonLr: 0.03 }, eval: { every: 10, tokens: 128, probesPerFamily: 2, samples: false } });
    const prepared = await prepareExperiment(config, null);
    const dir = mkdtempSync(join(tmpdir(), 'synthlab-resume-'));
    const losses = (events: WorkerEvent[]) => new Map(events.flatMap((e) => (e.type === 'train-loss' ? [[e.step, e.loss] as const] : [])));
    const full: WorkerEvent[] = [];
    const whole = await runExperiment(config, prepared, (e) => {
      full.push(e);
      if (e.type === 'checkpoint' && e.step === 10) writeFileSync(join(dir, `${e.runId}.step10.slck`), new Uint8Array(e.bytes));
    }, new RunControl());

    const file = { name: 'r0.step10.slck', bytes: new Uint8Array(readFileSync(join(dir, 'r0.step10.slck'))) };
    const resume = resumeFromCheckpointFiles([file], config);
    const later: WorkerEvent[] = [];
    const tensors = tf.memory().numTensors;
    const resumed = await runExperiment(config, prepared, (e) => later.push(e), new RunControl(), { resume });
    expect(tf.memory().numTensors).toBe(tensors);
    const a = losses(full);
    const b = losses(later);
    expect([...b.keys()]).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    for (const [step, loss] of b) expect(loss, `step ${step}`).toBe(a.get(step));
    // The resumed curve starts at the checkpoint's step and ends at the same point as the uninterrupted run.
    const metrics = ({ elapsedMs: _t, trainLoss: _l, ...rest }: (typeof whole)[0]['points'][0]) => rest;
    expect(resumed[0].points.map((p) => p.step)).toEqual([10, 20]);
    expect(metrics(resumed[0].points[1])).toEqual(metrics(whole[0].points[2]));

    // Files that do not belong to this experiment are refused with the reason.
    expect(() => resumeFromCheckpointFiles([file], { ...config, train: { ...config.train, lr: 2e-2 } })).toThrow(/r0\.step10\.slck cannot resume this experiment: it was written by another experiment \(training fingerprint [0-9a-f]{64}\); this config's is [0-9a-f]{64}/);
    expect(() => resumeFromCheckpointFiles([file, { ...file, name: 'copy.slck' }], config)).toThrow(/r0\.step10\.slck and copy\.slck are both checkpoints of run r0/);
    expect(() => resumeFromCheckpointFiles([{ name: 'notes.txt', bytes: new TextEncoder().encode('hello') }], config)).toThrow(/notes\.txt: not a usable synthlab checkpoint/);
    // Evaluation settings and the name do not change training, so they do not stop a resume.
    expect(Object.keys(resumeFromCheckpointFiles([file], { ...config, name: 'renamed', eval: { ...config.eval, samples: true } }).checkpoints)).toEqual(['r0']);
  }, 240_000);
});

describe('runs with models of their own (runs[].model)', () => {
  it('a llama run and a deeper phi run train side by side; each checkpoint records its own model and resumes only its run', async () => {
    const base = tinyExperiment(10);
    const config = smallConfig({
      ...base,
      eval: { ...base.eval, every: 5, samples: false },
      runs: [
        { name: 'llama', share: 1 },
        { name: 'phi, deeper', share: 1, model: { style: 'phi', nLayer: 3, dModel: 16, nHead: 2, mlpHidden: 40 } },
      ],
    });
    const prepared = await prepareExperiment(config, null);
    const checkpoints = new Map<string, Uint8Array>();
    const curves = await runExperiment(config, prepared, (e) => {
      if (e.type === 'checkpoint' && e.step === 5) checkpoints.set(e.runId, new Uint8Array(e.bytes));
    }, new RunControl());
    expect(curves.map((c) => c.points.map((p) => p.step))).toEqual([[0, 5, 10], [0, 5, 10]]);
    for (const c of curves) expect(c.points.at(-1)!.bpb.stories).toBeLessThan(c.points[0].bpb.stories);
    const { decodeCheckpoint } = await import('../../src/lib/train/checkpoint.ts');
    expect(decodeCheckpoint(checkpoints.get('r1')!).modelConfig).toMatchObject({ style: 'phi', nLayer: 3, dModel: 16 });
    expect(decodeCheckpoint(checkpoints.get('r0')!).modelConfig.style).toBeUndefined();
    const resume = resumeFromCheckpointFiles([{ name: 'r1.slck', bytes: checkpoints.get('r1')! }], config);
    expect(Object.keys(resume.checkpoints)).toEqual(['r1']);
    // The phi checkpoint cannot pass for the llama run: its origin names r1, and its model is not r0's.
    const swapped = { ...config, runs: [config.runs[1], config.runs[0]] };
    expect(() => resumeFromCheckpointFiles([{ name: 'r1.slck', bytes: checkpoints.get('r1')! }], swapped)).toThrow(/cannot resume this experiment/);
  }, 300_000);
});
