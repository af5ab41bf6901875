// safetensors container: a hand-made file parsed byte for byte, our writer's header checked against the
// spec (8-byte LE length, contiguous in-range offsets, sizes = elements × 4), and corrupt input refused.
import { describe, expect, it } from 'vitest';
import { encodeSafetensors, parseSafetensors, readF32Tensor, SafetensorsError } from '../../src/lib/export/safetensors.ts';

/** Builds a file by hand from a header string and raw data bytes, independently of our writer. */
function handMade(header: string, data: number[]): Uint8Array {
  const h = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + h.length + data.length);
  out[0] = h.length & 0xff;
  out[1] = (h.length >> 8) & 0xff;
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

/** float32 little-endian bytes of 1.0, -2.0, 0.5 (IEEE 754: 0x3f800000, 0xc0000000, 0x3f000000). */
const ONE = [0x00, 0x00, 0x80, 0x3f];
const MINUS_TWO = [0x00, 0x00, 0x00, 0xc0];
const HALF = [0x00, 0x00, 0x00, 0x3f];

describe('safetensors: hand-made file', () => {
  const header = '{"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},"__metadata__":{"k":"v"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}   ';
  const file = handMade(header, [...ONE, ...MINUS_TWO, ...HALF]);

  it('parses names, shapes, offsets, metadata and values (trailing-space padding allowed)', () => {
    const f = parseSafetensors(file);
    expect(f.metadata).toEqual({ k: 'v' });
    expect(f.entries.map((e) => [e.name, e.dtype, e.shape, e.dataOffsets])).toEqual([
      ['a', 'F32', [2], [0, 8]],
      ['b', 'F32', [1], [8, 12]],
    ]);
    expect(f.dataStart).toBe(8 + header.length);
    expect(Array.from(readF32Tensor(f, 'a').data)).toEqual([1, -2]);
    expect(Array.from(readF32Tensor(f, 'b').data)).toEqual([0.5]);
  });

  it('validates foreign dtypes by size but imports only F32', () => {
    const f = parseSafetensors(handMade('{"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}', [0, 0x3c, 0, 0x3c]));
    expect(f.entries[0].dtype).toBe('F16');
    expect(() => readF32Tensor(f, 'h')).toThrow(/F16.*only F32/);
    expect(() => readF32Tensor(f, 'missing')).toThrow(/no tensor named "missing"/);
  });
});

describe('safetensors: our writer follows the layout', () => {
  const tensors = [
    { name: 'w', shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) },
    { name: 'g', shape: [3], data: Float32Array.from([-1, 0.25, 7]) },
    { name: 'empty', shape: [0, 4], data: new Float32Array(0) },
    { name: 's', shape: [], data: Float32Array.from([42]) },
  ];
  const bytes = encodeSafetensors(tensors, { note: 'hi' });

  it('has an 8-byte LE header length, an 8-aligned data start, and offsets that tile the data exactly', () => {
    const dv = new DataView(bytes.buffer, bytes.byteOffset);
    const n = dv.getUint32(0, true);
    expect(dv.getUint32(4, true)).toBe(0);
    expect((8 + n) % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }> & { __metadata__: Record<string, string> };
    expect(header.__metadata__).toEqual({ note: 'hi' });
    let expected = 0;
    for (const t of tensors) {
      const e = header[t.name];
      expect(e.dtype).toBe('F32');
      expect(e.shape).toEqual(t.shape);
      expect(e.data_offsets[0]).toBe(expected);
      expect(e.data_offsets[1] - e.data_offsets[0]).toBe(t.shape.reduce((a, b) => a * b, 1) * 4);
      expected = e.data_offsets[1];
    }
    expect(8 + n + expected).toBe(bytes.length);
  });

  it('round-trips values exactly', () => {
    const f = parseSafetensors(bytes);
    for (const t of tensors) expect(Array.from(readF32Tensor(f, t.name).data)).toEqual(Array.from(t.data));
  });

  it('refuses data that does not match its shape, and duplicate names', () => {
    expect(() => encodeSafetensors([{ name: 'x', shape: [2, 2], data: new Float32Array(3) }])).toThrow(/holds 4 values, data has 3/);
    expect(() => encodeSafetensors([{ name: 'x', shape: [1], data: new Float32Array(1) }, { name: 'x', shape: [1], data: new Float32Array(1) }])).toThrow(/duplicate/);
  });
});

describe('safetensors: corrupt input', () => {
  const good = '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
  const data = [...ONE, ...MINUS_TWO];
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['too short', new Uint8Array(5), /shorter than the 8-byte/],
    ['header past the end', (() => { const f = handMade(good, data); f[0] = 0xff; f[1] = 0xff; return f; })(), /runs past the end/],
    ['huge header length', (() => { const f = handMade(good, data); f[6] = 1; return f; })(), /exceeds/],
    ['not JSON', handMade('{"a":', data), /not valid UTF-8 JSON/],
    ['not an object', handMade('[1,2]', data), /not a JSON object/],
    ['unknown dtype', handMade(good.replace('F32', 'Q4'), data), /unknown dtype/],
    ['bad shape', handMade(good.replace('[2]', '[-2]'), data), /shape is not a list/],
    ['size mismatch', handMade(good.replace('[2]', '[3]'), data), /8 bytes for F32 \[3\], expected 12/],
    ['offset past the data', handMade(good.replace('[0,8]', '[4,12]').replace('[2]', '[2]'), data), /past the 8-byte data buffer/],
    ['gap before a tensor', handMade('{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', data), /starts at 4, expected 0/],
    ['trailing bytes', handMade('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', data), /cover 4 bytes but the data buffer holds 8/],
    [
      'overlap',
      handMade('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', data),
      /starts at 4, expected 8/,
    ],
    ['metadata value not a string', handMade('{"__metadata__":{"k":1},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', data), /__metadata__.k is not a string/],
    ['truncated data', handMade(good, data).subarray(0, 8 + good.length + 6), /past the 6-byte data buffer/],
  ];
  for (const [label, bytes, message] of cases) {
    it(`refuses ${label}`, () => {
      expect(() => parseSafetensors(bytes)).toThrow(SafetensorsError);
      expect(() => parseSafetensors(bytes)).toThrow(message);
    });
  }
});
