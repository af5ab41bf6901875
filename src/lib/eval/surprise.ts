// Surprise, token by token: how much each token of a passage surprised a model (its loss, in nats), the
// probability the model gave it, and what the model expected instead. read-passage.ts runs the model;
// this file turns its log-probabilities into what the Surprise view shows.
import type { Tokenizer } from '../tokenizer/types.ts';
import { utf8ByteLength } from '../tokenizer/bytes.ts';
import { bitsPerByte, type BitsPerByte } from '../units.ts';
import type { CappedText } from './bpb.ts';

export interface Alternative {
  text: string;
  p: number;
}

export interface TokenSurprise {
  /** The text this token completes (empty for the leading bytes of a character that a later token finishes). */
  text: string;
  /** −ln p(token | everything before it in the passage). */
  nats: number;
  /** The model's most likely next tokens at this position, most likely first. */
  alternatives: Alternative[];
}

export interface PassageSurprise {
  /** The text scored: the passage, cut to the context window. */
  text: string;
  tokens: TokenSurprise[];
  totalNats: number;
  bytes: number;
  bitsPerByte: BitsPerByte;
}

/** Alternatives listed per token: enough to see what the model expected, small enough to send each evaluation. */
export const SURPRISE_ALTERNATIVES = 3;

/** Indices of the k largest values of `row` (ties to the lower index), largest first. */
export function topK(row: ArrayLike<number>, k: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < row.length; i++) {
    if (best.length < k || row[i] > row[best[best.length - 1]]) {
      let j = Math.min(best.length, k - 1);
      best[j] = i;
      while (j > 0 && row[best[j]] > row[best[j - 1]]) {
        [best[j], best[j - 1]] = [best[j - 1], best[j]];
        j--;
      }
    }
  }
  return best.slice(0, k);
}

/**
 * Each token's share of the passage's text, so that they join to the text exactly: a token that is only
 * part of a multi-byte character shows nothing, and the token that completes it shows the character.
 */
export function tokenTexts(tokenizer: Tokenizer, ids: Int32Array): string[] {
  const stable = (s: string) => s.replace(/\uFFFD+$/, '');
  const out: string[] = [];
  let before = '';
  for (let i = 0; i < ids.length; i++) {
    const now = stable(tokenizer.decode(ids.subarray(0, i + 1)));
    out.push(now.startsWith(before) ? now.slice(before.length) : now);
    before = now;
  }
  return out;
}

/**
 * The passage's surprise from the log-probabilities of its n tokens ([n, V] row-major: row i is what the
 * model predicted for token i, having read the separator and tokens 0..i−1).
 */
export function surpriseFrom(logp: Float32Array, tokenizer: Tokenizer, passage: CappedText, texts: readonly string[], alternatives = SURPRISE_ALTERNATIVES): PassageSurprise {
  const n = passage.tokens.length;
  const bytes = utf8ByteLength(passage.text);
  const V = n > 0 ? logp.length / n : 0;
  const tokens: TokenSurprise[] = [];
  let totalNats = 0;
  for (let i = 0; i < n; i++) {
    const row = logp.subarray(i * V, (i + 1) * V);
    const nats = -row[passage.tokens[i]];
    totalNats += nats;
    tokens.push({
      text: texts[i],
      nats,
      alternatives: topK(row, alternatives).map((id) => ({ text: tokenizer.decode(Int32Array.of(id)), p: Math.exp(row[id]) })),
    });
  }
  return { text: passage.text, tokens, totalNats, bytes, bitsPerByte: bitsPerByte(totalNats, Math.max(bytes, 1)) };
}
