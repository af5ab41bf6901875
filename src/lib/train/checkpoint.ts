// Checkpoint state: everything needed to continue a run bit-for-bit — configs, seed, step, weights,
// optimiser state. The data position and the only random stream in training (batch windows) are
// both determined by (seed, step), so there is no separate generator state to save.
// Two forms: a plain object of Float32Arrays (structured-cloneable: postMessage, IndexedDB), and a
// compact binary encoding (header JSON + concatenated little-endian float32) for files.
import { validateModelConfig, type ModelConfig } from '../model/config.ts';
import { modelValues } from '../model/model.ts';
import { paramSpecs, sizeOf } from '../model/params.ts';
import type { Seed } from '../model/prng.ts';
import { validateTrainConfig, type TrainConfig } from './config.ts';
import type { OptimizerState } from './optimizer.ts';
import { createTrainRun, type TrainRun } from './run.ts';

export const CHECKPOINT_FORMAT = 'synthlab-checkpoint';
export const CHECKPOINT_VERSION = 1;

/** Which run of which experiment wrote a checkpoint, so a file can be matched back to it. */
export interface CheckpointOrigin {
  /** The run's id within its experiment ("r0", "r1s2", ...). */
  runId: string;
  /** Fingerprint of the experiment's training setup (experiment/fingerprint.ts). */
  experiment: string;
  /**
   * SHA-256 (hex) of the tokenizer the run trained with (export/tokenizer-digest.ts), so exported weights
   * can be paired with exactly that tokenizer. Absent in files written before checkpoints recorded it.
   */
  tokenizer?: string;
}

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  version: typeof CHECKPOINT_VERSION;
  modelConfig: ModelConfig;
  trainConfig: TrainConfig;
  seed: Seed;
  /** Optimiser steps taken = index of the next batch to draw (the data position). */
  step: number;
  params: Record<string, Float32Array>;
  optimizer: OptimizerState;
  /** Set by the experiment runner; absent in checkpoints of bare training runs (and older files). */
  origin?: CheckpointOrigin;
}

/** Snapshot of a run (reads every weight and slot back from the device). */
export async function checkpointRun(run: TrainRun): Promise<Checkpoint> {
  const [optimizer, params] = await Promise.all([run.optimizer.getState(), modelValues(run.model)]);
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    modelConfig: { ...run.model.config },
    trainConfig: { ...run.trainConfig },
    seed: run.seed,
    step: optimizer.step,
    params,
    optimizer,
  };
}

/** A run that continues exactly where the checkpoint was taken. */
export function restoreTrainRun(ck: Checkpoint): TrainRun {
  return createTrainRun(ck.modelConfig, ck.trainConfig, ck.seed, { params: ck.params, optimizer: ck.optimizer });
}

// ---- binary encoding -------------------------------------------------------------------------------
// Layout: "SLCK" | u32 LE header byte length | header JSON (UTF-8) | zero padding to a multiple of 4 |
// float32 LE data: every params array in `tensors` order, then every optimiser slot.

const MAGIC = [0x53, 0x4c, 0x43, 0x4b]; // "SLCK"
/** Refuse headers beyond this: a real one is a few KB; anything bigger is a corrupt or hostile file. */
const MAX_HEADER_BYTES = 1 << 20;

/** A checkpoint's JSON header: everything but the tensors' data, which follows it in `tensors` order. */
interface Header extends Omit<Checkpoint, 'params' | 'optimizer'> {
  optimizer: { kind: OptimizerState['kind']; step: number };
  /** Names and lengths in data order; group says which record each belongs to. */
  tensors: Array<{ group: 'param' | 'slot'; name: string; length: number }>;
}

function assertLittleEndian(): void {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('checkpoint encoding needs a little-endian platform');
}

export function encodeCheckpoint(ck: Checkpoint): Uint8Array {
  assertLittleEndian();
  const entries: Array<{ group: 'param' | 'slot'; name: string; data: Float32Array }> = [
    ...Object.entries(ck.params).map(([name, data]) => ({ group: 'param' as const, name, data })),
    ...Object.entries(ck.optimizer.slots).map(([name, data]) => ({ group: 'slot' as const, name, data })),
  ];
  const header: Header = {
    format: ck.format,
    version: ck.version,
    modelConfig: ck.modelConfig,
    trainConfig: ck.trainConfig,
    seed: ck.seed,
    step: ck.step,
    optimizer: { kind: ck.optimizer.kind, step: ck.optimizer.step },
    ...(ck.origin ? { origin: originFields(ck.origin) } : {}),
    tensors: entries.map((e) => ({ group: e.group, name: e.name, length: e.data.length })),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = Math.ceil((8 + json.length) / 4) * 4;
  const floats = entries.reduce((n, e) => n + e.data.length, 0);
  const out = new Uint8Array(dataStart + floats * 4);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, json.length, true);
  out.set(json, 8);
  const f32 = new Float32Array(out.buffer, dataStart, floats);
  let offset = 0;
  for (const e of entries) {
    f32.set(e.data, offset);
    offset += e.data.length;
  }
  return out;
}

/** Decodes and validates; throws a descriptive error on anything malformed. */
export function decodeCheckpoint(bytes: Uint8Array): Checkpoint {
  assertLittleEndian();
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error('not a synthlab checkpoint (bad magic)');
  const headerLen = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (headerLen > MAX_HEADER_BYTES || 8 + headerLen > bytes.length) throw new Error(`checkpoint header length ${headerLen} is out of range`);
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen))) as Header;
  } catch (e) {
    throw new Error(`checkpoint header is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof header !== 'object' || header === null || header.format !== CHECKPOINT_FORMAT) throw new Error('checkpoint header has the wrong format tag');
  if (header.version !== CHECKPOINT_VERSION) throw new Error(`unsupported checkpoint version ${String(header.version)}`);
  const problems = [...validateModelConfig(header.modelConfig), ...validateTrainConfig(header.trainConfig)];
  if (problems.length > 0) throw new Error(`checkpoint configs are invalid:\n  - ${problems.join('\n  - ')}`);
  if (!Number.isInteger(header.step) || header.step < 0) throw new Error('checkpoint step must be a non-negative integer');
  if (!Array.isArray(header.tensors)) throw new Error('checkpoint header lacks its tensor table');
  const origin = header.origin;
  if (origin !== undefined && !isOrigin(origin)) throw new Error('checkpoint origin must hold a run id, a 64-hex experiment fingerprint and optionally a 64-hex tokenizer digest, nothing else');

  const dataStart = Math.ceil((8 + headerLen) / 4) * 4;
  const total = header.tensors.reduce((n, t) => n + (Number.isInteger(t?.length) && t.length >= 0 ? t.length : Number.NaN), 0);
  if (!(total * 4 === bytes.length - dataStart)) throw new Error(`checkpoint data holds ${bytes.length - dataStart} bytes, header describes ${total * 4}`);
  // Copy into an aligned buffer: the input may sit at any byte offset.
  const data = new Float32Array(bytes.slice(dataStart).buffer);
  const params: Record<string, Float32Array> = {};
  const slots: Record<string, Float32Array> = {};
  let offset = 0;
  for (const t of header.tensors) {
    (t.group === 'param' ? params : slots)[String(t.name)] = data.slice(offset, offset + t.length);
    offset += t.length;
  }
  // Shapes must match the config exactly; catching it here gives a clearer error than tfjs would.
  for (const spec of paramSpecs(header.modelConfig)) {
    const v = params[spec.name];
    if (!v || v.length !== sizeOf(spec.shape)) throw new Error(`checkpoint parameter ${spec.name} is missing or has the wrong size`);
  }
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    modelConfig: header.modelConfig,
    trainConfig: header.trainConfig,
    seed: header.seed,
    step: header.step,
    params,
    optimizer: { kind: header.optimizer.kind, step: header.optimizer.step, slots },
    ...(origin ? { origin: originFields(origin) } : {}),
  };
}

/** Exactly the origin's known fields (an absent tokenizer digest stays absent). */
function originFields(o: CheckpointOrigin): CheckpointOrigin {
  return { runId: o.runId, experiment: o.experiment, ...(o.tokenizer !== undefined ? { tokenizer: o.tokenizer } : {}) };
}

function isOrigin(x: unknown): x is CheckpointOrigin {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Record<string, unknown>;
  const hex64 = (v: unknown) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
  const known = ['runId', 'experiment', 'tokenizer'];
  return (
    typeof o.runId === 'string' && /^[A-Za-z0-9_-]{1,40}$/.test(o.runId) && hex64(o.experiment) &&
    (o.tokenizer === undefined || hex64(o.tokenizer)) && Object.keys(o).every((k) => known.includes(k))
  );
}
