// Trains every run of an experiment interleaved, step by step, and evaluates each the same way at the
// same steps. Streams events (the same ones the worker posts), rolls a run back on a NaN/Inf, and
// checkpoints at every evaluation. Used by the Web Worker and by the headless Node runner alike.
import * as tf from '@tensorflow/tfjs';
import { checkpointRun, decodeCheckpoint, disposeTrainRun, encodeCheckpoint, readStep, restoreTrainRun, runStep, stepsTaken, createTrainRun, type Checkpoint, type StepResult, type TrainRun } from '../train/index.ts';
import type { ExperimentConfig } from './config.ts';
import type { RunControl } from './control.ts';
import { evaluateModel } from './evaluate.ts';
import { probePrefixOf } from './probe-prefix.ts';
import { trainingFingerprint } from './fingerprint.ts';
import { tokenizerDigest } from '../export/tokenizer-digest.ts';
import type { PreparedExperiment } from './prepare.ts';
import type { ResumeState, WorkerEvent } from './protocol.ts';
import type { EvalPoint, RunCurve } from './results.ts';
import { modelConfigFor, trainConfigFor } from './derived-configs.ts';
import { runIds } from './run-ids.ts';

export { runIds } from './run-ids.ts';
export { modelConfigFor, trainConfigFor } from './derived-configs.ts';

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
  /** What this run's probe prompts start with, as its training documents do (evaluate.ts). */
  probePrefix: Record<string, string> | undefined;
}

const isEvalStep = (step: number, config: ExperimentConfig) => step === 0 || step === config.train.steps || step % config.eval.every === 0;

export async function runExperiment(config: ExperimentConfig, prepared: PreparedExperiment, emit: (e: WorkerEvent) => void, control: RunControl, opts: RunnerOptions = {}): Promise<RunCurve[]> {
  const readEvery = opts.readEvery ?? 10;
  const maxRecoveries = opts.maxRecoveries ?? 3;
  const poison = opts.poison ?? new Set<string>();
  const tc = trainConfigFor(config);
  const tokensPerStep = config.train.batchSize * config.model.contextLength;
  const previousElapsed = Math.max(0, ...(opts.resume?.runs.flatMap((r) => r.points.map((p) => p.elapsedMs)) ?? [0]));
  const started = performance.now() - previousElapsed;
  const elapsed = () => performance.now() - started;

  const experiment = trainingFingerprint(config);
  // Recorded in every checkpoint so exported weights can only be paired with this exact tokenizer.
  const tokenizer = tokenizerDigest(prepared.tokenizer);
  const live: LiveRun[] = runIds(config).map(({ id, index, seed, name }) => {
    const spec = config.runs[index];
    const mc = modelConfigFor(config, prepared.tokenizer.vocabSize, spec);
    const prior = opts.resume?.runs.find((r) => r.runId === id);
    const ckBytes = opts.resume?.checkpoints[id];
    const saved = ckBytes ? decodeCheckpoint(new Uint8Array(ckBytes)) : null;
    // Stock and fused ops compute the same model: continue with the kernels this backend runs.
    const ck = saved ? { ...saved, modelConfig: { ...saved.modelConfig, kernels: mc.kernels } } : null;
    const train = ck ? restoreTrainRun(ck) : createTrainRun(mc, tc, seed);
    const keep = ck ? (prior?.points ?? []).filter((p) => p.step <= ck.step) : [];
    return {
      curve: { runId: id, name, seed, share: spec.share, points: keep, notes: prior?.notes ?? [], samples: prior?.samples ?? [], status: 'running' },
      probePrefix: probePrefixOf(spec.recipe ?? config.corpus),
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

  let evalMs = 0;

  async function evaluate(r: LiveRun): Promise<void> {
    const t0 = performance.now();
    const step = stepsTaken(r.train);
    const { metrics, samples, answers, surprise, attention } = await evaluateModel(r.train.model, prepared, config, { seed: r.curve.seed, step, probePrefix: r.probePrefix });
    const point: EvalPoint = {
      step,
      tokens: step * tokensPerStep,
      elapsedMs: elapsed(),
      trainLoss: r.lossCount ? r.lossSum / r.lossCount : NaN,
      ...metrics,
    };
    r.lossSum = 0;
    r.lossCount = 0;
    r.curve.points.push(point);
    r.curve.samples = samples;
    emit({ type: 'eval', runId: r.curve.runId, point, samples, answers, surprise, attention });
    // Every evaluation is also a known-good state to roll back to and to resume from.
    const good: Checkpoint = { ...(await checkpointRun(r.train)), origin: { runId: r.curve.runId, experiment, tokenizer } };
    r.lastGood = good;
    const bytes = encodeCheckpoint(good);
    emit({ type: 'checkpoint', runId: r.curve.runId, step, bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer });
    evalMs += performance.now() - t0;
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
      emit({ type: 'train-loss', runId: r.curve.runId, step: pending[i].step, loss: v.loss, tokens: pending[i].step * tokensPerStep });
    }
  }

  try {
    // A pause that landed while the corpus was prepared holds here: a paused run shows nothing new, not
    // even its first evaluation.
    await control.waitIfPaused();
    // A run resumed exactly at an eval point already has that point; otherwise evaluate the start.
    if (!control.stopped) for (const r of live) if (!r.curve.points.some((p) => p.step === stepsTaken(r.train))) await evaluate(r);
    let lastReport = performance.now();
    let stepsSinceReport = 0;
    evalMs = 0;
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
        const slowest = Math.min(...live.map((r) => stepsTaken(r.train)));
        // Training throughput: time spent evaluating in this window does not count.
        const trainMs = Math.max(1, now - lastReport - evalMs);
        emit({
          type: 'progress',
          step: slowest,
          totalSteps: config.train.steps,
          tokens: slowest * tokensPerStep,
          tokensPerSecond: (stepsSinceReport * tokensPerStep * 1000) / trainMs,
          elapsedMs: elapsed(),
          memory: { tensors: mem.numTensors, bytes: mem.numBytes },
        });
        lastReport = now;
        stepsSinceReport = 0;
        evalMs = 0;
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
