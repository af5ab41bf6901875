import { describe, expect, it } from 'vitest';
import { hasShared, needsShared, readSharedText } from '../../src/lib/baseline/shared-datasets.ts';
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

/**
 * Truly random well-formed strings: code points drawn uniformly from every Unicode scalar value (all 17
 * planes, surrogates excluded so the string is valid UTF-16), mixed with ASCII, controls and whitespace so
 * pre-token boundaries fall everywhere, and sometimes a leading U+FEFF (which a UTF-8 decoder would eat).
 */
function randomCodePoints(r: () => number): string {
  const n = Math.floor(r() * 48);
  let s = r() < 0.05 ? '\ufeff' : '';
  for (let i = 0; i < n; i++) {
    const k = r();
    let cp: number;
    if (k < 0.3) cp = Math.floor(r() * 0x80); // ASCII, controls and NUL included
    else if (k < 0.4) cp = [0x20, 0x0a, 0x09, 0x0d, 0x0c, 0xa0, 0x3000][Math.floor(r() * 7)];
    else {
      cp = Math.floor(r() * (0x110000 - 0x800)); // every scalar value: skip the 2,048 surrogates
      if (cp >= 0xd800) cp += 0x800;
    }
    s += String.fromCodePoint(cp);
  }
  return s;
}

const STORY = corpusText({ ...preset('tinystories'), bytes: 60_000 }, 'tok-test');

describe('byte tokenizer', () => {
  const t = new ByteTokenizer();
  it('round-trips random code points from every plane (property test, 5,000 strings)', () => {
    const r = rng(11);
    let astral = 0;
    for (let i = 0; i < 5000; i++) {
      const s = randomCodePoints(r);
      if (/[\u{10000}-\u{10FFFF}]/u.test(s)) astral++;
      expect(t.decode(t.encode(s)), JSON.stringify(s)).toBe(s);
    }
    expect(astral).toBeGreaterThan(4000);
    expect(t.decode(t.encode('\ufeff\ufeffBOM'))).toBe('\ufeff\ufeffBOM');
  });
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

  it('round-trips random code points from every plane, with merges learned on such text too', () => {
    const r = rng(12);
    // Train on text with multi-byte characters so merges join partial UTF-8 sequences.
    const sample = [STORY.slice(0, 20_000), ...Array.from({ length: 300 }, () => randomCodePoints(r)), '中文 中文 中文 😀😀 😀😀 é é é'.repeat(50)];
    const wide = new BpeTokenizer(trainBpe(sample, 900), 3);
    expect(wide.vocabSize).toBe(900);
    for (const t of [bpe, wide]) {
      for (let i = 0; i < 3000; i++) {
        const s = randomCodePoints(r);
        expect(t.decode(t.encode(s)), JSON.stringify(s)).toBe(s);
      }
    }
    expect(wide.decode(wide.encode('\ufeff中文 😀'))).toBe('\ufeff中文 😀');
  });

  it("a trained tokenizer's JSON round-trips exactly: same JSON text, same merges, same encodings", () => {
    const r = rng(13);
    const sample = [STORY, ...Array.from({ length: 200 }, () => randomCodePoints(r))];
    const trained = new BpeTokenizer(trainBpe(sample, 1200), 20240611);
    const text = JSON.stringify(trained.toJSON());
    const back = tokenizerFromJSON(JSON.parse(text));
    // Saved, restored and saved again: byte-identical JSON (what E/U store with an experiment).
    expect(JSON.stringify(back.toJSON())).toBe(text);
    expect(back.toJSON()).toEqual(trained.toJSON());
    expect(back.vocabSize).toBe(1200);
    expect((back.toJSON() as { seed: number }).seed).toBe(20240611);
    for (let i = 0; i < 500; i++) {
      const s = randomCodePoints(r);
      expect(Array.from(back.encode(s))).toEqual(Array.from(trained.encode(s)));
    }
    expect(Array.from(back.encode(STORY))).toEqual(Array.from(trained.encode(STORY)));
    const byte = new ByteTokenizer();
    expect(JSON.stringify(tokenizerFromJSON(JSON.parse(JSON.stringify(byte.toJSON()))).toJSON())).toBe(JSON.stringify(byte.toJSON()));
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

  const C4 = 'c4/train.jsonl';
  it.skipIf(!hasShared(C4))(`round-trips real web text ${needsShared(C4)}`, () => {
    const docs = readSharedText(C4).split('\n').filter(Boolean).slice(0, 200).map((l) => (JSON.parse(l) as { text: string }).text);
    const web = new BpeTokenizer(trainBpe(docs, 1024), 1);
    for (const d of docs.slice(0, 50)) expect(web.decode(web.encode(d))).toBe(d);
  });
});
