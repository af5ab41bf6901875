// Messages between the page and the training worker. Plain, structured-cloneable data only.
import type { BackendName } from '../backend/select.ts';
import type { DeviceInfo } from '../backend/device-info.ts';
import type { ExperimentConfig } from './config.ts';
import type { EvalPoint, RunCurve } from './results.ts';
import type { CorpusSummary } from './prepare-types.ts';
import type { WebText } from './prepare.ts';

/** Page → worker. */
export type WorkerCommand =
  | { type: 'start'; experimentId: string; config: ExperimentConfig; webText: WebTextPayload | null; resume?: ResumeState }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  /** Test hook and fault drill: make the next step of a run produce a NaN loss. */
  | { type: 'inject-nan'; runId: string }
  /** Fault drill: destroy the GPU device, as a driver reset would. */
  | { type: 'lose-device' };

/** Web text the page loaded (download, cache or user file), split into train and held-out docs. */
export type WebTextPayload = WebText;

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
  | { type: 'prepared'; runs: Array<Pick<RunCurve, 'runId' | 'name' | 'seed' | 'share'>>; corpus: CorpusSummary; heldout: Array<{ name: string; bytes: number; floorBpb: number | null; floorIsUpperBound: boolean }> }
  | { type: 'progress'; step: number; totalSteps: number; tokensPerSecond: number; elapsedMs: number; memory: MemoryFigures }
  | { type: 'train-loss'; runId: string; step: number; loss: number }
  | { type: 'eval'; runId: string; point: EvalPoint; samples: string[] }
  | { type: 'note'; runId: string; step: number; message: string }
  | { type: 'checkpoint'; runId: string; step: number; bytes: ArrayBuffer }
  | { type: 'run-status'; runId: string; status: RunCurve['status'] }
  | { type: 'error'; message: string };

export interface MemoryFigures {
  tensors: number;
  bytes: number;
}
