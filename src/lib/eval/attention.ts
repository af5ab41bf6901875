// The attention view's data: for one passage (read by read-passage.ts, in the pass that scores its
// surprise), each layer's attention probabilities per head, quantised to bytes (0–255 for 0–1) so a
// whole model's patterns fit in a message.

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

/**
 * The passage's attention from each layer's probabilities [H, L, L] over a window of L ≥ n inputs (the
 * separator, then the passage's tokens but the last, then padding); causal attention makes the first n
 * rows and columns exactly what the n inputs alone would give.
 */
export function attentionFrom(layers: readonly Float32Array[], heads: number, L: number, texts: readonly string[]): PassageAttention {
  const n = texts.length;
  if (n === 0) return { tokens: [], heads, layers: [] };
  const cut = layers.map((probs) => {
    const out = new Float32Array(heads * n * n);
    for (let h = 0; h < heads; h++) {
      for (let q = 0; q < n; q++) out.set(probs.subarray((h * L + q) * L, (h * L + q) * L + n), (h * n + q) * n);
    }
    return quantise(out);
  });
  return { tokens: [SEPARATOR_LABEL, ...texts.slice(0, n - 1)], heads, layers: cut };
}
