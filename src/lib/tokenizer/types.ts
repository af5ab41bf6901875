// The contract every tokenizer meets. Byte-level and BPE both implement it.
import type { Tokens } from '../units.ts';

export interface Tokenizer {
  readonly kind: 'byte' | 'bpe';
  /** Number of ids, including the document separator. */
  readonly vocabSize: number;
  /** Id that separates documents in a token stream (never produced by encode()). */
  readonly separatorId: number;
  encode(text: string): Tokens;
  /** Inverse of encode for any id sequence (separator ids decode to "\n\n"; invalid UTF-8 to U+FFFD). */
  decode(ids: ArrayLike<number>): string;
  /** Serializable form, saved with an experiment; `tokenizerFromJSON` restores it exactly. */
  toJSON(): TokenizerJSON;
}

export type TokenizerJSON =
  | { kind: 'byte'; version: 1 }
  | { kind: 'bpe'; version: 1; vocabSize: number; seed: number; merges: Array<[number, number]> };
