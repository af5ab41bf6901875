// Tokenizers: byte-level, and byte-level BPE trained on a seeded sample of the training corpora.
import { BpeTokenizer } from './bpe.ts';
import { trainBpe } from './bpe-train.ts';
import { BYTE_VOCAB_SIZE, ByteTokenizer } from './byte.ts';
import { assertTokenizerJSON } from './json.ts';
import type { Tokenizer } from './types.ts';

export { ByteTokenizer, BYTE_SEPARATOR_ID, BYTE_VOCAB_SIZE, SEPARATOR_TEXT } from './byte.ts';
export { BpeTokenizer } from './bpe.ts';
export { trainBpe, countWords } from './bpe-train.ts';
export { pretokenize } from './pretokenize.ts';
export { assertTokenizerJSON, tokenizerJSONProblem, MAX_BPE_VOCAB } from './json.ts';
export { utf8ByteLength, textBitsPerByte } from './bytes.ts';
export type { Tokenizer, TokenizerJSON } from './types.ts';

export type TokenizerSpec = { kind: 'byte' } | { kind: 'bpe'; vocabSize: number };

/** The vocabulary a spec asks for, known before any training (a BPE on very little text may learn fewer merges). */
export const vocabSizeOf = (spec: TokenizerSpec): number => (spec.kind === 'byte' ? BYTE_VOCAB_SIZE : spec.vocabSize);

/** A byte tokenizer, or a BPE trained on `sample` (the caller draws the sample with the experiment's seed). */
export function buildTokenizer(spec: TokenizerSpec, sample: () => Iterable<string>, seed: number): Tokenizer {
  if (spec.kind === 'byte') return new ByteTokenizer();
  return new BpeTokenizer(trainBpe(sample(), spec.vocabSize), seed);
}

/**
 * Restores a saved tokenizer exactly; throws a clear error on a malformed one. Takes `unknown` because
 * saved experiments come from storage and files the user picks (see json.ts).
 */
export function tokenizerFromJSON(json: unknown): Tokenizer {
  assertTokenizerJSON(json);
  if (json.kind === 'byte') return new ByteTokenizer();
  return new BpeTokenizer(json.merges, json.seed);
}
