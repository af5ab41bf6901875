// Trains every run of an experiment interleaved, step by step, and evaluates each the same way at the
// same steps. Streams events (the same ones the worker posts), rolls a run back on a NaN/Inf, and
// checkpoints at every evaluation. Used by the Web Worker and by the headless Node runner alike.
import * as tf from '@tensorflow/tfjs';
import { preset as modelPreset, type ModelConfig } from '../model/config.ts';
import { checkpointRun, decodeCheckpoint, disposeTrainRun, encodeCheckpoint, readStep, restoreTrainRun, runStep, stepsTaken, trainConfig, createTrainRun, type Checkpoint, type StepResult, type TrainConfig, type TrainRun } from '../train/index.ts';
import { evalBitsPerByte, evalMinimalPairs, evalProbes, sampleText } from '../eval/index.ts';
import type { ExperimentConfig } from './config.ts';
import type { RunControl } from './control.ts';
import type { PreparedExperiment } from './prepare.ts';
import type { ResumeState, WorkerEvent } from './protocol.ts';
import type { EvalPoint, RunCurve } from './results.ts';

export interface RunnerOptions {
  /** Read losses back every this many steps (readbacks stall the GPU queue). */
  readEvery?: number;
  /** Runs whose weights get poisoned with NaN before their next step (fault drill and tests). */
  poison?: Set<string>;
  resume?: ResumeState;
  /** After this many NaN rollbacks a run stops with an explanation. */
  maxRecoveries?: number;
}

interface LiveRun {
  curve: RunCurve;
  stream: Int32Array;
  train: TrainRun;
  lastGood: Checkpoint | null;
  pending: Array<{ step: number; result: StepResult }>;
  lossSum: number;
  lossCount: number;
  recoveries: number;
  active: boolean;
}

export function modelConfigFor(config: ExperimentConfig, vocabSize: number): ModelConfig {
  const { preset, contextLength, kernels, ...free } = config.model;
  return modelPreset(preset, vocabSize, { contextLength, kernels, ...free });
}

export function trainConfigFor(config: ExperimentConfig): TrainConfig {
  const t = config.train;
  return trainConfig({ optimizer: t.optimizer, batchSize: t.batchSize, totalSteps: t.steps, warmupSteps: t.warmupSteps, lr: t.lr, weightDecay: t.weightDecay, gradClip: t.gradClip });
}

/** Run ids: one per (run, repeat); a single repeat keeps plain "r0", "r1", ... */
export function runIds(config: ExperimentConfig): Array<{ id: string; index: number; seed: number }> {
  const out: Array<{ id: string; index: number; seed: number }> = [];
  config.runs.forEach((_, index) => {
    for (let k = 0; k < config.repeats; k++) out.push({ id: config.repeats > 1 ? `r${index}s${k}` : `r${index}`, index, seed: config.seed + k });
  });
  return out;
}

const isEvalStep = (step: number, config: ExperimentConfig) => step === 0 || step === config.train.steps || step % config.eval.every === 0;

export async function runExperiment(config: ExperimentConfig, prepared: PreparedExperiment, emit: (e: WorkerEvent) => void, control: RunControl, opts: RunnerOptions = {}): Promise<RunCurve[]> {
  const readEvery = opts.readEvery ?? 10;
  const maxRecoveries = opts.maxRecoveries ?? 3;
  const poison = opts.poison ?? new Set<string>();
  const mc = modelConfigFor(config, prepared.tokenizer.vocabSize);
  const tc = trainConfigFor(config);
  const tokensPerStep = config.train.batchSize * config.model.contextLength;
  const previousElapsed = Math.max(0, ...(opts.resume?.runs.flatMap((r) => r.points.map((p) => p.elapsedMs)) ?? [0]));
  const started = performance.now() - previousElapsed;
  const elapsed = () => performance.now() - started;

  const live: LiveRun[] = runIds(config).map(({ id, index, seed }) => {
    const spec = config.runs[index];
    const prior = opts.resume?.runs.find((r) => r.runId === id);
    const ckBytes = opts.resume?.checkpoints[id];
    const ck = ckBytes ? decodeCheckpoint(new Uint8Array(ckBytes)) : null;
    const train = ck ? restoreTrainRun(ck) : createTrainRun(mc, tc, seed);
    const keep = ck ? (prior?.points ?? []).filter((p) => p.step <= ck.step) : [];
    return {
      curve: { runId: id, name: config.repeats > 1 ? `${spec.name} (seed ${seed})` : spec.name, seed, share: spec.share, points: keep, notes: prior?.notes ?? [], samples: prior?.samples ?? [], status: 'running' },
      stream: prepared.runs[index].tokens,
      train,
      lastGood: ck,
      pending: [],
      lossSum: 0,
      lossCount: 0,
      recoveries: 0,
      active: true,
    };
  });
  for (const r of live) emit({ type: 'run-status', runId: r.curve.runId, status: 'running' });

  const evalBatch = config.train.batchSize;
  const byFamily = new Map<string, PreparedExperiment['probes']>();
  for (const p of prepared.probes) byFamily.set(p.family, [...(byFamily.get(p.family) ?? []), p]);

  async function evaluate(r: LiveRun): Promise<void> {
    const step = stepsTaken(r.train);
    const model = r.train.model;
    const tok = prepared.tokenizer;
    const bpb: Record<string, number> = {};
    for (const h of prepared.heldout) bpb[h.name] = (await evalBitsPerByte(model, tok, h.text, { maxTokens: config.eval.tokens, batchSize: evalBatch })).bitsPerByte;
    const probeRank: Record<string, number> = {};
    const probeExact: Record<string, number> = {};
    for (const [family, probes] of byFamily) {
      const s = await evalProbes(model, tok, probes, { batchSize: evalBatch });
      if (Number.isFinite(s.rankAccuracy)) probeRank[family] = s.rankAccuracy;
      probeExact[family] = s.exactMatch;
    }
    const pairs = prepared.minimalPairs.length ? (await evalMinimalPairs(model, tok, prepared.minimalPairs, { batchSize: evalBatch })).accuracy : null;
    const samples = config.eval.samples && prepared.prompts.length
      ? (await sampleText(model, tok, prepared.prompts, { maxNewTokens: 48, temperature: 0.8, topK: 20, seed: `${r.curve.seed}/${step}`, batchSize: evalBatch })).map((s, i) => prepared.prompts[i] + s)
      : [];
    const point: EvalPoint = {
      step,
      tokens: step * tokensPerStep,
      elapsedMs: elapsed(),
      trainLoss: r.lossCount ? r.lossSum / r.lossCount : NaN,
      bpb,
      probeRank,
      probeExact,
      pairs,
    };
    r.lossSum = 0;
    r.lossCount = 0;
    r.curve.points.push(point);
    r.curve.samples = samples;
    emit({ type: 'eval', runId: r.curve.runId, point, samples });
    // Every evaluation is also a known-good state to roll back to and to resume from.
    const good = await checkpointRun(r.train);
    r.lastGood = good;
    const bytes = encodeCheckpoint(good);
    emit({ type: 'checkpoint', runId: r.curve.runId, step, bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer });
  }

  function note(r: LiveRun, step: number, message: string): void {
    r.curve.notes.push({ step, message });
    emit({ type: 'note', runId: r.curve.runId, step, message });
  }

  /** Rolls a run back to its last good state with half the learning rate, or stops it. */
  function recover(r: LiveRun, badStep: number, what: string): void {
    for (const p of r.pending) p.result.loss.dispose(), p.result.gradNorm.dispose();
    r.pending = [];
    r.recoveries++;
    if (!r.lastGood || r.recoveries > maxRecoveries) {
      r.active = false;
      r.curve.status = 'failed';
      note(r, badStep, `${what} at step ${badStep}; stopped after ${r.recoveries - 1} rollbacks with lower learning rates. Try a smaller learning rate or stronger gradient clipping.`);
      emit({ type: 'run-status', runId: r.curve.runId, status: 'failed' });
      return;
    }
    const ck: Checkpoint = { ...r.lastGood, trainConfig: { ...r.lastGood.trainConfig, lr: r.lastGood.trainConfig.lr / 2, muonLr: r.lastGood.trainConfig.muonLr / 2 } };
    disposeTrainRun(r.train);
    r.train = restoreTrainRun(ck);
    r.lastGood = ck;
    r.lossSum = 0;
    r.lossCount = 0;
    note(r, badStep, `${what} at step ${badStep}: rolled back to step ${ck.step} and halved the learning rate to ${ck.trainConfig.lr.toPrecision(3)}.`);
  }

  async function readLosses(r: LiveRun): Promise<void> {
    const pending = r.pending;
    r.pending = [];
    const values = await Promise.all(pending.map((p) => readStep(p.result)));
    for (const [i, v] of values.entries()) {
      if (!Number.isFinite(v.loss) || !Number.isFinite(v.gradNorm)) {
        // Later steps were computed from the broken weights; drop them too.
        return recover(r, pending[i].step, Number.isFinite(v.loss) ? 'Non-finite gradient' : 'Non-finite loss');
      }
      r.lossSum += v.loss;
      r.lossCount++;
      emit({ type: 'train-loss', runId: r.curve.runId, step: pending[i].step, loss: v.loss });
    }
  }

  try {
    // A run resumed exactly at an eval point already has that point; otherwise evaluate the start.
    for (const r of live) if (!r.curve.points.some((p) => p.step === stepsTaken(r.train))) await evaluate(r);
    let lastReport = performance.now();
    let stepsSinceReport = 0;
    while (live.some((r) => r.active && stepsTaken(r.train) < config.train.steps)) {
      await control.waitIfPaused();
      if (control.stopped) break;
      for (const r of live) {
        if (!r.active || stepsTaken(r.train) >= config.train.steps) continue;
        if (poison.delete(r.curve.runId)) {
          tf.tidy(() => r.train.model.params[0].variable.assign(tf.fill(r.train.model.params[0].variable.shape, NaN)));
        }
        const step = stepsTaken(r.train) + 1;
        r.pending.push({ step, result: runStep(r.train, r.stream) });
        stepsSinceReport++;
        if (r.pending.length >= readEvery || isEvalStep(step, config)) await readLosses(r);
        if (r.active && stepsTaken(r.train) === step && isEvalStep(step, config)) await evaluate(r);
      }
      const now = performance.now();
      if (now - lastReport > 500) {
        const mem = tf.memory();
        emit({
          type: 'progress',
          step: Math.min(...live.map((r) => stepsTaken(r.train))),
          totalSteps: config.train.steps,
          tokensPerSecond: (stepsSinceReport * tokensPerStep * 1000) / (now - lastReport),
          elapsedMs: elapsed(),
          memory: { tensors: mem.numTensors, bytes: mem.numBytes },
        });
        lastReport = now;
        stepsSinceReport = 0;
      }
    }
    for (const r of live) {
      await readLosses(r);
      if (r.curve.status === 'running') r.curve.status = control.stopped ? 'stopped' : 'done';
      emit({ type: 'run-status', runId: r.curve.runId, status: r.curve.status });
    }
    return live.map((r) => r.curve);
  } finally {
    for (const r of live) {
      for (const p of r.pending) p.result.loss.dispose(), p.result.gradNorm.dispose();
      disposeTrainRun(r.train);
    }
  }
}
