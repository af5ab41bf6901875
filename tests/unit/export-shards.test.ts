// llm.c token shards (header layout, exact sizes, streaming across shard boundaries, uint16 limit) and
// JSONL text export. Header fields are read with a DataView at the byte offsets the layout specifies,
// independently of the writer's code.
import { describe, expect, it } from 'vitest';
import { encodeShard, parseShardHeader, readShard, ShardFormatError, ShardWriter, shardFileName, HEADER_BYTES } from '../../src/lib/export/shards.ts';
import { jsonlChunk, jsonlLine, parseJsonl } from '../../src/lib/export/jsonl.ts';

/** A deterministic pseudo-random token stream (xorshift), ids up to `maxId`. */
function stream(n: number, maxId: number): number[] {
  let s = 0x2545f491;
  return Array.from({ length: n }, () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % (maxId + 1);
  });
}

function header(bytes: Uint8Array): Int32Array {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Int32Array.from({ length: 256 }, (_, i) => dv.getInt32(4 * i, true));
}

describe('llm.c shard layout', () => {
  it('writes 256 int32 LE (magic 20240520, version 1, count, zeros) then uint16 LE tokens, nothing else', () => {
    const bytes = encodeShard([0x1234, 0, 65535, 256]);
    expect(bytes.length).toBe(1024 + 2 * 4);
    const h = header(bytes);
    expect([h[0], h[1], h[2]]).toEqual([20240520, 1, 4]);
    expect(h.subarray(3).every((v) => v === 0)).toBe(true);
    expect(Array.from(bytes.subarray(1024))).toEqual([0x34, 0x12, 0, 0, 0xff, 0xff, 0x00, 0x01]);
    expect(parseShardHeader(bytes)).toEqual({ magic: 20240520, version: 1, tokenCount: 4 });
    expect(Array.from(readShard(bytes))).toEqual([0x1234, 0, 65535, 256]);
  });

  it('streams chunks of any size into shards of exactly N tokens (last shorter) that concatenate back', () => {
    const input = stream(10_007, 8191);
    const w = new ShardWriter(1000);
    const shards: Uint8Array[] = [];
    // Uneven chunk sizes: some cross one shard boundary, one crosses several, one is empty.
    for (const size of [1, 999, 0, 1, 2500, 3, 4000, 2503]) {
      const at = w.tokenCount;
      shards.push(...w.push(Int32Array.from(input.slice(at, at + size))));
    }
    expect(w.tokenCount).toBe(10_007);
    const last = w.finish();
    expect(last).not.toBeNull();
    shards.push(last!);
    expect(shards.map((s) => header(s)[2])).toEqual([1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 7]);
    for (const s of shards) expect(s.length).toBe(HEADER_BYTES + 2 * header(s)[2]);
    const back = shards.flatMap((s) => Array.from(readShard(s)));
    expect(back).toEqual(input);
  });

  it('emits no empty trailing shard when the stream ends on a boundary', () => {
    const w = new ShardWriter(5);
    expect(w.push([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).length).toBe(2);
    expect(w.finish()).toBeNull();
    expect(() => w.push([1])).toThrow(/after finish/);
  });

  it('refuses ids that do not fit uint16, naming the id and position, without writing the batch', () => {
    const w = new ShardWriter(4);
    w.push([1, 2]);
    expect(() => w.push([3, 65536])).toThrow(/token id 65536 at stream position 3 .*uint16/);
    expect(() => w.push([-1])).toThrow(/token id -1/);
    expect(() => w.push([1.5])).toThrow(/token id 1.5/);
    expect(w.tokenCount).toBe(2);
    expect(Array.from(readShard(w.finish()!))).toEqual([1, 2]);
    expect(() => encodeShard([])).toThrow(/at least one token/);
    expect(() => new ShardWriter(0)).toThrow(/shard size/);
    expect(() => new ShardWriter(2 ** 31)).toThrow(/shard size/);
  });

  it('rejects corrupt shards', () => {
    const good = encodeShard([1, 2, 3]);
    const mutate = (f: (dv: DataView) => void): Uint8Array => {
      const b = good.slice();
      f(new DataView(b.buffer));
      return b;
    };
    expect(() => parseShardHeader(good.subarray(0, 100))).toThrow(/shorter than the 1024-byte header/);
    expect(() => parseShardHeader(mutate((dv) => dv.setInt32(0, 20240801, true)))).toThrow(/bad magic 20240801/);
    expect(() => parseShardHeader(mutate((dv) => dv.setInt32(4, 7, true)))).toThrow(/unsupported version 7/);
    expect(() => parseShardHeader(mutate((dv) => dv.setInt32(8, 4, true)))).toThrow(/header says 4 tokens/);
    expect(() => parseShardHeader(mutate((dv) => dv.setInt32(8, 0, true)))).toThrow(/at least one/);
    expect(() => readShard(good.subarray(0, good.length - 1))).toThrow(ShardFormatError);
  });

  it('names files as llm.c does', () => {
    expect(shardFileName('train', 0)).toBe('train_000000.bin');
    expect(shardFileName('val', 12)).toBe('val_000012.bin');
  });
});

describe('JSONL export', () => {
  const texts = ['plain', 'two\nlines and "quotes" \\ backslash', 'unicode: é 日本 🦀', 'line\u2028separator\u2029para', ''];

  it('writes one {"text"} object per line and reads back exactly', () => {
    const data = jsonlChunk(texts.map((text) => ({ text })));
    const lines = data.split('\n');
    expect(lines.length).toBe(texts.length + 1);
    expect(lines[texts.length]).toBe('');
    expect(data).not.toMatch(/[\u2028\u2029]/);
    expect(lines.map((l) => (l ? (JSON.parse(l) as { text: string }).text : null)).slice(0, -1)).toEqual(texts);
    expect(parseJsonl(data)).toEqual(texts);
    expect(jsonlLine('a')).toBe('{"text":"a"}\n');
  });

  it('rejects malformed lines', () => {
    expect(() => parseJsonl('{"text":"a"}\n{"txt":"b"}\n')).toThrow(/line 2 .*string "text"/);
    expect(() => parseJsonl('{"text":')).toThrow(/line 1 is not valid JSON/);
  });
});
