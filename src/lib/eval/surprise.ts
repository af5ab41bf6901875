// Surprise, token by token: how much each token of a passage surprised a model (its loss, in nats), the
// probability the model gave it, and what the model expected instead. The passage is scored the way
// held-out bits per byte scores a document (after the separator, conditioned on nothing before it,
// bpb.ts), within one context window, so its bits per byte is exactly evalBitsPerByte's on that text.
import * as tf from '@tensorflow/tfjs';
import { forwardLogits, type Model } from '../model/model.ts';
import type { Tokenizer } from '../tokenizer/types.ts';
import { bitsPerByte, type BitsPerByte } from '../units.ts';
import { capText } from './bpb.ts';
import { countPass, windowLength, type ForwardMeter } from './meter.ts';
import { packRow } from './score.ts';

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

export async function passageSurprise(model: Model, tokenizer: Tokenizer, passage: string, opts: { meter?: ForwardMeter; alternatives?: number } = {}): Promise<PassageSurprise> {
  const T = model.config.contextLength;
  const k = opts.alternatives ?? SURPRISE_ALTERNATIVES;
  const capped = capText(tokenizer, passage, T);
  const n = capped.tokens.length;
  const bytes = new TextEncoder().encode(capped.text).length;
  if (n === 0) return { text: capped.text, tokens: [], totalNats: 0, bytes, bitsPerByte: bitsPerByte(0, Math.max(bytes, 1)) };
  const L = windowLength(n, T);
  const inputs = new Int32Array(L);
  const targets = new Int32Array(L);
  const mask = new Float32Array(L);
  packRow({ context: Int32Array.of(tokenizer.separatorId), continuation: capped.tokens }, T, inputs, targets, mask, 0);
  countPass(opts.meter, 1, L);
  // Log-probabilities of the n scored positions (rows 0..n-1: the separator predicts token 0, and so on).
  const logp = tf.tidy(() => tf.logSoftmax(tf.slice(forwardLogits(model, tf.tensor2d(inputs, [1, L], 'int32')), [0, 0], [n, -1])));
  const values = await logp.data();
  logp.dispose();
  const V = values.length / n;
  const texts = tokenTexts(tokenizer, capped.tokens);
  const tokens: TokenSurprise[] = [];
  let totalNats = 0;
  for (let i = 0; i < n; i++) {
    const row = values.subarray(i * V, (i + 1) * V);
    const nats = -row[capped.tokens[i]];
    totalNats += nats;
    tokens.push({
      text: texts[i],
      nats,
      alternatives: topK(row, k).map((id) => ({ text: tokenizer.decode(Int32Array.of(id)), p: Math.exp(row[id]) })),
    });
  }
  return { text: capped.text, tokens, totalNats, bytes, bitsPerByte: bitsPerByte(totalNats, bytes) };
}
