/// <reference lib="webworker" />
// The training worker: runs an experiment off the page's thread and streams events back. On a lost
// GPU device it restarts the backend (new device, or a fallback) and resumes every run from its
// latest checkpoint, keeping the curves so far.
import { startBestBackend } from '../lib/backend/select.ts';
import { deviceLost, restartBackend } from '../lib/backend/restart.ts';
import { memoryFigures } from '../lib/backend/memory.ts';
import { RunControl } from '../lib/experiment/control.ts';
import { prepareExperiment, type PreparedExperiment } from '../lib/experiment/prepare.ts';
import { speedKey, type Phase, type ResumeState, type TextScore, type WorkerCommand, type WorkerEvent } from '../lib/experiment/protocol.ts';
import { runExperiment } from '../lib/experiment/runner.ts';
import { runIds } from '../lib/experiment/run-ids.ts';
import { useKernels } from '../lib/experiment/kernels.ts';
import { deviceFitProblems } from '../lib/experiment/device-fit.ts';
import { exportTokenizer, importTokenizer } from '../lib/export/tokenizer-json.ts';
import { ResumeTracker } from './resume-tracker.ts';
import { probeQuestions } from '../lib/experiment/probe-answers.ts';
import { decodeCheckpoint } from '../lib/train/checkpoint.ts';
import { createModel, disposeModel } from '../lib/model/model.ts';
import { readPassage } from '../lib/eval/read-passage.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let control: RunControl | null = null;
/** The phase the run is really in; a pause is shown on top of it and lifted back to it. */
let phase: { phase: Phase; detail: string } = { phase: 'starting', detail: '' };
const poison = new Set<string>();

function post(e: WorkerEvent): void {
  if (e.type === 'checkpoint') scope.postMessage(e, [e.bytes]);
  else if (e.type === 'progress') scope.postMessage({ ...e, memory: memoryFigures() });
  else scope.postMessage(e);
}

/**
 * Phase changes go through here so a pause sticks: preparing the corpus and compiling go on while paused
 * (the runner waits before its next step), but the page keeps showing "paused" until the user resumes.
 */
function postPhase(p: Phase, detail: string, progress?: number): void {
  phase = { phase: p, detail };
  const held = control?.paused && !['done', 'stopped', 'failed'].includes(p);
  post(held ? { type: 'phase', phase: 'paused', detail: `paused (${detail}; training waits for Resume)`, progress } : { type: 'phase', phase: p, detail, progress });
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * A lost device often shows first as an error inside the step (a buffer unmapped mid-read), before the
 * device's `lost` promise settles. Give it a moment: if the device is gone, that is the outcome to handle.
 */
async function lostOrThrow(lost: Promise<string>, err: unknown): Promise<{ kind: 'lost'; why: string }> {
  const why = await Promise.race([lost, new Promise<null>((r) => setTimeout(() => r(null), 3000))]);
  if (why === null) throw err;
  return { kind: 'lost', why };
}

async function start(cmd: Extract<WorkerCommand, { type: 'start' }>): Promise<void> {
  let ctl = new RunControl();
  control = ctl;
  try {
    postPhase('starting', 'starting the compute backend');
    const choice = await startBestBackend();
    post({ type: 'backend', backend: choice.backend, device: choice.device, fallbackReasons: choice.fallbackReasons });
    const config = structuredClone(cmd.config);
    // Refuse before preparing anything if a buffer of this experiment is more than the GPU can bind.
    const tooBig = choice.device ? deviceFitProblems(config, choice.device.limits) : [];
    if (tooBig.length) throw new Error(`This experiment does not fit this GPU: ${tooBig.join(' ')}`);
    const kernelNote = await useKernels(config, choice.backend);
    const prepared: PreparedExperiment = await prepareExperiment(config, cmd.webText, (p, detail, progress) => postPhase(p, detail, progress), cmd.extraText);
    const runs = runIds(config).map(({ id, index, seed, name }) => ({ runId: id, name, seed, share: config.runs[index].share }));
    post({
      type: 'prepared',
      runs,
      corpus: prepared.corpus,
      heldout: prepared.heldout.map(({ name, bytes, floorBpb, floorIsUpperBound }) => ({ name, bytes, floorBpb, floorIsUpperBound })),
      probeFit: prepared.probeFit,
      tokenizer: exportTokenizer(prepared.tokenizer),
      questions: probeQuestions(prepared.probes),
    });

    // What a resume after a lost device needs, kept current from the runner's own events: every run's
    // curve (fresh runs included) and its latest checkpoint.
    const tracker = new ResumeTracker(runs, cmd.resume);
    const track = (e: WorkerEvent) => {
      tracker.see(e);
      post(e);
    };
    let resume: ResumeState | undefined = cmd.resume;
    for (let attempt = 0; ; attempt++) {
      postPhase('training', kernelNote ?? (resume ? 'resuming from the latest checkpoints' : 'compiling kernels and training'));
      const lost = deviceLost();
      const training = runExperiment(config, prepared, track, ctl, { poison, resume });
      const outcome = await Promise.race([training.then(() => ({ kind: 'done' as const }), (err: unknown) => lostOrThrow(lost, err)), lost.then((why) => ({ kind: 'lost' as const, why }))]);
      if (outcome.kind === 'done') break;
      ctl.stop(); // let the doomed loop unwind before building a new backend
      await training.catch(() => undefined);
      if (attempt >= 2) throw new Error(`${outcome.why}; gave up after ${attempt + 1} restarts`);
      postPhase('recovering', `${outcome.why}; restarting on a new device`);
      const again = await restartBackend();
      post({ type: 'backend', backend: again.backend, device: again.device, fallbackReasons: again.fallbackReasons });
      await useKernels(config, again.backend);
      const paused = ctl.paused;
      ctl = new RunControl();
      if (paused) ctl.pause();
      control = ctl;
      resume = tracker.resumeState();
      // The page drops its points after each run's checkpoint (the runner trains those steps again).
      post({ type: 'resumed', runs: resume.runs.map((r) => ({ runId: r.runId, fromStep: r.points.at(-1)?.step ?? 0 })) });
      for (const r of resume.runs) {
        const from = r.points.at(-1)?.step ?? 0;
        track({ type: 'note', runId: r.runId, step: from, message: `${outcome.why}: resumed on ${again.backend} from step ${from}` });
      }
    }
    postPhase(ctl.stopped ? 'stopped' : 'done', ctl.stopped ? 'stopped' : 'finished');
  } catch (e) {
    post({ type: 'error', message: messageOf(e) });
    postPhase('failed', messageOf(e));
  } finally {
    control = null;
  }
}

/** A few timed training steps of the experiment's model, on the backend a run would use. */
async function measureSpeed(cmd: Extract<WorkerCommand, { type: 'measure-speed' }>): Promise<void> {
  try {
    const choice = await startBestBackend();
    const config = structuredClone(cmd.config);
    await useKernels(config, choice.backend);
    const { measureStepSpeed } = await import('../lib/experiment/step-speed.ts');
    const s = await measureStepSpeed(config);
    post({ type: 'speed', key: speedKey(cmd.config), backend: choice.backend, msPerStep: s.msPerStep });
  } catch (e) {
    post({ type: 'error', message: `Could not measure this device's speed: ${messageOf(e)}` });
  }
}

/** The user's text through each run's latest checkpoint, with stock ops (the same model as the fused kernels). */
async function scoreText(cmd: Extract<WorkerCommand, { type: 'score-text' }>): Promise<void> {
  try {
    await startBestBackend();
    const tokenizer = importTokenizer(cmd.tokenizer);
    const results: TextScore[] = [];
    for (const { runId, bytes } of cmd.checkpoints) {
      const ck = decodeCheckpoint(new Uint8Array(bytes));
      const model = createModel({ ...ck.modelConfig, kernels: 'tfjs' }, ck.seed, ck.params);
      try {
        results.push({ runId, step: ck.step, ...(await readPassage(model, tokenizer, cmd.text)) });
      } finally {
        disposeModel(model);
      }
    }
    post({ type: 'text-scored', results });
  } catch (e) {
    post({ type: 'error', message: `Could not score your text: ${messageOf(e)}` });
  }
}

scope.onmessage = (ev: MessageEvent<WorkerCommand>) => {
  const cmd = ev.data;
  switch (cmd.type) {
    case 'start':
      if (control) return post({ type: 'error', message: 'an experiment is already running in this worker' });
      void start(cmd);
      break;
    case 'pause':
      control?.pause();
      if (control) postPhase(phase.phase, phase.detail);
      break;
    case 'resume':
      control?.resume();
      if (control) postPhase(phase.phase, phase.detail);
      break;
    case 'stop':
      control?.stop();
      break;
    case 'inject-nan':
      poison.add(cmd.runId);
      break;
    case 'lose-device':
      void import('../lib/backend/select.ts').then(({ webgpuDevice }) => webgpuDevice().destroy()).catch((e: unknown) => post({ type: 'error', message: `cannot lose the device: ${messageOf(e)}` }));
      break;
    case 'memory':
      post({ type: 'memory', memory: memoryFigures() });
      break;
    case 'measure-speed':
      if (control) return post({ type: 'error', message: 'the speed is measured before a run, not during one' });
      void measureSpeed(cmd);
      break;
    case 'score-text':
      void scoreText(cmd);
      break;
  }
};
