// The attention view's data: for one passage (scored as surprise.ts scores it), each layer's attention
// probabilities per head, quantised to bytes (0–255 for 0–1) so a whole model's patterns fit in a message.
import type { Model } from '../model/model.ts';
import { attentionPatterns } from '../model/model.ts';
import type { Tokenizer } from '../tokenizer/types.ts';
import { capText } from './bpb.ts';
import { countPass, type ForwardMeter } from './meter.ts';
import { tokenTexts } from './surprise.ts';

export interface PassageAttention {
  /** The input tokens, as text: the document separator ("¶"), then the passage's tokens but the last. */
  tokens: string[];
  heads: number;
  /** Per layer, [head][query][key] row-major, n × n per head, probability × 255 rounded. */
  layers: Uint8Array[];
}

/** Shown for the document separator the passage is read after. */
export const SEPARATOR_LABEL = '¶';

export function quantise(p: ArrayLike<number>): Uint8Array {
  return Uint8Array.from(p, (x) => Math.round(Math.min(1, Math.max(0, x)) * 255));
}

/** The probability a quantised byte stands for. */
export const dequantise = (b: number): number => b / 255;

export async function passageAttention(model: Model, tokenizer: Tokenizer, passage: string, meter?: ForwardMeter): Promise<PassageAttention> {
  const capped = capText(tokenizer, passage, model.config.contextLength);
  const n = capped.tokens.length;
  if (n === 0) return { tokens: [], heads: model.config.nHead, layers: [] };
  // The inputs that predict the passage: the separator, then every token but the last.
  const inputs = Int32Array.of(tokenizer.separatorId, ...capped.tokens.subarray(0, n - 1));
  countPass(meter, 1, n);
  const layers = (await attentionPatterns(model, inputs)).map(quantise);
  const texts = tokenTexts(tokenizer, capped.tokens);
  return { tokens: [SEPARATOR_LABEL, ...texts.slice(0, n - 1)], heads: model.config.nHead, layers };
}
