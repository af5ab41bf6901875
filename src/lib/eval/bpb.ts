// Held-out bits per byte: the lab's tokenizer-independent headline metric.
// A held-out set is a list of documents, scored exactly as the training stream encodes them: each
// document is preceded by the separator id (encodeStream in experiment/prepare.ts) and conditioned on
// nothing before it. Only document tokens are predicted and only document bytes are counted, so a set's
// bpb is the byte-weighted mean of its documents' bpb, and it is on the same footing as the entropy
// floor (generator bits / document bytes). A document longer than the context window is scored in
// consecutive chunks, each conditioned on what fits before it; every token is predicted exactly once.
// Total nats / UTF-8 bytes / ln 2.
import type { Model } from '../model/model.ts';
import type { Tokenizer } from '../tokenizer/types.ts';
import { bitsPerByte, type BitsPerByte } from '../units.ts';
import type { ForwardMeter } from './meter.ts';
import { scoreItems, type ScoreItem } from './score.ts';

export interface BpbOptions {
  /** Cost bound: at most this many document tokens are scored (the last document is cut at a character boundary). */
  maxTokens: number;
  batchSize: number;
  meter?: ForwardMeter;
}

export interface BpbResult {
  bitsPerByte: BitsPerByte;
  totalNats: number;
  /** UTF-8 bytes of the scored document text (separators are not text). */
  bytes: number;
  /** Document tokens scored. */
  tokens: number;
  /** Documents scored (the last one possibly cut). */
  documents: number;
  /** True when maxTokens cut the set short. */
  truncated: boolean;
}

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

/** A text cut to whole tokens that fit a window, with those tokens. */
export interface CappedText {
  text: string;
  tokens: Int32Array;
}

/**
 * A prefix of `text` (cut between code points, close to the longest) whose encoding has ≤ maxTokens tokens, and
 * its tokens. Cutting the text, not the token list, keeps the byte count exact for any tokenizer.
 */
export function capText(tokenizer: Tokenizer, text: string, maxTokens: number): CappedText {
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

/** The documents that fit the token budget, in order, the last one cut to fill it; each as a scored item. */
export function documentItems(tokenizer: Tokenizer, docs: readonly string[], maxTokens: number): { items: ScoreItem[]; bytes: number; tokens: number; truncated: boolean } {
  const separator = Int32Array.of(tokenizer.separatorId);
  const items: ScoreItem[] = [];
  let bytes = 0;
  let tokens = 0;
  for (const [i, doc] of docs.entries()) {
    const left = maxTokens - tokens;
    if (left <= 0) return { items, bytes, tokens, truncated: true };
    const capped = capText(tokenizer, doc, left);
    if (capped.tokens.length > 0) items.push({ context: separator, continuation: capped.tokens });
    bytes += utf8Length(capped.text);
    tokens += capped.tokens.length;
    if (capped.text.length < doc.length) return { items, bytes, tokens, truncated: true };
    if (tokens >= maxTokens && i < docs.length - 1) return { items, bytes, tokens, truncated: true };
  }
  return { items, bytes, tokens, truncated: false };
}

/** Bits per byte of a held-out set of documents (see the file comment for exactly what is scored). */
export async function evalDocumentsBpb(model: Model, tokenizer: Tokenizer, docs: readonly string[], opts: BpbOptions): Promise<BpbResult> {
  const set = documentItems(tokenizer, docs, opts.maxTokens);
  const nats = await scoreItems(model, set.items, opts);
  const totalNats = nats.reduce((s, x) => s + x, 0);
  return { bitsPerByte: bitsPerByte(totalNats, set.bytes), totalNats, bytes: set.bytes, tokens: set.tokens, documents: set.items.length, truncated: set.truncated };
}

/** One document's bits per byte (a set of one). */
export function evalBitsPerByte(model: Model, tokenizer: Tokenizer, text: string, opts: BpbOptions): Promise<BpbResult> {
  return evalDocumentsBpb(model, tokenizer, [text], opts);
}
