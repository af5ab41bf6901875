// Tokenizer export: the hex table decodes token streams exactly as our decode does (what a Python user
// relies on), the file restores the same tokenizer, and inconsistent files are refused.
import { describe, expect, it } from 'vitest';
import { BpeTokenizer, ByteTokenizer, buildTokenizer } from '../../src/lib/tokenizer/index.ts';
import { exportTokenizer, importTokenizer } from '../../src/lib/export/tokenizer-json.ts';

/** Decoding the way the docs tell a Python user to: concatenate hex bytes, separator → separator_text. */
function decodeWithTable(file: ReturnType<typeof exportTokenizer>, ids: ArrayLike<number>): string {
  const bytes: number[] = [];
  const sep = new TextEncoder().encode(file.separator_text);
  for (const id of Array.from(ids)) {
    if (id === file.separator_id) bytes.push(...sep);
    else for (let i = 0; i < file.tokens[id].length; i += 2) bytes.push(parseInt(file.tokens[id].slice(i, i + 2), 16));
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

const SAMPLE = ['the cat sat on the mat. the cat ate.', 'Ada was born in 1815 in London. Ada wrote notes.', 'héllo wörld, 12 + 30 = 42'];

describe('tokenizer export', () => {
  const bpe = buildTokenizer({ kind: 'bpe', vocabSize: 300 }, () => SAMPLE.concat(SAMPLE), 7);

  it('describes a BPE tokenizer: vocab, separator, hex table, merges', () => {
    const f = JSON.parse(JSON.stringify(exportTokenizer(bpe))) as ReturnType<typeof exportTokenizer>;
    expect(f).toMatchObject({ format: 'synthlab-tokenizer', version: 1, kind: 'bpe', vocab_size: bpe.vocabSize, separator_id: 256, separator_text: '\n\n' });
    expect(f.tokens.length).toBe(bpe.vocabSize);
    expect(f.tokens[0x41]).toBe('41');
    expect(f.tokens[256]).toBe('');
    expect(f.merges.length).toBe(bpe.vocabSize - 257);
    const [a, b] = f.merges[0];
    expect(f.tokens[257]).toBe(f.tokens[a] + f.tokens[b]);
    expect(f.tokens.slice(257).some((t) => t.length > 4)).toBe(true); // merges of merges exist
  });

  it('decodes with the table exactly as the tokenizer does', () => {
    for (const tok of [bpe, new ByteTokenizer()]) {
      const f = exportTokenizer(tok);
      const ids = [tok.separatorId, ...tok.encode(SAMPLE[2]), tok.separatorId, ...tok.encode(SAMPLE[1])];
      expect(decodeWithTable(f, ids)).toBe(tok.decode(ids));
      expect(decodeWithTable(f, ids)).toBe(`\n\n${SAMPLE[2]}\n\n${SAMPLE[1]}`);
    }
  });

  it('restores the same tokenizer from the file', () => {
    const back = importTokenizer(JSON.parse(JSON.stringify(exportTokenizer(bpe))));
    expect(back).toBeInstanceOf(BpeTokenizer);
    expect(Array.from(back.encode(SAMPLE.join(' ')))).toEqual(Array.from(bpe.encode(SAMPLE.join(' '))));
    expect(importTokenizer(exportTokenizer(new ByteTokenizer())).vocabSize).toBe(257);
  });

  it('refuses files whose table or header disagrees, or that are not ours', () => {
    const f = exportTokenizer(bpe);
    const tampered = { ...f, tokens: f.tokens.map((t, i) => (i === f.tokens.length - 1 ? '00' : t)) };
    expect(() => importTokenizer(tampered)).toThrow(/tokens table disagrees/);
    expect(() => importTokenizer({ ...f, vocab_size: 299 })).toThrow(/vocab_size/);
    expect(() => importTokenizer({ ...f, format: 'hf' })).toThrow(/format "hf"/);
    expect(() => importTokenizer({ ...f, version: 2 })).toThrow(/unsupported version/);
    expect(() => importTokenizer({ ...f, synthlab: { kind: 'bpe', version: 1, vocabSize: 258, seed: 1, merges: [[256, 1]] } })).toThrow(/merge 0/);
    expect(() => importTokenizer(null)).toThrow(/not a JSON object/);
  });
});
