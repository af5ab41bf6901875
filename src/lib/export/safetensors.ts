// The safetensors container, written and read from its published layout (huggingface/safetensors):
//   bytes 0..8       N, the header length, unsigned 64-bit little-endian
//   bytes 8..8+N     a UTF-8 JSON object; may end in spaces (0x20) used as padding
//                    { "<name>": { "dtype": "F32", "shape": [..], "data_offsets": [begin, end] }, ...,
//                      "__metadata__": { "<key>": "<string value>" } }   (metadata optional, strings only)
//   bytes 8+N..      the data buffer; offsets are relative to its start, tensors are row-major ('C' order),
//                    little-endian, and together they cover the buffer exactly (no gaps, no overlap).
// The reader treats its input as hostile: every number is checked before it is used, so a corrupt or
// truncated file fails with a message instead of reading out of range or returning a wrong tensor.
import { readF32LE, writeF32LE } from './endian.ts';
import { sizeOf } from '../model/params.ts';

/** Bytes per element of every dtype the format defines; the reader uses them to check foreign files. */
const DTYPE_BYTES: Readonly<Record<string, number>> = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1,
  I16: 2, U16: 2, F16: 2, BF16: 2,
  I32: 4, U32: 4, F32: 4,
  I64: 8, U64: 8, F64: 8,
};

/** The reference implementation refuses headers above 100 MB; so do we (a header is a few KB here). */
export const MAX_HEADER_BYTES = 100_000_000;

export class SafetensorsError extends Error {
  override name = 'SafetensorsError';
}

export interface F32Tensor {
  name: string;
  shape: readonly number[];
  data: Float32Array;
}

export interface TensorEntry {
  name: string;
  dtype: string;
  shape: number[];
  /** [begin, end) relative to the data buffer, exactly as stored in the header. */
  dataOffsets: [number, number];
}

export interface SafetensorsFile {
  /** Tensors in the order of their data (ascending offsets). */
  entries: TensorEntry[];
  metadata: Record<string, string>;
  /** Absolute byte offset of the data buffer in the file: 8 + header length. */
  dataStart: number;
  /** The file's bytes (not copied). */
  bytes: Uint8Array;
}

/**
 * Serialises float32 tensors in the given order. The header is padded with spaces so the data buffer
 * starts at a multiple of 8 bytes, which lets readers map tensors without copying.
 */
export function encodeSafetensors(tensors: readonly F32Tensor[], metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = { ...metadata };
  let offset = 0;
  for (const t of tensors) {
    if (t.name === '__metadata__' || Object.prototype.hasOwnProperty.call(header, t.name)) throw new SafetensorsError(`duplicate or reserved tensor name "${t.name}"`);
    if (!t.shape.every((d) => Number.isInteger(d) && d >= 0)) throw new SafetensorsError(`tensor "${t.name}": shape [${t.shape.join(', ')}] is not a list of non-negative integers`);
    const n = sizeOf(t.shape);
    if (n !== t.data.length) throw new SafetensorsError(`tensor "${t.name}": shape [${t.shape.join(', ')}] holds ${n} values, data has ${t.data.length}`);
    header[t.name] = { dtype: 'F32', shape: [...t.shape], data_offsets: [offset, offset + 4 * n] };
    offset += 4 * n;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil((8 + json.length) / 8) * 8 - 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + offset);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, json.length, true); // low word; header lengths never reach 2^32
  dv.setUint32(4, 0, true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of tensors) {
    writeF32LE(out, at, t.data);
    at += t.data.byteLength;
  }
  return out;
}

const isPlainObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;

/** Parses and fully validates a safetensors file's header against its own size. Throws SafetensorsError. */
export function parseSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (bytes.length < 8) throw new SafetensorsError(`file is ${bytes.length} bytes, shorter than the 8-byte header length`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lo = dv.getUint32(0, true);
  const hi = dv.getUint32(4, true);
  if (hi !== 0 || lo > MAX_HEADER_BYTES) throw new SafetensorsError(`header length ${hi * 2 ** 32 + lo} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  const headerLen = lo;
  if (8 + headerLen > bytes.length) throw new SafetensorsError(`header length ${headerLen} runs past the end of the ${bytes.length}-byte file`);
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen)));
  } catch (e) {
    throw new SafetensorsError(`header is not valid UTF-8 JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isPlainObject(raw)) throw new SafetensorsError('header is not a JSON object');
  const dataStart = 8 + headerLen;
  const dataLen = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const entries: TensorEntry[] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (name === '__metadata__') {
      if (!isPlainObject(value)) throw new SafetensorsError('__metadata__ is not an object');
      for (const [k, v] of Object.entries(value)) {
        if (typeof v !== 'string') throw new SafetensorsError(`__metadata__.${k} is not a string`);
        metadata[k] = v;
      }
      continue;
    }
    entries.push(checkEntry(name, value, dataLen));
  }
  entries.sort((a, b) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1]);
  // Contiguity: sorted by offset, each tensor starts where the previous ended and the last ends at the
  // end of the file. This also catches overlaps and (since JSON.parse keeps only the last of duplicate
  // keys) a duplicated name, which leaves a hole.
  let expected = 0;
  for (const e of entries) {
    if (e.dataOffsets[0] !== expected) {
      throw new SafetensorsError(`tensor "${e.name}" starts at ${e.dataOffsets[0]}, expected ${expected} (tensors must be contiguous, without gaps or overlap)`);
    }
    expected = e.dataOffsets[1];
  }
  if (expected !== dataLen) throw new SafetensorsError(`tensors cover ${expected} bytes but the data buffer holds ${dataLen}`);
  return { entries, metadata, dataStart, bytes };
}

function checkEntry(name: string, value: unknown, dataLen: number): TensorEntry {
  if (!isPlainObject(value)) throw new SafetensorsError(`tensor "${name}": entry is not an object`);
  const { dtype, shape, data_offsets: offsets } = value;
  if (typeof dtype !== 'string' || !(dtype in DTYPE_BYTES)) throw new SafetensorsError(`tensor "${name}": unknown dtype ${JSON.stringify(dtype)}`);
  if (!Array.isArray(shape) || !shape.every(isCount)) throw new SafetensorsError(`tensor "${name}": shape is not a list of non-negative integers`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !isCount(offsets[0]) || !isCount(offsets[1]) || offsets[0] > offsets[1]) {
    throw new SafetensorsError(`tensor "${name}": data_offsets must be [begin, end] with 0 <= begin <= end`);
  }
  if (offsets[1] > dataLen) throw new SafetensorsError(`tensor "${name}": data_offsets end ${offsets[1]} is past the ${dataLen}-byte data buffer`);
  const size = sizeOf(shape as number[]) * DTYPE_BYTES[dtype];
  if (offsets[1] - offsets[0] !== size) {
    throw new SafetensorsError(`tensor "${name}": ${offsets[1] - offsets[0]} bytes for ${dtype} [${shape.join(', ')}], expected ${size}`);
  }
  return { name, dtype, shape: shape as number[], dataOffsets: [offsets[0], offsets[1]] };
}

/** The named tensor's values as float32; throws if it is missing or stored in another dtype. */
export function readF32Tensor(file: SafetensorsFile, name: string): F32Tensor {
  const e = file.entries.find((x) => x.name === name);
  if (!e) throw new SafetensorsError(`no tensor named "${name}"`);
  if (e.dtype !== 'F32') throw new SafetensorsError(`tensor "${name}" is ${e.dtype}; only F32 can be imported (convert with torch: t.float())`);
  return { name, shape: e.shape, data: readF32LE(file.bytes, file.dataStart + e.dataOffsets[0], sizeOf(e.shape)) };
}
