// What the lab keeps across reloads: experiments (setup + curves) and checkpoints (weights + state).

export interface ExperimentRecord {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  /** The experiment config exactly as the share link carries it (validated on load). */
  config: unknown;
  /** Curves and readouts so far (validated on load). */
  results: unknown;
  status: 'draft' | 'running' | 'paused' | 'done' | 'failed';
}

export interface CheckpointRecord {
  experimentId: string;
  runId: string;
  step: number;
  savedAt: number;
  /** The engine's binary checkpoint encoding (weights, optimiser state, data position, rng). */
  bytes: ArrayBuffer;
}

export class StoreError extends Error {
  constructor(
    message: string,
    readonly kind: 'quota' | 'unavailable' | 'corrupt' | 'other',
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export interface LabStore {
  listExperiments(): Promise<Array<Pick<ExperimentRecord, 'id' | 'name' | 'updatedAt' | 'status'>>>;
  getExperiment(id: string): Promise<ExperimentRecord | null>;
  /** Atomic: either the whole record is written or the previous one stays intact. */
  putExperiment(rec: ExperimentRecord): Promise<void>;
  deleteExperiment(id: string): Promise<void>;
  /** Keeps only the newest checkpoint per run (each one replaces the last atomically). */
  putCheckpoint(rec: CheckpointRecord): Promise<void>;
  getCheckpoint(experimentId: string, runId: string): Promise<CheckpointRecord | null>;
}
