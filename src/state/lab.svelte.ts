// The lab's state and actions. Components read this and call its methods; all training happens in
// the worker, all data logic lives in src/lib. Everything the user makes is saved as it arrives.
import type { LoadProgress } from '../lib/baseline/index.ts';
import type { BackendName } from '../lib/backend/select.ts';
import type { DeviceInfo } from '../lib/backend/device-info.ts';
import { validateExperimentConfig, type ExperimentConfig } from '../lib/experiment/config.ts';
import { EXPERIMENT_PRESETS, matchesPreset } from '../lib/experiment/presets.ts';
import type { CorpusSummary } from '../lib/experiment/prepare-types.ts';
import type { ProbeFit } from '../lib/experiment/prepare.ts';
import type { ExportedTokenizer } from '../lib/export/tokenizer-json.ts';
import type { ExtraTextPayload, MemoryFigures, Phase, ResumeState, TextScore, WorkerCommand, WorkerEvent } from '../lib/experiment/protocol.ts';
import { extraTextFrom } from '../lib/experiment/extra-text.ts';
import type { RunCurve } from '../lib/experiment/results.ts';
import { needsWebText, webTextFrom } from '../lib/experiment/web-text.ts';
import { fallbackMessage, offlineFallback, OFFLINE_SAMPLE } from '../lib/baseline/sample.ts';
import { DEFAULT_HUB_BASELINE } from '../lib/baseline/hub.ts';
import { runIds } from '../lib/experiment/run-ids.ts';
import { addSnapshot, type AnswerSnapshot, type ProbeQuestion } from '../lib/experiment/probe-answers.ts';
import type { SetAttention, SetSurprise } from '../lib/experiment/evaluate.ts';
import { decodeExperimentLink, encodeExperimentLink, payloadFromHash } from '../lib/link/experiment-link.ts';
import { appendPoint, mergePreparedRuns, pointsUpTo } from '../lib/charts/curves.ts';
import { LossTrail } from '../lib/charts/loss-trail.ts';
import { openIndexedDbStore } from '../lib/store/indexeddb-store.ts';
import { MemoryStore } from '../lib/store/memory-store.ts';
import { readSavedRuns } from '../lib/store/saved-results.ts';
import { StoreError, type ExperimentRecord, type LabStore } from '../lib/store/types.ts';
import { readCheckpointFiles } from './checkpoint-file.ts';
import { importLocalFile, loadWebDocuments, type LocalText } from './web-text.ts';
import { LoadedTextView } from './text-view.svelte.ts';
import { awaitsExtraFile, extraFileProblem, filesToSupply, localRef, missingExtraMessage, withExtraCorpus, withoutExtraCorpus, type FileRole } from './own-text.ts';

export interface Message {
  id: number;
  kind: 'info' | 'warning' | 'error';
  text: string;
}

let messageIds = 0;

export interface HeldOutInfo {
  name: string;
  bytes: number;
  floorBpb: number | null;
  floorIsUpperBound: boolean;
}

/** How long an information message stays on screen. */
const INFO_MS = 20_000;
const newId = () => `exp-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
const ACTIVE: ReadonlyArray<Phase | 'idle'> = ['starting', 'generating', 'tokenizing', 'compiling', 'training', 'evaluating', 'paused', 'recovering'];

/** What the lab opens on (and falls back to after a bad link): the first preset, as it is defined. */
export const DEFAULT_PRESET = EXPERIMENT_PRESETS[0];

/** The preset an experiment is, unchanged (so a link or saved copy of a preset keeps its lesson and headline), else 'custom'. */
export const presetIdOf = (config: ExperimentConfig): string => EXPERIMENT_PRESETS.find((p) => matchesPreset(p, config))?.id ?? 'custom';

export class Lab {
  config = $state<ExperimentConfig>(DEFAULT_PRESET.config());
  presetId = $state<string>(DEFAULT_PRESET.id);
  runs = $state<RunCurve[]>([]);
  /** Curves recorded by whoever shared the link: drawn dashed, before and during a reproduction. */
  recorded = $state<RunCurve[]>([]);
  phase = $state<Phase | 'idle'>('idle');
  phaseDetail = $state('');
  phaseProgress = $state<number | null>(null);
  step = $state(0);
  tokensPerSecond = $state(0);
  /** The latest measured training-step time on this device, for the estimate before Run (SetupPanel). */
  speed = $state<{ key: string; backend: BackendName; msPerStep: number } | null>(null);
  measuringSpeed = $state(false);
  elapsedMs = $state(0);
  memory = $state<MemoryFigures | null>(null);
  backend = $state<{ name: BackendName; device: DeviceInfo | null; fallbackReasons: string[] } | null>(null);
  corpus = $state<CorpusSummary | null>(null);
  heldout = $state<HeldOutInfo[]>([]);
  webProgress = $state<LoadProgress | null>(null);
  messages = $state<Message[]>([]);
  experiments = $state<Array<Pick<ExperimentRecord, 'id' | 'name' | 'updatedAt' | 'status'>>>([]);
  experimentId = $state<string | null>(null);
  /** The user's file used as the web baseline (config.baseline "local"). */
  local = $state<LocalText | null>(null);
  /** The user's file used as the extra corpus (config.extra). */
  extraFile = $state<LocalText | null>(null);
  /** A file just dropped or picked, waiting for the user to say what it is for. */
  pendingFile = $state<LocalText | null>(null);
  /** The config the runs on screen belong to (the setup may have been edited since). */
  runsConfig = $state<ExperimentConfig | null>(null);
  /** The probes as questions, and each run's answers at every evaluation in this tab (probe-answers view). */
  questions = $state.raw<ProbeQuestion[]>([]);
  answers = $state.raw<Record<string, AnswerSnapshot[]>>({});
  /** Each run's samples at every evaluation in this tab (the Samples timeline). */
  sampleHistory = $state.raw<Record<string, Array<{ step: number; samples: string[] }>>>({});
  /** Each run's token-by-token surprise on each held-out set's first passage, at every evaluation (Surprise view). */
  surpriseHistory = $state.raw<Record<string, Array<{ step: number; passages: SetSurprise[] }>>>({});
  /** Each run's attention patterns on the same passages, at its latest evaluation (Attention view). */
  attention = $state.raw<Record<string, { step: number; passages: SetAttention[] }>>({});
  /** Per family, the probes the context window cannot hold (from the last preparation), and that context. */
  probeFit = $state<{ families: ProbeFit[]; contextLength: number } | null>(null);
  /** The prepared experiment's tokenizer (exportTokenizer form), for the export menu; raw: never edited. */
  tokenizer = $state.raw<ExportedTokenizer | null>(null);
  /** The most recent train loss per run, for the live readout between evaluations. */
  lastLoss = $state<Record<string, number>>({});
  /** Bumped on every per-step loss: the trails themselves are plain objects, not reactive state. */
  lossVersion = $state(0);
  /** The web baseline's documents and statistics, once loaded (on Run, on request, or from a file). */
  readonly web = new LoadedTextView();
  /** The extra corpus's documents and statistics, once its file is loaded in this tab. */
  readonly extraView = new LoadedTextView();

  private trails = new Map<string, LossTrail>();
  private worker: Worker | null = null;
  /** A short-lived worker that only times a few steps; it goes as soon as it answers, or when a run starts. */
  private speedWorker: Worker | null = null;
  private store: LabStore = new MemoryStore();
  private webAbort: AbortController | null = null;
  private createdAt = 0;
  private pauseWanted = false;

  get running(): boolean {
    return ACTIVE.includes(this.phase);
  }

  say(kind: Message['kind'], text: string): void {
    const last = this.messages.at(-1);
    if (last && last.kind === kind && last.text === text) return; // e.g. the same storage problem at every eval
    const id = ++messageIds;
    this.messages = [...this.messages.slice(-4), { id, kind, text }];
    // Information fades after a while; warnings and errors stay until dismissed.
    if (kind === 'info') setTimeout(() => this.dismiss(id), INFO_MS);
  }

  dismiss(id: number): void {
    this.messages = this.messages.filter((m) => m.id !== id);
  }

  async init(hash: string): Promise<void> {
    try {
      this.store = await openIndexedDbStore();
    } catch (e) {
      this.say('warning', `${messageOf(e)}: experiments will not survive a reload.`);
    }
    await this.refreshList();
    await this.openLink(hash);
  }

  /**
   * Opens the experiment in a location hash (on load, and when a different link is pasted into the same
   * tab). A link that cannot be read leaves the lab on the default experiment and says what was wrong.
   */
  async openLink(hash: string): Promise<void> {
    const payload = payloadFromHash(hash);
    if (payload === null) return;
    if (this.running) return this.say('warning', 'A run is in progress, so the new link was not opened. Stop the run, then open the link again.');
    const r = await decodeExperimentLink(payload);
    if (!r.ok) {
      this.resetTo(DEFAULT_PRESET.config(), DEFAULT_PRESET.id, []);
      this.say('error', `This link could not be opened, so the lab shows the default experiment. What was wrong: ${r.errors.slice(0, 3).join('; ')}${r.errors.length > 3 ? ` (and ${r.errors.length - 3} more)` : ''}.`);
      return;
    }
    this.resetTo(r.value.config, presetIdOf(r.value.config), r.value.recorded ?? []);
    const files = filesToSupply(r.value.config, { baseline: this.local, extra: this.extraFile });
    this.say('info', `${this.recorded.length ? 'Opened a shared experiment with its recorded curves. Press Reproduce to train it again and compare.' : 'Opened a shared experiment. Press Run to train it.'}${files ? ` ${files}` : ''}`);
  }

  private resetTo(config: ExperimentConfig, presetId: string, recorded: RunCurve[]): void {
    this.config = config;
    this.presetId = presetId;
    this.recorded = recorded;
    this.runs = [];
    this.runsConfig = config;
    this.experimentId = null;
    this.corpus = null;
    this.heldout = [];
    this.probeFit = null;
    this.tokenizer = null;
    this.phase = 'idle';
    this.resetLive(0);
  }

  private resetLive(step: number): void {
    this.questions = [];
    this.answers = {};
    this.sampleHistory = {};
    this.surpriseHistory = {};
    this.attention = {};
    this.textScores = null;
    this.lastLoss = {};
    this.trails.clear();
    this.lossVersion++;
    this.step = step;
    this.elapsedMs = 0;
    this.tokensPerSecond = 0;
  }

  async refreshList(): Promise<void> {
    try {
      this.experiments = await this.store.listExperiments();
    } catch (e) {
      this.say('warning', `Could not list saved experiments: ${messageOf(e)}`);
    }
  }

  /**
   * "Bring your own text": a dropped or picked file is read (its size checked first) and held until the
   * user says what it is for (useFileAs): the web baseline, or an extra corpus.
   */
  async importFile(file: File): Promise<void> {
    if (this.running) return this.say('warning', 'A run is in progress; drop the file again when it has finished or stopped.');
    const r = await importLocalFile(file);
    if (!r.ok) return this.say('error', r.error);
    this.pendingFile = r.local;
  }

  /** Puts the file waiting for a decision to use: as the web baseline, or as the extra corpus. */
  useFileAs(role: FileRole): void {
    const file = this.pendingFile;
    if (!file) return;
    if (this.running) return this.say('warning', 'A run is in progress; choose again when it has finished or stopped.');
    const source = `your file "${file.name}"`;
    const ref = localRef(file);
    if (role === 'extra') {
      const problem = extraFileProblem(this.config, this.extraFile, file);
      if (problem) return this.say('error', problem);
      this.pendingFile = null;
      this.extraFile = file;
      this.config = withExtraCorpus($state.snapshot(this.config), file);
      this.extraView.show(ref, { docs: file.docs, fingerprint: file.fingerprint, source });
      this.say('info', `Using "${file.name}" (${file.docs.length} documents) as an extra corpus: every run is evaluated on a held-out part of it, and a run trains on it by its "own text" share (under Runs). A link records the file's name and fingerprint, not its text.`);
      return;
    }
    this.pendingFile = null;
    this.local = file;
    this.config.baseline = { kind: 'local', ...ref };
    this.web.show($state.snapshot(this.config.baseline), { docs: file.docs, fingerprint: file.fingerprint, source });
    this.say('info', `Using "${file.name}" (${file.docs.length} documents) as the web baseline. A link to this experiment records the file's name and fingerprint, not its text.`);
  }

  /**
   * Races the web text shipped with the lab (works offline; the lessons report measured the same text),
   * or, with `hub`, goes back to the preset's FineWeb-Edu download.
   */
  useWebSource(source: 'sample' | 'hub'): void {
    if (this.running) return;
    this.config.baseline = source === 'sample' ? { ...OFFLINE_SAMPLE } : { ...DEFAULT_HUB_BASELINE };
    this.say('info', source === 'sample' ? 'The web baseline is now the sample shipped with the lab: it needs no network, and a link records it.' : 'The web baseline is now FineWeb-Edu from the Hugging Face Hub, downloaded when you press Run.');
  }

  /** Forgets the file waiting for a decision. */
  discardFile(): void {
    this.pendingFile = null;
  }

  /** Takes the extra corpus out of the experiment (and every run's share of it). */
  removeExtraCorpus(): void {
    if (this.running || !this.config.extra) return;
    const name = this.config.extra.name;
    this.config = withoutExtraCorpus($state.snapshot(this.config));
    this.extraFile = null;
    this.say('info', `Removed the extra corpus "${name}"; runs that trained on it now read synthetic and web text only.`);
  }

  /** Loads the Hub baseline (or reads the cache) just to show it, before any run. */
  async previewWeb(): Promise<void> {
    const config = $state.snapshot(this.config);
    this.webAbort = new AbortController();
    try {
      await this.loadWeb(config, false);
    } catch (e) {
      this.say('error', this.webAbort.signal.aborted ? 'Web text download cancelled.' : `The web text could not be loaded: ${messageOf(e)}`);
    } finally {
      this.webProgress = null;
      this.webAbort = null;
    }
  }

  /**
   * The experiment's web text, shown in the corpus panel. A Hub download that fails for want of a network
   * falls back to the sample shipped with the lab (not when resuming): the setup, the link and the runs'
   * record all switch to it, and the page says so.
   */
  private async loadWeb(config: ExperimentConfig, resuming: boolean): Promise<{ config: ExperimentConfig; loaded: Awaited<ReturnType<typeof loadWebDocuments>> }> {
    const signal = this.webAbort?.signal ?? new AbortController().signal;
    const progress = (p: LoadProgress) => (this.webProgress = p);
    let loaded;
    try {
      loaded = await loadWebDocuments(config, this.local, progress, signal);
    } catch (e) {
      const fallback = signal.aborted ? null : offlineFallback(config, e, resuming);
      if (!fallback) throw e;
      this.say('warning', fallbackMessage(e));
      config = fallback;
      this.config.baseline = { ...fallback.baseline };
      if (this.runsConfig) this.runsConfig = fallback;
      loaded = await loadWebDocuments(config, this.local, progress, signal);
    }
    this.web.show(config.baseline, loaded);
    return { config, loaded };
  }

  private validConfig(problem: string): ExperimentConfig | null {
    const v = validateExperimentConfig($state.snapshot(this.config));
    if (v.ok) return v.value;
    this.say('error', `${problem}: ${v.errors.join('; ')}`);
    return null;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const config = this.validConfig('The setup has problems');
    if (!config) return;
    // Checked before anything changes or downloads: a missing file should not cost the user a wait first.
    const extra = this.extraText(config);
    if (!extra.ok) return;
    this.experimentId = newId();
    this.createdAt = Date.now();
    this.runs = [];
    this.runsConfig = config;
    this.resetLive(0);
    await this.launch(config, extra.text);
  }

  /** The extra corpus's text split for the worker (null without one); not ok, after saying why, when its file is not loaded. */
  private extraText(config: ExperimentConfig): { ok: true; text: ExtraTextPayload | null } | { ok: false } {
    if (!config.extra) return { ok: true, text: null };
    const file = this.extraFile;
    if (!file || awaitsExtraFile(config, file)) {
      this.say('error', missingExtraMessage(config.extra));
      return { ok: false };
    }
    try {
      return { ok: true, text: extraTextFrom({ docs: file.docs, fingerprint: file.fingerprint, source: `your file "${file.name}"` }, config) };
    } catch (e) {
      this.say('error', messageOf(e));
      return { ok: false };
    }
  }

  /** Gets the web text and extra text the experiment needs, saves the record, and hands everything to a worker. */
  private async launch(config: ExperimentConfig, extraText: ExtraTextPayload | null, resume?: ResumeState): Promise<void> {
    this.worker?.terminate();
    this.worker = null;
    this.pauseWanted = false;
    this.corpus = null;
    this.probeFit = null;
    this.tokenizer = null;
    this.phase = 'starting';
    this.phaseDetail = 'getting the data ready';
    let webText = null;
    if (needsWebText(config)) {
      this.webAbort = new AbortController();
      this.phaseDetail = 'loading web text';
      try {
        const got = await this.loadWeb(config, resume !== undefined);
        config = got.config;
        webText = webTextFrom(got.loaded, config);
      } catch (e) {
        this.phase = 'idle';
        return this.say('error', this.webAbort.signal.aborted ? 'Web text download cancelled.' : `The web text could not be loaded: ${messageOf(e)} You can drop a text file on the lab to use as the web baseline instead.`);
      } finally {
        this.webProgress = null;
        this.webAbort = null;
      }
    }
    if (!this.experimentId) return;
    await this.save(config, 'running');
    this.spawn({ type: 'start', experimentId: this.experimentId, config, webText, extraText, resume });
    if (this.pauseWanted) this.send({ type: 'pause' });
  }

  cancelDownload(): void {
    this.webAbort?.abort();
  }

  /** The user's own text as each run read it (Surprise and Attention views), and whether it is being scored. */
  textScores = $state.raw<{ text: string; results: TextScore[] } | null>(null);
  scoringText = $state(false);

  /**
   * Scores `text` with each run's latest saved checkpoint, in a worker of its own (training, if any, goes
   * on). Needs a run that has been evaluated at least once: that is when a checkpoint is saved.
   */
  async scoreText(text: string): Promise<void> {
    const clean = text.replace(/\r\n?/g, '\n').trim();
    if (!clean) return this.say('info', 'Type or paste some text first.');
    if (!this.experimentId || !this.tokenizer) return this.say('info', 'Run the experiment first: your text is read by the models it trains.');
    const checkpoints: Array<{ runId: string; bytes: ArrayBuffer }> = [];
    for (const r of this.runs) {
      const ck = await this.store.getCheckpoint(this.experimentId, r.runId).catch(() => null);
      if (ck) checkpoints.push({ runId: r.runId, bytes: ck.bytes });
    }
    if (checkpoints.length === 0) return this.say('info', 'No run has a checkpoint yet: one is saved at every evaluation.');
    this.scoringText = true;
    const w = new Worker(new URL('../worker/lab.worker.ts', import.meta.url), { type: 'module' });
    const done = () => {
      w.terminate();
      this.scoringText = false;
    };
    w.onmessage = (ev: MessageEvent<WorkerEvent>) => {
      const e = ev.data;
      if (e.type === 'text-scored') {
        this.textScores = { text: clean, results: e.results };
        done();
      } else if (e.type === 'error') {
        this.say('warning', e.message);
        done();
      }
    };
    w.onerror = (ev) => {
      this.say('warning', `Could not score your text: ${ev.message}`);
      done();
    };
    w.postMessage({ type: 'score-text', text: clean, tokenizer: $state.snapshot(this.tokenizer), checkpoints } satisfies WorkerCommand);
  }

  /** Times a few training steps of the current experiment's model on this device, off the page's thread. */
  measureSpeed(): void {
    if (this.running || this.measuringSpeed) return;
    this.measuringSpeed = true;
    const w = new Worker(new URL('../worker/lab.worker.ts', import.meta.url), { type: 'module' });
    this.speedWorker = w;
    const done = () => {
      w.terminate();
      if (this.speedWorker === w) this.speedWorker = null;
      this.measuringSpeed = false;
    };
    w.onmessage = (ev: MessageEvent<WorkerEvent>) => {
      const e = ev.data;
      if (e.type === 'speed') {
        this.speed = { key: e.key, backend: e.backend, msPerStep: e.msPerStep };
        done();
      } else if (e.type === 'error') {
        this.say('warning', e.message);
        done();
      }
    };
    w.onerror = (ev) => {
      this.say('warning', `Could not measure this device's speed: ${ev.message}`);
      done();
    };
    w.postMessage({ type: 'measure-speed', config: $state.snapshot(this.config) } satisfies WorkerCommand);
  }

  private spawn(cmd: WorkerCommand): void {
    this.speedWorker?.terminate();
    this.speedWorker = null;
    this.measuringSpeed = false;
    this.worker?.terminate();
    this.worker = new Worker(new URL('../worker/lab.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (ev: MessageEvent<WorkerEvent>) => this.onEvent(ev.data);
    this.worker.onerror = (ev) => {
      this.say('error', `The training worker failed: ${ev.message}. Your runs so far are saved.`);
      this.phase = 'failed';
    };
    this.worker.postMessage(cmd);
  }

  /** Sends a command to the training worker (also the fault drills the test hook exposes). */
  send(cmd: WorkerCommand): void {
    this.worker?.postMessage(cmd);
  }

  /** A pause asked for before the worker exists (while web text loads) is sent when it starts. */
  pause(): void {
    this.pauseWanted = true;
    if (this.worker) this.send({ type: 'pause' });
    else this.phase = 'paused';
  }
  resume(): void {
    this.pauseWanted = false;
    if (this.worker) this.send({ type: 'resume' });
    else this.phase = 'starting';
  }
  stop(): void {
    this.send({ type: 'stop' });
  }
  /** A fresh memory reading from the worker (the device panel asks while it is open). */
  requestMemory(): void {
    this.send({ type: 'memory' });
  }

  private run(id: string): RunCurve | undefined {
    return this.runs.find((r) => r.runId === id);
  }

  private trail(runId: string): LossTrail {
    let t = this.trails.get(runId);
    if (!t) this.trails.set(runId, (t = new LossTrail()));
    return t;
  }

  /** Per-step training loss of each live run, as [step, loss] pairs (reactive through lossVersion). */
  lossTrails(): Map<string, Array<[number, number]>> {
    void this.lossVersion;
    return new Map([...this.trails].map(([id, t]) => [id, t.series()]));
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
        this.tokenizer = e.tokenizer;
        this.probeFit = { families: e.probeFit, contextLength: this.runsConfig?.model.contextLength ?? this.config.model.contextLength };
        this.questions = e.questions;
        // A resumed experiment keeps the curves it already has; the worker continues them.
        this.runs = mergePreparedRuns($state.snapshot(this.runs), e.runs);
        break;
      case 'progress':
        this.step = e.step;
        this.tokensPerSecond = e.tokensPerSecond;
        this.elapsedMs = e.elapsedMs;
        this.memory = e.memory;
        break;
      case 'memory':
        this.memory = e.memory;
        break;
      case 'train-loss':
        this.trail(e.runId).add(e.step, e.loss);
        this.lastLoss[e.runId] = e.loss;
        this.lossVersion++;
        break;
      case 'eval': {
        const r = this.run(e.runId);
        if (r) {
          r.points = appendPoint(r.points, e.point);
          r.samples = e.samples;
        }
        this.answers = { ...this.answers, [e.runId]: addSnapshot(this.answers[e.runId] ?? [], { step: e.point.step, answers: e.answers }) };
        if (e.attention.length) this.attention = { ...this.attention, [e.runId]: { step: e.point.step, passages: e.attention } };
        if (e.surprise.length) this.surpriseHistory = { ...this.surpriseHistory, [e.runId]: addSnapshot(this.surpriseHistory[e.runId] ?? [], { step: e.point.step, passages: e.surprise }) };
        if (e.samples.length) this.sampleHistory = { ...this.sampleHistory, [e.runId]: addSnapshot(this.sampleHistory[e.runId] ?? [], { step: e.point.step, samples: e.samples }) };
        this.step = Math.max(this.step, Math.min(...this.runs.map((x) => x.points.at(-1)?.step ?? 0)));
        void this.save($state.snapshot(this.config), 'running');
        break;
      }
      case 'resumed':
        for (const { runId, fromStep } of e.runs) {
          const r = this.run(runId);
          if (r) r.points = pointsUpTo(r.points, fromStep);
          this.answers = { ...this.answers, [runId]: (this.answers[runId] ?? []).filter((a) => a.step <= fromStep) };
          this.sampleHistory = { ...this.sampleHistory, [runId]: (this.sampleHistory[runId] ?? []).filter((a) => a.step <= fromStep) };
          this.surpriseHistory = { ...this.surpriseHistory, [runId]: (this.surpriseHistory[runId] ?? []).filter((a) => a.step <= fromStep) };
          this.trails.get(runId)?.cutFrom(fromStep + 1);
        }
        this.lossVersion++;
        break;
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
    this.say('warning', err instanceof StoreError ? err.message : `Saving failed: ${messageOf(err)}`);
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
    if (this.running) return this.say('warning', 'A run is in progress; stop it before opening another experiment.');
    const rec = await this.store.getExperiment(id).catch((e: unknown) => (this.say('error', `Could not read the saved experiment: ${messageOf(e)}`), undefined));
    if (rec === undefined) return;
    if (!rec) return this.say('error', 'That experiment is no longer saved.');
    const v = validateExperimentConfig(rec.config);
    if (!v.ok) return this.say('error', `The saved experiment could not be read: ${v.errors[0]}`);
    const saved = readSavedRuns(rec.results);
    if (!saved.ok) return this.say('error', `The saved experiment's curves could not be read: ${saved.errors[0]}`);
    this.resetTo(v.value, presetIdOf(v.value), []);
    this.runs = saved.value.runs;
    this.experimentId = rec.id;
    this.createdAt = rec.createdAt;
    this.step = Math.min(...this.runs.map((r) => r.points.at(-1)?.step ?? 0));
    const unfinished = rec.status === 'running' || rec.status === 'paused';
    const files = filesToSupply(v.value, { baseline: this.local, extra: this.extraFile });
    this.say('info', `Opened "${rec.name}" (${rec.status}).${unfinished ? ' Press Resume training to continue from its checkpoints.' : ''}${saved.value.dropped ? ` ${saved.value.dropped} damaged points were left out.` : ''}${files ? ` ${files}` : ''}`);
  }

  /**
   * Continues this experiment from its latest saved checkpoints (and `loaded`: checkpoint files for some
   * runs, which win over the saved ones). Each run keeps its curve up to its checkpoint; a run without one
   * starts over.
   */
  async resumeSaved(loaded?: { checkpoints: Record<string, ArrayBuffer>; steps: ReadonlyMap<string, number> }): Promise<void> {
    if (this.running) return;
    const config = this.validConfig('The setup has problems');
    if (!config) return;
    const extra = this.extraText(config);
    if (!extra.ok) return;
    if (!this.experimentId) {
      this.experimentId = newId();
      this.createdAt = Date.now();
    }
    const checkpoints: Record<string, ArrayBuffer> = {};
    const steps = new Map<string, number>();
    for (const r of this.runs) {
      const ck = await this.store.getCheckpoint(this.experimentId, r.runId).catch(() => null);
      if (ck) {
        checkpoints[r.runId] = ck.bytes;
        steps.set(r.runId, ck.step);
      }
    }
    for (const [runId, bytes] of Object.entries(loaded?.checkpoints ?? {})) {
      checkpoints[runId] = bytes;
      steps.set(runId, loaded!.steps.get(runId) ?? 0);
    }
    this.runsConfig = config;
    const runs = $state.snapshot(this.runs).map((r) => {
      const at = steps.get(r.runId);
      return { ...r, points: at === undefined ? [] : pointsUpTo(r.points, at), status: 'running' as const };
    });
    this.runs = runs;
    // Progress restarts from the least advanced run (0 when some run has no checkpoint and starts over).
    const all = runIds(config).map((r) => steps.get(r.id));
    this.resetLive(all.every((s) => s !== undefined) ? Math.min(...(all as number[])) : 0);
    await this.launch(config, extra.text, { runs, checkpoints });
  }

  /** Continues the runs these checkpoint files belong to (each file names its experiment and run). */
  async loadCheckpoints(files: ReadonlyArray<File>): Promise<void> {
    if (this.running) return this.say('warning', 'A run is in progress; stop it before loading a checkpoint.');
    const config = this.validConfig('Fix the setup before loading a checkpoint');
    if (!config || files.length === 0) return;
    const r = await readCheckpointFiles(files, config);
    if (!r.ok) return this.say('error', r.error);
    const names = runIds(config).filter((x) => r.steps.has(x.id)).map((x) => `${x.name} from step ${r.steps.get(x.id)}`);
    this.say('info', `Loaded ${files.length === 1 ? `"${files[0].name}"` : `${files.length} checkpoints`}: continuing ${names.join(', ')}.`);
    await this.resumeSaved({ checkpoints: r.resume.checkpoints, steps: r.steps });
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
      const ck = await this.store.getCheckpoint(this.experimentId, r.runId).catch(() => null);
      if (ck) out.push({ runId: r.runId, name: r.name, step: ck.step, bytes: ck.bytes });
    }
    return out;
  }

  /** A plain copy of what tests and exports read: the setup, the curves, where the run stands, what was prepared. */
  snapshot(): { config: ExperimentConfig; runs: RunCurve[]; recorded: RunCurve[]; phase: Phase | 'idle'; step: number; messages: Message[]; corpus: CorpusSummary | null; heldout: HeldOutInfo[]; speed: Lab['speed']; questions: ProbeQuestion[]; answers: Record<string, AnswerSnapshot[]>; sampleHistory: Lab['sampleHistory']; surpriseHistory: Lab['surpriseHistory']; attention: Lab['attention']; textScores: Lab['textScores'] } {
    return $state.snapshot({ config: this.config, runs: this.runs, recorded: this.recorded, phase: this.phase, step: this.step, messages: this.messages, corpus: this.corpus, heldout: this.heldout, speed: this.speed, questions: this.questions, answers: this.answers, sampleHistory: this.sampleHistory, surpriseHistory: this.surpriseHistory, attention: this.attention, textScores: this.textScores });
  }

  /** Puts the experiment (and finished curves) in the address bar and on the clipboard. */
  async copyLink(withResults: boolean): Promise<string> {
    const config = this.validConfig('Fix the setup before sharing');
    if (!config) return '';
    const recorded = withResults ? $state.snapshot(this.runs).filter((r) => r.points.length > 0) : [];
    const hash = await encodeExperimentLink({ config, recorded });
    const url = `${location.origin}${location.pathname}${location.search}#${hash}`;
    // replaceState fires no hashchange, so the lab does not reopen its own link.
    history.replaceState(null, '', `#${hash}`);
    const files = (config.baseline.kind === 'local' ? 1 : 0) + (config.extra ? 1 : 0);
    const local = files === 0 ? '' : files === 1 ? ' It names your local file and its fingerprint; whoever opens it must drop the same file.' : ' It names your two local files and their fingerprints; whoever opens it must drop the same files.';
    try {
      await navigator.clipboard.writeText(url);
      this.say('info', `Link copied${recorded.length ? ' with the curves so far' : ''} (${url.length} characters).${local}`);
    } catch {
      this.say('info', `The link is in the address bar (the clipboard was not available).${local}`);
    }
    return url;
  }
}
