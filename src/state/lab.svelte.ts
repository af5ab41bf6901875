// The lab's state and actions. Components read this and call its methods; all training happens in
// the worker, all data logic lives in src/lib. Everything the user makes is saved as it arrives.
import type { LoadProgress } from '../lib/baseline/index.ts';
import type { BackendName } from '../lib/backend/select.ts';
import type { DeviceInfo } from '../lib/backend/device-info.ts';
import { defaultExperiment, validateExperimentConfig, type ExperimentConfig } from '../lib/experiment/config.ts';
import { EXPERIMENT_PRESETS } from '../lib/experiment/presets.ts';
import type { CorpusSummary } from '../lib/experiment/prepare-types.ts';
import type { MemoryFigures, Phase, WorkerCommand, WorkerEvent } from '../lib/experiment/protocol.ts';
import type { RunCurve } from '../lib/experiment/results.ts';
import { needsWebText } from '../lib/experiment/web-text.ts';
import { decodeExperimentLink, encodeExperimentLink, payloadFromHash } from '../lib/link/experiment-link.ts';
import { openIndexedDbStore } from '../lib/store/indexeddb-store.ts';
import { MemoryStore } from '../lib/store/memory-store.ts';
import { StoreError, type ExperimentRecord, type LabStore } from '../lib/store/types.ts';
import { acquireWebText, importLocalFile, type LocalText } from './web-text.ts';

export interface Message {
  kind: 'info' | 'warning' | 'error';
  text: string;
}

export interface HeldOutInfo {
  name: string;
  bytes: number;
  floorBpb: number | null;
  floorIsUpperBound: boolean;
}

const newId = () => `exp-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;

export class Lab {
  config = $state<ExperimentConfig>(defaultExperiment());
  presetId = $state<string>(EXPERIMENT_PRESETS[0].id);
  runs = $state<RunCurve[]>([]);
  /** Curves recorded by whoever shared the link: drawn dashed, before and during a reproduction. */
  recorded = $state<RunCurve[]>([]);
  phase = $state<Phase | 'idle'>('idle');
  phaseDetail = $state('');
  phaseProgress = $state<number | null>(null);
  step = $state(0);
  tokensPerSecond = $state(0);
  elapsedMs = $state(0);
  memory = $state<MemoryFigures | null>(null);
  backend = $state<{ name: BackendName; device: DeviceInfo | null; fallbackReasons: string[] } | null>(null);
  corpus = $state<CorpusSummary | null>(null);
  heldout = $state<HeldOutInfo[]>([]);
  webProgress = $state<LoadProgress | null>(null);
  messages = $state<Message[]>([]);
  experiments = $state<Array<Pick<ExperimentRecord, 'id' | 'name' | 'updatedAt' | 'status'>>>([]);
  experimentId = $state<string | null>(null);
  local = $state<LocalText | null>(null);
  /** The most recent train loss per run, for the live readout between evaluations. */
  lastLoss = $state<Record<string, number>>({});

  private worker: Worker | null = null;
  private store: LabStore = new MemoryStore();
  private webAbort: AbortController | null = null;
  private createdAt = 0;

  get running(): boolean {
    return ['starting', 'generating', 'tokenizing', 'compiling', 'training', 'evaluating', 'paused', 'recovering'].includes(this.phase);
  }

  say(kind: Message['kind'], text: string): void {
    this.messages = [...this.messages.slice(-4), { kind, text }];
  }

  dismiss(i: number): void {
    this.messages = this.messages.filter((_, j) => j !== i);
  }

  async init(hash: string): Promise<void> {
    try {
      this.store = await openIndexedDbStore();
    } catch (e) {
      this.say('warning', `${e instanceof Error ? e.message : String(e)}: experiments will not survive a reload.`);
    }
    await this.refreshList();
    const payload = payloadFromHash(hash);
    if (payload === null) return;
    const r = await decodeExperimentLink(payload);
    if (!r.ok) {
      this.say('error', `This link could not be opened, so the lab shows the default experiment. What was wrong: ${r.errors.slice(0, 3).join('; ')}${r.errors.length > 3 ? ` (and ${r.errors.length - 3} more)` : ''}.`);
      return;
    }
    this.config = r.value.config;
    this.presetId = 'custom';
    this.recorded = r.value.recorded ?? [];
    this.say('info', this.recorded.length ? 'Opened a shared experiment with its recorded curves. Press Reproduce to train it again and compare.' : 'Opened a shared experiment. Press Run to train it.');
  }

  async refreshList(): Promise<void> {
    try {
      this.experiments = await this.store.listExperiments();
    } catch (e) {
      this.say('warning', `Could not list saved experiments: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async importFile(file: File): Promise<void> {
    const r = await importLocalFile(file);
    if (!r.ok) return this.say('error', r.error);
    this.local = r.local;
    this.config.baseline = { kind: 'local', name: r.local.name.slice(0, 80).replace(/[\u0000-\u001f<>]/g, '_'), fingerprint: r.local.fingerprint, bytes: r.local.bytes };
    this.say('info', `Using "${r.local.name}" (${r.local.docs.length} documents) as the web baseline. A link to this experiment records the file's fingerprint, not its text.`);
  }

  async start(): Promise<void> {
    const v = validateExperimentConfig($state.snapshot(this.config));
    if (!v.ok) return this.say('error', `The setup has problems: ${v.errors.join('; ')}`);
    if (this.running) return;
    const config = v.value;
    this.experimentId = newId();
    this.createdAt = Date.now();
    this.runs = [];
    this.lastLoss = {};
    this.corpus = null;
    this.phase = 'starting';
    this.phaseDetail = 'getting the data ready';
    let webText = null;
    if (needsWebText(config)) {
      this.webAbort = new AbortController();
      this.phaseDetail = 'loading web text';
      try {
        webText = await acquireWebText(config, this.local, (p) => (this.webProgress = p), this.webAbort.signal);
      } catch (e) {
        this.phase = 'idle';
        this.webProgress = null;
        const why = e instanceof Error ? e.message : String(e);
        return this.say('error', this.webAbort.signal.aborted ? 'Web text download cancelled.' : `The web text could not be loaded: ${why} You can drop a text file on the lab to use as the web baseline instead.`);
      } finally {
        this.webProgress = null;
        this.webAbort = null;
      }
    }
    await this.save(config, 'running');
    this.spawn({ type: 'start', experimentId: this.experimentId, config, webText });
  }

  cancelDownload(): void {
    this.webAbort?.abort();
  }

  private spawn(cmd: WorkerCommand): void {
    this.worker?.terminate();
    this.worker = new Worker(new URL('../worker/lab.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (ev: MessageEvent<WorkerEvent>) => this.onEvent(ev.data);
    this.worker.onerror = (ev) => {
      this.say('error', `The training worker failed: ${ev.message}. Your runs so far are saved.`);
      this.phase = 'failed';
    };
    this.worker.postMessage(cmd);
  }

  send(cmd: WorkerCommand): void {
    this.worker?.postMessage(cmd);
  }

  pause(): void {
    this.send({ type: 'pause' });
  }
  resume(): void {
    this.send({ type: 'resume' });
  }
  stop(): void {
    this.send({ type: 'stop' });
  }

  private run(id: string): RunCurve | undefined {
    return this.runs.find((r) => r.runId === id);
  }

  private onEvent(e: WorkerEvent): void {
    switch (e.type) {
      case 'backend':
        this.backend = { name: e.backend, device: e.device, fallbackReasons: e.fallbackReasons };
        break;
      case 'phase':
        this.phase = e.phase;
        this.phaseDetail = e.detail;
        this.phaseProgress = e.progress ?? null;
        if (e.phase === 'done' || e.phase === 'stopped' || e.phase === 'failed') void this.finish(e.phase);
        break;
      case 'prepared':
        this.corpus = e.corpus;
        this.heldout = e.heldout;
        this.runs = e.runs.map((r) => ({ ...r, points: [], notes: [], samples: [], status: 'running' }));
        break;
      case 'progress':
        if (this.phase === 'training') this.phaseDetail = 'training';
        this.step = e.step;
        this.tokensPerSecond = e.tokensPerSecond;
        this.elapsedMs = e.elapsedMs;
        this.memory = e.memory;
        break;
      case 'train-loss':
        this.lastLoss[e.runId] = e.loss;
        break;
      case 'eval': {
        const r = this.run(e.runId);
        if (r) {
          r.points.push(e.point);
          r.samples = e.samples;
        }
        this.step = Math.max(this.step, Math.min(...this.runs.map((x) => x.points.at(-1)?.step ?? 0)));
        void this.save($state.snapshot(this.config), 'running');
        break;
      }
      case 'note':
        this.run(e.runId)?.notes.push({ step: e.step, message: e.message });
        this.say('warning', `${this.run(e.runId)?.name ?? e.runId}: ${e.message}`);
        break;
      case 'checkpoint':
        if (this.experimentId) {
          this.store.putCheckpoint({ experimentId: this.experimentId, runId: e.runId, step: e.step, savedAt: Date.now(), bytes: e.bytes }).catch((err: unknown) => this.storageProblem(err));
        }
        break;
      case 'run-status': {
        const r = this.run(e.runId);
        if (r) r.status = e.status;
        break;
      }
      case 'error':
        this.say('error', e.message);
        break;
    }
  }

  private storageProblem(err: unknown): void {
    this.say('warning', err instanceof StoreError ? err.message : `Saving failed: ${err instanceof Error ? err.message : String(err)}`);
  }

  private async finish(phase: 'done' | 'stopped' | 'failed'): Promise<void> {
    await this.save($state.snapshot(this.config), phase === 'stopped' ? 'paused' : phase);
    await this.refreshList();
  }

  private async save(config: ExperimentConfig, status: ExperimentRecord['status']): Promise<void> {
    if (!this.experimentId) return;
    try {
      await this.store.putExperiment({
        id: this.experimentId,
        name: config.name,
        createdAt: this.createdAt,
        updatedAt: Date.now(),
        config,
        results: { runs: $state.snapshot(this.runs) },
        status,
      });
    } catch (e) {
      this.storageProblem(e);
    }
  }

  async open(id: string): Promise<void> {
    const rec = await this.store.getExperiment(id);
    if (!rec) return this.say('error', 'That experiment is no longer saved.');
    const v = validateExperimentConfig(rec.config);
    if (!v.ok) return this.say('error', `The saved experiment could not be read: ${v.errors[0]}`);
    this.config = v.value;
    this.presetId = 'custom';
    const runs = (rec.results as { runs?: RunCurve[] } | null)?.runs;
    this.runs = Array.isArray(runs) ? runs : [];
    this.experimentId = rec.id;
    this.createdAt = rec.createdAt;
    this.phase = 'idle';
    this.say('info', `Opened "${rec.name}" (${rec.status}).${rec.status === 'running' || rec.status === 'paused' ? ' Press Resume training to continue from its checkpoints.' : ''}`);
  }

  /** Continues a saved, unfinished experiment from its latest checkpoints, keeping its curves. */
  async resumeSaved(): Promise<void> {
    if (!this.experimentId || this.running) return;
    const config = $state.snapshot(this.config);
    const checkpoints: Record<string, ArrayBuffer> = {};
    for (const r of this.runs) {
      const ck = await this.store.getCheckpoint(this.experimentId, r.runId);
      if (ck) checkpoints[r.runId] = ck.bytes;
    }
    let webText = null;
    if (needsWebText(config)) {
      try {
        webText = await acquireWebText(config, this.local, (p) => (this.webProgress = p), new AbortController().signal);
      } catch (e) {
        return this.say('error', e instanceof Error ? e.message : String(e));
      } finally {
        this.webProgress = null;
      }
    }
    const runs = $state.snapshot(this.runs);
    this.spawn({ type: 'start', experimentId: this.experimentId, config, webText, resume: { runs, checkpoints } });
  }

  async remove(id: string): Promise<void> {
    await this.store.deleteExperiment(id).catch((e: unknown) => this.storageProblem(e));
    await this.refreshList();
  }

  /** Reads this experiment's saved checkpoints (for export). */
  async checkpointFiles(): Promise<Array<{ runId: string; name: string; step: number; bytes: ArrayBuffer }>> {
    if (!this.experimentId) return [];
    const out = [];
    for (const r of this.runs) {
      const ck = await this.store.getCheckpoint(this.experimentId, r.runId);
      if (ck) out.push({ runId: r.runId, name: r.name, step: ck.step, bytes: ck.bytes });
    }
    return out;
  }

  /** Puts the experiment (and finished curves) in the address bar and on the clipboard. */
  async copyLink(withResults: boolean): Promise<string> {
    const v = validateExperimentConfig($state.snapshot(this.config));
    if (!v.ok) {
      this.say('error', `Fix the setup before sharing: ${v.errors[0]}`);
      return '';
    }
    const recorded = withResults ? $state.snapshot(this.runs).filter((r) => r.points.length > 0) : [];
    const hash = await encodeExperimentLink({ config: v.value, recorded });
    const url = `${location.origin}${location.pathname}#${hash}`;
    history.replaceState(null, '', `#${hash}`);
    try {
      await navigator.clipboard.writeText(url);
      this.say('info', `Link copied${recorded.length ? ' with the curves so far' : ''} (${url.length} characters).`);
    } catch {
      this.say('info', 'The link is in the address bar (the clipboard was not available).');
    }
    return url;
  }
}
