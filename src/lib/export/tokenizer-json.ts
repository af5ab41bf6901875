// A tokenizer file another stack can use without our code. It wraps the tokenizer's own toJSON() (which
// restores it exactly here) with a self-describing table: for every id, the bytes it stands for, as hex.
// Decoding in Python is then  b"".join(bytes.fromhex(tokens[i]) for i in ids).decode("utf-8", "replace")
// with the separator id mapped to separator_text. Encoding new text the same way needs the merges and our
// pre-tokenizer rule (pretokenize.ts), described in `pretokenizer` — for training on exported shards only
// decoding is needed.
import { tokenizerFromJSON, SEPARATOR_TEXT, type Tokenizer, type TokenizerJSON } from '../tokenizer/index.ts';

export const TOKENIZER_FORMAT = 'synthlab-tokenizer';
export const TOKENIZER_FORMAT_VERSION = 1;

export interface ExportedTokenizer {
  format: typeof TOKENIZER_FORMAT;
  version: typeof TOKENIZER_FORMAT_VERSION;
  kind: 'byte' | 'bpe';
  vocab_size: number;
  /** Id that precedes every document in the token streams; it has no bytes of its own. */
  separator_id: number;
  /** What the separator means as text (a document boundary, written as a blank line in corpus files). */
  separator_text: string;
  /** tokens[id] = the UTF-8 bytes of that id as lowercase hex; "" for the separator. */
  tokens: string[];
  /** BPE only: merges in priority order; merge i creates id 257 + i from [left, right]. */
  merges: Array<[number, number]>;
  /** How text is split before merges are applied (merges never cross these boundaries). */
  pretokenizer: string;
  /** Our own serialisation; `importTokenizer` rebuilds the tokenizer from it. */
  synthlab: TokenizerJSON;
}

const PRETOKENIZER_RULE =
  'On UTF-8 bytes with ASCII classes: letter runs (A-Z, a-z and every byte >= 0x80), digit runs, runs of other ' +
  'visible ASCII (punctuation), each optionally led by one space; any other whitespace run stands alone, ' +
  'leaving its last space to a following run. Byte-level tokenizers use no pre-tokenizer.';

const hex = (bytes: ArrayLike<number>): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** Bytes per id, recomputed from the serialised form (ids 0..255 bytes, 256 separator, 257.. merges). */
function byteTable(json: TokenizerJSON): number[][] {
  const table: number[][] = Array.from({ length: 256 }, (_, b) => [b]);
  table.push([]);
  if (json.kind === 'bpe') for (const [a, b] of json.merges) table.push([...table[a], ...table[b]]);
  return table;
}

export function exportTokenizer(tok: Tokenizer): ExportedTokenizer {
  const json = tok.toJSON();
  const tokens = byteTable(json).map(hex);
  if (tokens.length !== tok.vocabSize) throw new Error(`tokenizer reports ${tok.vocabSize} ids but its table has ${tokens.length}`);
  return {
    format: TOKENIZER_FORMAT,
    version: TOKENIZER_FORMAT_VERSION,
    kind: tok.kind,
    vocab_size: tok.vocabSize,
    separator_id: tok.separatorId,
    separator_text: SEPARATOR_TEXT,
    tokens,
    merges: json.kind === 'bpe' ? json.merges.map(([a, b]) => [a, b]) : [],
    pretokenizer: json.kind === 'bpe' ? PRETOKENIZER_RULE : 'none (byte-level: id = byte)',
    synthlab: json,
  };
}

/**
 * Rebuilds the tokenizer from an exported file, and refuses one whose readable table disagrees with
 * what the tokenizer would decode (a hand-edited table would otherwise silently mislead Python users).
 */
export function importTokenizer(value: unknown): Tokenizer {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('tokenizer file: not a JSON object');
  const j = value as Record<string, unknown>;
  if (j.format !== TOKENIZER_FORMAT) throw new Error(`tokenizer file: format ${JSON.stringify(j.format)} is not "${TOKENIZER_FORMAT}"`);
  if (j.version !== TOKENIZER_FORMAT_VERSION) throw new Error(`tokenizer file: unsupported version ${JSON.stringify(j.version)}`);
  const tok = tokenizerFromJSON(j.synthlab);
  const expected = exportTokenizer(tok);
  if (j.vocab_size !== expected.vocab_size || j.separator_id !== expected.separator_id) throw new Error('tokenizer file: vocab_size or separator_id disagrees with the tokenizer');
  const tokens = j.tokens;
  if (!Array.isArray(tokens) || tokens.length !== expected.tokens.length || tokens.some((t, i) => t !== expected.tokens[i])) {
    throw new Error('tokenizer file: the tokens table disagrees with the tokenizer it describes');
  }
  return tok;
}
