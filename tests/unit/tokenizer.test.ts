import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { BpeTokenizer, ByteTokenizer, buildTokenizer, pretokenize, tokenizerFromJSON, trainBpe } from '../../src/lib/tokenizer/index.ts';
import { corpusText, preset } from '../../src/lib/corpus/index.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random well-formed strings: ASCII, whitespace runs, Latin, CJK, combining marks, emoji (astral). */
function randomString(r: () => number): string {
  const pools = [' ', '  ', '\n', '\t', 'a', 'Z', '7', '.', ',', '"', 'é', 'ß', '中', '文', '\u0301', '😀', '👩‍🔬', '\u{10348}', 'ℵ', '\r\n'];
  let s = '';
  const n = Math.floor(r() * 40);
  for (let i = 0; i < n; i++) s += pools[Math.floor(r() * pools.length)];
  return s;
}

const STORY = corpusText({ ...preset('tinystories'), bytes: 60_000 }, 'tok-test');

describe('byte tokenizer', () => {
  const t = new ByteTokenizer();
  it('round-trips any well-formed string (property test, 2,000 strings)', () => {
    const r = rng(1);
    for (let i = 0; i < 2000; i++) {
      const s = randomString(r);
      expect(t.decode(t.encode(s))).toBe(s);
    }
  });
  it('has one id per UTF-8 byte and decodes the separator to a blank line', () => {
    expect(Array.from(t.encode('aé'))).toEqual([97, 0xc3, 0xa9]);
    expect(t.decode([104, 105, t.separatorId, 104])).toBe('hi\n\nh');
    expect(t.vocabSize).toBe(257);
  });
  it('shows invalid byte sequences as U+FFFD instead of throwing', () => {
    expect(t.decode([0xc3])).toBe('\ufffd');
  });
});

describe('pretokenize', () => {
  const split = (s: string) => {
    const b = new TextEncoder().encode(s);
    const parts: string[] = [];
    pretokenize(b, (x, y) => parts.push(new TextDecoder().decode(b.subarray(x, y))));
    return parts;
  };
  it('keeps the space with the word after it and splits classes', () => {
    expect(split('Lily has 12 balls.  Tom\nran!')).toEqual(['Lily', ' has', ' 12', ' balls', '.', ' ', ' Tom', '\n', 'ran', '!']);
  });
  it('covers every byte exactly once', () => {
    const r = rng(2);
    for (let i = 0; i < 300; i++) {
      const s = randomString(r);
      expect(split(s).join('')).toBe(s);
    }
  });
});

describe('byte-level BPE', () => {
  const merges = trainBpe([STORY], 512);
  const bpe = new BpeTokenizer(merges, 7);

  it('learns the requested number of merges and compresses the text it was trained on', () => {
    expect(merges.length).toBe(512 - 257);
    expect(bpe.vocabSize).toBe(512);
    const ids = bpe.encode(STORY);
    expect(ids.length).toBeLessThan(STORY.length / 2.5);
    expect(Math.max(...ids)).toBeLessThan(512);
  });

  it('is deterministic: same sample, same merges', () => {
    expect(trainBpe([STORY], 512)).toEqual(merges);
  });

  it('round-trips any well-formed string, including text unlike its training data', () => {
    const r = rng(3);
    for (let i = 0; i < 2000; i++) {
      const s = randomString(r);
      expect(bpe.decode(bpe.encode(s))).toBe(s);
    }
    expect(bpe.decode(bpe.encode(STORY))).toBe(STORY);
  });

  it('merges the most frequent pair first (hand-checked tiny case)', () => {
    // Pre-tokens: "aaab" ×1 and " ab" ×3 → pair (a,b) occurs 4 times, (a,a) twice, (' ',a) 3 times.
    const m = trainBpe(['aaab ab ab ab'], 258);
    expect(m).toEqual([[97, 98]]);
  });

  it('saves to JSON and restores exactly', () => {
    const json = JSON.parse(JSON.stringify(bpe.toJSON()));
    const back = tokenizerFromJSON(json);
    expect(Array.from(back.encode(STORY.slice(0, 5000)))).toEqual(Array.from(bpe.encode(STORY.slice(0, 5000))));
    expect(() => tokenizerFromJSON({ kind: 'bpe', version: 1, vocabSize: 300, seed: 1, merges: [[999, 1]] })).toThrow(/does not exist yet/);
  });

  it('refuses vocabulary sizes outside its range', () => {
    expect(() => trainBpe(['x'], 100)).toThrow(RangeError);
    expect(() => trainBpe(['x'], 9000)).toThrow(RangeError);
  });

  it('buildTokenizer gives a byte tokenizer or a trained BPE', () => {
    expect(buildTokenizer({ kind: 'byte' }, () => [], 1).vocabSize).toBe(257);
    expect(buildTokenizer({ kind: 'bpe', vocabSize: 300 }, () => [STORY], 1).vocabSize).toBe(300);
  });

  const C4 = '../shared/datasets/c4/train.jsonl';
  it.skipIf(!existsSync(C4))('round-trips real web text (needs ../shared/datasets/c4/train.jsonl)', () => {
    const docs = readFileSync(C4, 'utf8').split('\n').filter(Boolean).slice(0, 200).map((l) => (JSON.parse(l) as { text: string }).text);
    const web = new BpeTokenizer(trainBpe(docs, 1024), 1);
    for (const d of docs.slice(0, 50)) expect(web.decode(web.encode(d))).toBe(d);
  });
});
