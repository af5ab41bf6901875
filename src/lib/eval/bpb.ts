// Held-out bits per byte: the lab's tokenizer-independent headline metric.
// The text is preceded by the document separator (as every document is in training), cut into
// non-overlapping windows of T predicted tokens (each conditioned only on earlier tokens in its window),
// and every token is predicted exactly once. Total nats / UTF-8 bytes / ln 2.
import type { Model } from '../model/model.ts';
import type { Tokenizer } from '../tokenizer/types.ts';
import { bitsPerByte, type BitsPerByte } from '../units.ts';
import { scoreItems, type ScoreItem } from './score.ts';

export interface BpbOptions {
  /** Cost bound: at most this many tokens are scored (the text is cut at a character boundary). */
  maxTokens: number;
  batchSize: number;
}

export interface BpbResult {
  bitsPerByte: BitsPerByte;
  totalNats: number;
  /** UTF-8 bytes of the scored text. */
  bytes: number;
  tokens: number;
  /** True when maxTokens cut the text short. */
  truncated: boolean;
}

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

/**
 * A prefix of `text` (cut between code points, close to the longest) whose encoding has ≤ maxTokens tokens, and
 * its tokens. Cutting the text, not the token list, keeps the byte count exact for any tokenizer.
 */
export function capText(tokenizer: Tokenizer, text: string, maxTokens: number): { text: string; tokens: Int32Array } {
  let tokens = tokenizer.encode(text);
  if (tokens.length <= maxTokens) return { text, tokens };
  let end = Math.min(text.length, Math.floor((text.length * maxTokens) / tokens.length));
  for (;;) {
    if (end > 0 && end < text.length && /[\udc00-\udfff]/.test(text[end])) end--; // don't split a surrogate pair
    const prefix = text.slice(0, end);
    tokens = tokenizer.encode(prefix);
    if (tokens.length <= maxTokens || end === 0) return { text: prefix, tokens };
    end = Math.max(0, end - Math.max(1, Math.ceil(((tokens.length - maxTokens) * end) / tokens.length)));
  }
}

/** Windows of T predicted tokens over [separator, ...tokens]; each window's first token is its context. */
export function bpbWindows(tokens: Int32Array, separatorId: number, T: number): ScoreItem[] {
  const stream = new Int32Array(tokens.length + 1);
  stream[0] = separatorId;
  stream.set(tokens, 1);
  const items: ScoreItem[] = [];
  for (let start = 0; start + 1 < stream.length; start += T) {
    items.push({ context: stream.subarray(start, start + 1), continuation: stream.subarray(start + 1, Math.min(stream.length, start + 1 + T)) });
  }
  return items;
}

export async function evalBitsPerByte(model: Model, tokenizer: Tokenizer, text: string, opts: BpbOptions): Promise<BpbResult> {
  const capped = capText(tokenizer, text, opts.maxTokens);
  const bytes = utf8Length(capped.text);
  const nats = await scoreItems(model, bpbWindows(capped.tokens, tokenizer.separatorId, model.config.contextLength), opts);
  const totalNats = nats.reduce((s, x) => s + x, 0);
  return { bitsPerByte: bitsPerByte(totalNats, bytes), totalNats, bytes, tokens: capped.tokens.length, truncated: capped.text.length < text.length };
}
