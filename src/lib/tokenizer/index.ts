// Tokenizers: byte-level, and byte-level BPE trained on a seeded sample of the training corpora.
import { BpeTokenizer } from './bpe.ts';
import { trainBpe } from './bpe-train.ts';
import { ByteTokenizer } from './byte.ts';
import type { Tokenizer, TokenizerJSON } from './types.ts';

export { ByteTokenizer, BYTE_SEPARATOR_ID, SEPARATOR_TEXT } from './byte.ts';
export { BpeTokenizer } from './bpe.ts';
export { trainBpe, countWords } from './bpe-train.ts';
export { pretokenize } from './pretokenize.ts';
export type { Tokenizer, TokenizerJSON } from './types.ts';

export type TokenizerSpec = { kind: 'byte' } | { kind: 'bpe'; vocabSize: number };

/** A byte tokenizer, or a BPE trained on `sample` (the caller draws the sample with the experiment's seed). */
export function buildTokenizer(spec: TokenizerSpec, sample: () => Iterable<string>, seed: number): Tokenizer {
  if (spec.kind === 'byte') return new ByteTokenizer();
  return new BpeTokenizer(trainBpe(sample(), spec.vocabSize), seed);
}

/** Restores a saved tokenizer exactly; throws a clear error on a malformed one. */
export function tokenizerFromJSON(json: TokenizerJSON): Tokenizer {
  if (json.kind === 'byte') return new ByteTokenizer();
  if (json.kind === 'bpe' && Array.isArray(json.merges)) {
    const t = new BpeTokenizer(json.merges, json.seed);
    if (t.vocabSize !== json.vocabSize) throw new Error(`saved BPE tokenizer says vocabulary ${json.vocabSize} but has ${t.vocabSize} ids`);
    return t;
  }
  throw new Error('unknown tokenizer format');
}
