// Loading checkpoint files (.slck, as the lab exports them) back into an experiment. Each file records
// the experiment and run that wrote it; resumeFromCheckpointFiles (src/lib/experiment/resume.ts) matches
// them to this experiment's runs and refuses, with the reason, files that belong elsewhere. This file adds
// what only the page needs: sizes checked before reading, and each file's step for trimming the curves.
import { decodeCheckpoint } from '../lib/train/index.ts';
import type { ExperimentConfig } from '../lib/experiment/config.ts';
import type { ResumeState } from '../lib/experiment/protocol.ts';
import { resumeFromCheckpointFiles } from '../lib/experiment/resume.ts';

/** Largest checkpoint file read: far above the biggest model preset's weights and optimiser state. */
export const MAX_CHECKPOINT_BYTES = 1024 * 1024 * 1024;

export type CheckpointLoad = { ok: true; resume: ResumeState; steps: Map<string, number> } | { ok: false; error: string };

const shown = (name: string) => `"${name.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 80)}"`;

/** Reads checkpoint files and checks they continue runs of `config`. Never throws. */
export async function readCheckpointFiles(files: ReadonlyArray<Blob & { name: string }>, config: ExperimentConfig): Promise<CheckpointLoad> {
  const read: Array<{ name: string; bytes: Uint8Array }> = [];
  for (const f of files) {
    if (f.size === 0) return { ok: false, error: `${shown(f.name)} is empty.` };
    if (f.size > MAX_CHECKPOINT_BYTES) return { ok: false, error: `${shown(f.name)} is ${(f.size / 2 ** 20).toFixed(0)} MB, larger than any checkpoint the lab writes; it is not a checkpoint.` };
    try {
      read.push({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
    } catch (e) {
      return { ok: false, error: `${shown(f.name)} could not be read: ${e instanceof Error ? e.message : String(e)}.` };
    }
  }
  let resume: ResumeState;
  try {
    resume = resumeFromCheckpointFiles(read, config);
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  // Each accepted file decoded once more for its step (the page trims the run's curve there).
  const steps = new Map<string, number>();
  for (const [runId, bytes] of Object.entries(resume.checkpoints)) steps.set(runId, decodeCheckpoint(new Uint8Array(bytes)).step);
  return { ok: true, resume, steps };
}
