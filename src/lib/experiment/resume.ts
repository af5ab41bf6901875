// Resuming from downloaded checkpoint files (.slck): each file is matched to the run that wrote it,
// and refused with a message that says why when it belongs to another experiment or run, or when
// its model or training settings are not this config's.
import { decodeCheckpoint, type Checkpoint } from '../train/checkpoint.ts';
import type { ExperimentConfig } from './config.ts';
import { modelConfigFor, trainConfigFor } from './derived-configs.ts';
import { canonicalJson, trainingFingerprint } from './fingerprint.ts';
import type { ResumeState } from './protocol.ts';
import { runIds } from './run-ids.ts';

export interface CheckpointFile {
  /** File name, for messages. */
  name: string;
  bytes: Uint8Array;
}

/** Why a checkpoint file cannot resume this experiment, or null when it can. */
function mismatch(ck: Checkpoint, config: ExperimentConfig, expected: string): string | null {
  const origin = ck.origin;
  if (!origin) return 'it does not record which experiment and run wrote it (it was saved before checkpoints carried that), so it cannot be matched to a run safely';
  if (origin.experiment !== expected) {
    return `it was written by another experiment (training fingerprint ${origin.experiment}); this config's is ${expected}. Resume with the config that wrote it: the same seed, model, training settings (steps included), tokenizer, corpus and runs`;
  }
  const run = runIds(config).find((r) => r.id === origin.runId);
  if (!run) return `it belongs to run "${origin.runId}", which this experiment does not have (its runs are ${runIds(config).map((r) => r.id).join(', ')})`;
  if (ck.seed !== run.seed) return `its seed ${String(ck.seed)} is not run ${run.id}'s seed ${run.seed}`;
  // The fingerprint covers these; checking them too gives a precise message for a hand-edited file.
  const { kernels: _k, ...model } = ck.modelConfig;
  const { kernels: _e, ...want } = modelConfigFor(config, ck.modelConfig.vocabSize, config.runs[run.index]);
  if (canonicalJson(model) !== canonicalJson(want)) return `its model (${canonicalJson(model)}) is not this config's (${canonicalJson(want)})`;
  if (canonicalJson(ck.trainConfig) !== canonicalJson(trainConfigFor(config))) return `its training settings are not this config's`;
  if (ck.step > config.train.steps) return `it was taken at step ${ck.step}, after this config's last step ${config.train.steps}`;
  return null;
}

/**
 * The ResumeState the runner continues from: each file's run restarts at the file's step (its earlier
 * curve is not in the file, so its points start there); runs without a file start from scratch.
 * Throws an Error naming the file and the reason for the first file that does not fit.
 */
export function resumeFromCheckpointFiles(files: readonly CheckpointFile[], config: ExperimentConfig): ResumeState {
  const expected = trainingFingerprint(config);
  const checkpoints: Record<string, ArrayBuffer> = {};
  const fileOf = new Map<string, string>();
  for (const f of files) {
    let ck: Checkpoint;
    try {
      ck = decodeCheckpoint(f.bytes);
    } catch (e) {
      throw new Error(`${f.name}: not a usable synthlab checkpoint: ${e instanceof Error ? e.message : String(e)}`);
    }
    const why = mismatch(ck, config, expected);
    if (why) throw new Error(`${f.name} cannot resume this experiment: ${why}.`);
    const runId = ck.origin!.runId;
    const other = fileOf.get(runId);
    if (other) throw new Error(`${other} and ${f.name} are both checkpoints of run ${runId}; give one file per run.`);
    fileOf.set(runId, f.name);
    checkpoints[runId] = f.bytes.slice().buffer;
  }
  return { runs: [], checkpoints };
}
