// Messages between the page and the training worker. Plain, structured-cloneable data only.
import type { BackendName } from '../backend/select.ts';
import type { DeviceInfo } from '../backend/device-info.ts';
import type { ExperimentConfig } from './config.ts';
import type { EvalPoint, RunCurve } from './results.ts';
import type { CorpusSummary } from './prepare-types.ts';
import type { ProbeFit, WebText } from './prepare.ts';
import type { ExtraText } from './extra-text.ts';
import type { ExportedTokenizer } from '../export/tokenizer-json.ts';
import type { ProbeAnswer, ProbeQuestion } from './probe-answers.ts';
import type { SetAttention, SetSurprise } from './evaluate.ts';
import type { PassageSurprise } from '../eval/surprise.ts';
import type { PassageAttention } from '../eval/attention.ts';

/** One run's reading of the user's text, at the step of the checkpoint it was scored with. */
export interface TextScore {
  runId: string;
  step: number;
  surprise: PassageSurprise;
  attention: PassageAttention;
}

/** Page → worker. */
export type WorkerCommand =
  /** `extraText`: the text of config.extra (the user's own file), required when the config has one. */
  | { type: 'start'; experimentId: string; config: ExperimentConfig; webText: WebTextPayload | null; extraText: ExtraTextPayload | null; resume?: ResumeState }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  /** Test hook and fault drill: make the next step of a run produce a NaN loss. */
  | { type: 'inject-nan'; runId: string }
  /** Fault drill: destroy the GPU device, as a driver reset would. */
  | { type: 'lose-device' }
  /** Asks for a fresh memory reading (the device panel polls it between progress events). */
  | { type: 'memory' }
  /** Times a few training steps of the experiment's model on this device (for the estimate before Run). */
  | { type: 'measure-speed'; config: ExperimentConfig }
  /** Scores the user's own text with each run's latest checkpoint (the Surprise and Attention views). */
  | { type: 'score-text'; text: string; tokenizer: ExportedTokenizer; checkpoints: Array<{ runId: string; bytes: ArrayBuffer }> };

/** Web text the page loaded (download, cache or user file), split into train and held-out docs. */
export type WebTextPayload = WebText;
/** The user's own file as the experiment's extra corpus (extraTextFrom), split the same way. */
export type ExtraTextPayload = ExtraText;

/** Where to continue from: the curves so far and each run's latest checkpoint bytes. */
export interface ResumeState {
  runs: RunCurve[];
  checkpoints: Record<string, ArrayBuffer>;
}

export type Phase = 'starting' | 'generating' | 'tokenizing' | 'compiling' | 'training' | 'evaluating' | 'paused' | 'recovering' | 'done' | 'stopped' | 'failed';

/** Worker → page. */
export type WorkerEvent =
  | { type: 'backend'; backend: BackendName; device: DeviceInfo | null; fallbackReasons: string[] }
  | { type: 'phase'; phase: Phase; detail: string; progress?: number }
  /**
   * `probeFit`: per family, how many probes the context window cannot hold (never scored). `tokenizer`:
   * the experiment's tokenizer as exportTokenizer writes it, for the export menu (the checkpoints record
   * its digest, and export-weights accepts only this tokenizer with them).
   */
  | { type: 'prepared'; runs: Array<Pick<RunCurve, 'runId' | 'name' | 'seed' | 'share'>>; corpus: CorpusSummary; heldout: Array<{ name: string; bytes: number; floorBpb: number | null; floorIsUpperBound: boolean }>; probeFit: ProbeFit[]; tokenizer: ExportedTokenizer; questions: ProbeQuestion[] }
  /** `tokens`: training tokens the slowest run has seen. */
  | { type: 'progress'; step: number; totalSteps: number; tokensPerSecond: number; elapsedMs: number; memory: MemoryFigures; tokens?: number }
  /** `tokens`: training tokens this run has seen after `step`. */
  | { type: 'train-loss'; runId: string; step: number; loss: number; tokens?: number }
  /**
   * `answers`: each probe's answer at this evaluation (the Probe answers view); `surprise`: each held-out
   * set's first passage scored token by token (the Surprise view); `attention`: that passage's attention
   * patterns (the Attention view). None is kept in links.
   */
  | { type: 'eval'; runId: string; point: EvalPoint; samples: string[]; answers: ProbeAnswer[]; surprise: SetSurprise[]; attention: SetAttention[] }
  | { type: 'note'; runId: string; step: number; message: string }
  | { type: 'checkpoint'; runId: string; step: number; bytes: ArrayBuffer }
  | { type: 'run-status'; runId: string; status: RunCurve['status'] }
  | { type: 'memory'; memory: MemoryFigures }
  /** After a lost device: each run continues from `fromStep`; the page drops its points after it. */
  | { type: 'resumed'; runs: Array<{ runId: string; fromStep: number }> }
  /** The answer to measure-speed: `key` is the speedKey of the config it measured. */
  | { type: 'speed'; key: string; backend: BackendName; msPerStep: number }
  /** The answer to score-text: each run's surprise and attention on the text, at its checkpoint's step. */
  | { type: 'text-scored'; results: TextScore[] }
  | { type: 'error'; message: string };

/** What a step's speed depends on: the model, the batch, the tokenizer's size and the kernels. */
export const speedKey = (c: Pick<ExperimentConfig, 'model' | 'train' | 'tokenizer'>): string =>
  JSON.stringify([c.model, c.train.batchSize, c.train.optimizer, c.tokenizer]);

export interface MemoryFigures {
  /** tfjs tensors alive. */
  tensors: number;
  /** Bytes of those tensors. */
  bytes: number;
  /** GPU bytes in use by tfjs's buffers (WebGPU, WebGL), where the backend reports them. */
  gpuBytes?: number;
  /** GPU bytes tfjs holds, in use or pooled for reuse (WebGPU, WebGL). */
  gpuBytesAllocated?: number;
  /** JS heap in use (Chromium's performance.memory; coarse unless the browser runs with precise figures). */
  heapBytes?: number;
}
