// One passage, read once: the Surprise and Attention views show the same held-out passage (or the user's
// own text), so a single forward pass yields both its per-token log-probabilities and every layer's
// attention. The passage is read the way held-out bits per byte reads a document (after the separator,
// conditioned on nothing before it, within one context window: bpb.ts), so its bits per byte is
// evalBitsPerByte's on that text up to float rounding (attention is kept through stock ops, which the
// fused kernels match to rounding).
import * as tf from '@tensorflow/tfjs';
import { hiddenStates, logitsFromHidden, type Model } from '../model/model.ts';
import type { Tokenizer } from '../tokenizer/types.ts';
import { attentionFrom, type PassageAttention } from './attention.ts';
import { capText } from './bpb.ts';
import { countPass, windowLength, type ForwardMeter } from './meter.ts';
import { packRow } from './score.ts';
import { SURPRISE_ALTERNATIVES, surpriseFrom, tokenTexts, type PassageSurprise } from './surprise.ts';

export interface PassageReading {
  surprise: PassageSurprise;
  attention: PassageAttention;
}

export async function readPassage(model: Model, tokenizer: Tokenizer, passage: string, opts: { meter?: ForwardMeter; alternatives?: number } = {}): Promise<PassageReading> {
  const T = model.config.contextLength;
  const capped = capText(tokenizer, passage, T);
  const n = capped.tokens.length;
  const texts = tokenTexts(tokenizer, capped.tokens);
  const alternatives = opts.alternatives ?? SURPRISE_ALTERNATIVES;
  if (n === 0) return { surprise: surpriseFrom(new Float32Array(0), tokenizer, capped, texts, alternatives), attention: attentionFrom([], model.config.nHead, 0, texts) };
  const L = windowLength(n, T);
  const inputs = new Int32Array(L);
  const targets = new Int32Array(L);
  const mask = new Float32Array(L);
  packRow({ context: Int32Array.of(tokenizer.separatorId), continuation: capped.tokens }, T, inputs, targets, mask, 0);
  countPass(opts.meter, 1, L);
  const kept: tf.Tensor[] = [];
  // Rows 0..n-1 of the logits: the separator predicts token 0, and so on.
  const logp = tf.tidy(() => {
    const hidden = hiddenStates(model, tf.tensor2d(inputs, [1, L], 'int32'), (_, probs) => kept.push(tf.keep(probs)));
    return tf.logSoftmax(tf.slice(logitsFromHidden(model, hidden), [0, 0], [n, -1]));
  });
  const [values, ...layers] = (await Promise.all([logp, ...kept].map((t) => t.data()))) as Float32Array[];
  [logp, ...kept].forEach((t) => t.dispose());
  return { surprise: surpriseFrom(values, tokenizer, capped, texts, alternatives), attention: attentionFrom(layers, model.config.nHead, L, texts) };
}
