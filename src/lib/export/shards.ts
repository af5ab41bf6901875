// Token shards in llm.c's data-file layout (karpathy/llm.c dev/data/data_common.py write_datafile, "gpt-2"
// variant, read by llmc/dataloader.h and by modded-nanogpt's loader). What we rely on:
//   header   256 int32, little-endian: [0] magic 20240520, [1] version 1, [2] token count; the rest 0
//   tokens   header[2] uint16 little-endian, immediately after the 1024-byte header
//   the file size is exactly 1024 + 2·count (llm.c's loader refuses any other size), and count > 0.
// uint16 caps ids at 65535; our vocabularies (257 byte-level, ≤ 8192 BPE) fit with room to spare.
// llm.c's "llama-3" variant (magic 20240801, uint32 tokens) is not needed and not written.
import { HOST_IS_LITTLE_ENDIAN, readU16LE } from './endian.ts';

export const LLMC_MAGIC = 20240520;
export const LLMC_VERSION = 1;
export const HEADER_INTS = 256;
export const HEADER_BYTES = HEADER_INTS * 4;
export const MAX_TOKEN_ID = 0xffff;
/** header[2] is an int32. */
export const MAX_SHARD_TOKENS = 0x7fffffff;

export class ShardFormatError extends Error {
  override name = 'ShardFormatError';
}

export interface ShardHeader {
  magic: number;
  version: number;
  tokenCount: number;
}

function checkShardSize(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_SHARD_TOKENS) throw new RangeError(`shard size must be an integer in [1, ${MAX_SHARD_TOKENS}] tokens, got ${n}`);
}

function newShard(tokens: number): Uint8Array {
  const bytes = new Uint8Array(HEADER_BYTES + 2 * tokens);
  const dv = new DataView(bytes.buffer);
  dv.setInt32(0, LLMC_MAGIC, true);
  dv.setInt32(4, LLMC_VERSION, true);
  return bytes;
}

function setCount(shard: Uint8Array, count: number): void {
  new DataView(shard.buffer, shard.byteOffset).setInt32(8, count, true);
}

/** Writes tokens into a shard's token area; on a little-endian host a Uint16Array view does it in place. */
class TokenSink {
  private readonly u16: Uint16Array | null;
  private readonly dv: DataView;
  constructor(readonly bytes: Uint8Array) {
    // The header is 1024 bytes, so the token area is 2-byte aligned and a typed view is valid.
    this.u16 = HOST_IS_LITTLE_ENDIAN ? new Uint16Array(bytes.buffer, bytes.byteOffset + HEADER_BYTES, (bytes.length - HEADER_BYTES) / 2) : null;
    this.dv = new DataView(bytes.buffer, bytes.byteOffset);
  }
  set(i: number, id: number): void {
    if (this.u16) this.u16[i] = id;
    else this.dv.setUint16(HEADER_BYTES + 2 * i, id, true);
  }
}

function checkId(id: number, position: number): void {
  if (!(Number.isInteger(id) && id >= 0 && id <= MAX_TOKEN_ID)) {
    throw new RangeError(`token id ${id} at stream position ${position} does not fit the llm.c shard format (uint16: integer ids 0..${MAX_TOKEN_ID})`);
  }
}

/** One complete shard holding `tokens` (for small streams and tests; use ShardWriter for corpora). */
export function encodeShard(tokens: ArrayLike<number>): Uint8Array {
  const w = new ShardWriter(Math.max(1, tokens.length));
  const full = w.push(tokens);
  const last = w.finish();
  const all = last ? [...full, last] : full;
  if (all.length !== 1) throw new ShardFormatError('a shard must hold at least one token (llm.c refuses empty shards)');
  return all[0];
}

/**
 * Streams tokens into shards of exactly `shardTokens` tokens (the last one shorter). Memory is one shard
 * buffer: each full shard is handed to the caller (who writes it out) and a fresh buffer is started.
 */
export class ShardWriter {
  private shard: Uint8Array;
  private sink: TokenSink;
  private fill = 0;
  private total = 0;
  private done = false;

  constructor(readonly shardTokens: number) {
    checkShardSize(shardTokens);
    this.shard = newShard(shardTokens);
    this.sink = new TokenSink(this.shard);
  }

  /** Tokens accepted so far. */
  get tokenCount(): number {
    return this.total;
  }

  /** Appends tokens; returns the shards this completed (often none). Throws on an id ≥ 65536 before writing any of `tokens`. */
  push(tokens: ArrayLike<number>): Uint8Array[] {
    if (this.done) throw new Error('ShardWriter: push after finish');
    // Validate the whole batch first so a bad id never leaves a half-written batch behind.
    for (let i = 0; i < tokens.length; i++) checkId(tokens[i], this.total + i);
    const out: Uint8Array[] = [];
    for (let i = 0; i < tokens.length; i++) {
      this.sink.set(this.fill++, tokens[i]);
      if (this.fill === this.shardTokens) {
        setCount(this.shard, this.fill);
        out.push(this.shard);
        this.shard = newShard(this.shardTokens);
        this.sink = new TokenSink(this.shard);
        this.fill = 0;
      }
    }
    this.total += tokens.length;
    return out;
  }

  /** The final partial shard, or null when the stream ended on a shard boundary (or was empty). */
  finish(): Uint8Array | null {
    if (this.done) throw new Error('ShardWriter: finish called twice');
    this.done = true;
    if (this.fill === 0) return null;
    const last = this.shard.slice(0, HEADER_BYTES + 2 * this.fill);
    setCount(last, this.fill);
    return last;
  }
}

/** Reads and checks a shard's header against the llm.c layout and the shard's actual size. */
export function parseShardHeader(bytes: Uint8Array): ShardHeader {
  if (bytes.length < HEADER_BYTES) throw new ShardFormatError(`shard is ${bytes.length} bytes, shorter than the ${HEADER_BYTES}-byte header`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = dv.getInt32(0, true);
  const version = dv.getInt32(4, true);
  const tokenCount = dv.getInt32(8, true);
  if (magic !== LLMC_MAGIC) throw new ShardFormatError(`bad magic ${magic} (expected ${LLMC_MAGIC}: not an llm.c token shard)`);
  if (version !== LLMC_VERSION) throw new ShardFormatError(`unsupported version ${version} (expected ${LLMC_VERSION}: uint16 tokens)`);
  if (tokenCount < 1) throw new ShardFormatError(`header says ${tokenCount} tokens; llm.c needs at least one`);
  const expected = HEADER_BYTES + 2 * tokenCount;
  if (bytes.length !== expected) throw new ShardFormatError(`shard is ${bytes.length} bytes but its header says ${tokenCount} tokens (${expected} bytes)`);
  return { magic, version, tokenCount };
}

/** The tokens of a validated shard (a copy). */
export function readShard(bytes: Uint8Array): Uint16Array {
  const { tokenCount } = parseShardHeader(bytes);
  return readU16LE(bytes, HEADER_BYTES, tokenCount);
}

/** Shard file names as llm.c's scripts name them: `${prefix}_${index padded to 6}.bin`. */
export function shardFileName(prefix: string, index: number): string {
  return `${prefix}_${String(index).padStart(6, '0')}.bin`;
}
