import { describe, expect, it } from 'vitest';
import { BpeTokenizer, tokenizerFromJSON, tokenizerJSONProblem, trainBpe, utf8ByteLength, textBitsPerByte } from '../../src/lib/tokenizer/index.ts';

const TEXT = 'the cat sat on the mat. the dog sat on the log. '.repeat(40);

describe('tokenizerFromJSON rejects malformed saved tokenizers', () => {
  const merges = trainBpe([TEXT], 300); // stops early: this little text runs out of repeated pairs
  const good = new BpeTokenizer(merges, 5).toJSON();

  it('accepts a saved tokenizer and a byte tokenizer', () => {
    expect(tokenizerJSONProblem(good)).toBeNull();
    expect(tokenizerJSONProblem({ kind: 'byte', version: 1 })).toBeNull();
    const back = tokenizerFromJSON(JSON.parse(JSON.stringify(good)));
    expect(merges.length).toBeGreaterThan(10);
    expect(back.vocabSize).toBe(257 + merges.length);
    expect(Array.from(back.encode(TEXT))).toEqual(Array.from(new BpeTokenizer(merges, 5).encode(TEXT)));
  });

  const cases: Array<[string, unknown, RegExp]> = [
    ['null', null, /not an object/],
    ['a future version', { ...good, version: 2 }, /unsupported version 2/],
    ['an unknown kind', { kind: 'wordpiece', version: 1 }, /unknown kind "wordpiece"/],
    ['a fractional id', { kind: 'bpe', version: 1, vocabSize: 258, seed: 1, merges: [[1.5, 2]] }, /merge 0 \[1\.5,2\] refers to an id that does not exist yet/],
    ['string ids', { kind: 'bpe', version: 1, vocabSize: 258, seed: 1, merges: [['104', '101']] }, /merge 0/],
    ['a one-element merge', { kind: 'bpe', version: 1, vocabSize: 258, seed: 1, merges: [[104]] }, /merge 0/],
    ['the separator in a merge', { kind: 'bpe', version: 1, vocabSize: 258, seed: 1, merges: [[256, 97]] }, /not the separator/],
    ['a forward reference', { kind: 'bpe', version: 1, vocabSize: 259, seed: 1, merges: [[97, 98], [258, 97]] }, /merge 1/],
    ['a wrong vocabSize', { kind: 'bpe', version: 1, vocabSize: 300, seed: 1, merges: [[97, 98]] }, /says vocabulary 300 but its merges make 258/],
    ['a missing seed', { kind: 'bpe', version: 1, vocabSize: 258, merges: [[97, 98]] }, /seed/],
    ['too many merges', { kind: 'bpe', version: 1, vocabSize: 9000, seed: 1, merges: Array.from({ length: 9000 - 257 }, () => [97, 98]) }, /exceeds the maximum vocabulary 8192/],
  ];
  for (const [what, json, message] of cases) {
    it(`refuses ${what}`, () => expect(() => tokenizerFromJSON(json)).toThrow(message));
  }
});

describe('bytes for bits per byte', () => {
  it('utf8ByteLength equals TextEncoder for ASCII, 2-, 3- and 4-byte characters and lone surrogates', () => {
    const samples = ['', 'abc', 'é', '中文', '😀', 'a😀b', '👩‍🔬', 'e\u0301', '\ud800', 'x\udc00y', '\ud83d'];
    let seed = 9;
    const pool = ['a', 'é', '中', '😀', '\ud800', '\udc00', ' ', '\n'];
    for (let i = 0; i < 500; i++) {
      let s = '';
      for (let j = 0; j < 12; j++) s += pool[(seed = (seed * 1103515245 + 12345) >>> 0) % pool.length];
      samples.push(s);
    }
    for (const s of samples) expect(utf8ByteLength(s), JSON.stringify(s)).toBe(new TextEncoder().encode(s).length);
  });

  it('textBitsPerByte divides nats by ln 2 and the UTF-8 length (hand-checked)', () => {
    // 'é😀' is 2 + 4 = 6 bytes; 6 ln 2 nats is one bit per byte.
    expect(textBitsPerByte(6 * Math.LN2, 'é😀')).toBeCloseTo(1, 12);
    expect(() => textBitsPerByte(1, '')).toThrow(RangeError);
  });
});
