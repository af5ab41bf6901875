/// <reference lib="webworker" />
// The training worker: runs an experiment off the page's thread and streams events back. On a lost
// GPU device it restarts the backend (new device, or a fallback) and resumes every run from its
// latest checkpoint, keeping the curves so far.
import { startBestBackend } from '../lib/backend/select.ts';
import { deviceLost, restartBackend } from '../lib/backend/restart.ts';
import { RunControl } from '../lib/experiment/control.ts';
import { prepareExperiment, type PreparedExperiment } from '../lib/experiment/prepare.ts';
import type { ResumeState, WorkerCommand, WorkerEvent } from '../lib/experiment/protocol.ts';
import { runExperiment, runIds } from '../lib/experiment/runner.ts';
import type { RunCurve } from '../lib/experiment/results.ts';
import { useKernels } from '../lib/experiment/kernels.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let control: RunControl | null = null;
const poison = new Set<string>();

function post(e: WorkerEvent): void {
  if (e.type === 'checkpoint') scope.postMessage(e, [e.bytes]);
  else scope.postMessage(e);
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function start(cmd: Extract<WorkerCommand, { type: 'start' }>): Promise<void> {
  let ctl = new RunControl();
  control = ctl;
  try {
    post({ type: 'phase', phase: 'starting', detail: 'starting the compute backend' });
    const choice = await startBestBackend();
    post({ type: 'backend', backend: choice.backend, device: choice.device, fallbackReasons: choice.fallbackReasons });
    const config = structuredClone(cmd.config);
    const kernelNote = await useKernels(config, choice.backend);
    const prepared: PreparedExperiment = await prepareExperiment(config, cmd.webText, (phase, detail, progress) => post({ type: 'phase', phase, detail, progress }));
    post({
      type: 'prepared',
      runs: runIds(config).map(({ id, index, seed }) => ({ runId: id, name: config.repeats > 1 ? `${config.runs[index].name} (seed ${seed})` : config.runs[index].name, seed, share: config.runs[index].share })),
      corpus: prepared.corpus,
      heldout: prepared.heldout.map(({ name, bytes, floorBpb, floorIsUpperBound }) => ({ name, bytes, floorBpb, floorIsUpperBound })),
    });

    // What a resume needs, kept current from the runner's own events.
    const curves = new Map<string, RunCurve>((cmd.resume?.runs ?? []).map((r) => [r.runId, structuredClone(r)]));
    const checkpoints: Record<string, ArrayBuffer> = { ...(cmd.resume?.checkpoints ?? {}) };
    const track = (e: WorkerEvent) => {
      if (e.type === 'checkpoint') checkpoints[e.runId] = e.bytes.slice(0);
      if (e.type === 'eval') {
        const c = curves.get(e.runId);
        if (c) c.points.push(e.point);
      }
      if (e.type === 'note') curves.get(e.runId)?.notes.push({ step: e.step, message: e.message });
      post(e);
    };
    let resume: ResumeState | undefined = cmd.resume;
    for (let attempt = 0; ; attempt++) {
      post({ type: 'phase', phase: 'training', detail: kernelNote ?? (resume ? 'resuming from the latest checkpoints' : 'compiling kernels and training') });
      const lost = deviceLost();
      const training = runExperiment(config, prepared, track, ctl, { poison, resume });
      const outcome = await Promise.race([training.then((r) => ({ kind: 'done' as const, runs: r })), lost.then((why) => ({ kind: 'lost' as const, why }))]);
      if (outcome.kind === 'done') {
        for (const r of outcome.runs) curves.set(r.runId, r);
        break;
      }
      ctl.stop(); // let the doomed loop unwind before building a new backend
      await training.catch(() => undefined);
      if (attempt >= 2) throw new Error(`${outcome.why}; gave up after ${attempt + 1} restarts`);
      post({ type: 'phase', phase: 'recovering', detail: `${outcome.why}; restarting on a new device` });
      const again = await restartBackend();
      post({ type: 'backend', backend: again.backend, device: again.device, fallbackReasons: again.fallbackReasons });
      await useKernels(config, again.backend);
      ctl = new RunControl();
      control = ctl;
      resume = { runs: [...curves.values()].map((c) => ({ ...c, status: 'running' as const })), checkpoints: { ...checkpoints } };
      for (const r of resume.runs) post({ type: 'note', runId: r.runId, step: r.points.at(-1)?.step ?? 0, message: `${outcome.why}: resumed on ${again.backend} from step ${r.points.at(-1)?.step ?? 0}` });
    }
    post({ type: 'phase', phase: ctl.stopped ? 'stopped' : 'done', detail: ctl.stopped ? 'stopped' : 'finished' });
  } catch (e) {
    post({ type: 'error', message: messageOf(e) });
    post({ type: 'phase', phase: 'failed', detail: messageOf(e) });
  } finally {
    control = null;
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
      post({ type: 'phase', phase: 'paused', detail: 'paused' });
      break;
    case 'resume':
      control?.resume();
      post({ type: 'phase', phase: 'training', detail: 'training' });
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
  }
};
