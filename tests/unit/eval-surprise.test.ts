// Surprise, token by token (src/lib/eval/surprise.ts, read by read-passage.ts): its tokens are the passage's, its nats are the
// ones held-out bits per byte adds up, and its alternatives are the model's most likely next tokens.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { preset } from '../../src/lib/model/config.ts';
import { createModel, disposeModel } from '../../src/lib/model/model.ts';
import { ByteTokenizer } from '../../src/lib/tokenizer/index.ts';
import { evalBitsPerByte } from '../../src/lib/eval/bpb.ts';
import { tokenTexts, topK } from '../../src/lib/eval/surprise.ts';
import { readPassage } from '../../src/lib/eval/read-passage.ts';
import { useCpu } from './model-helpers.ts';
import { tensorsBesides } from '../helpers/tensors.ts';

beforeAll(useCpu);

describe('surprise, token by token', () => {
  it('token texts join to the passage exactly, multi-byte characters shown on the token that completes them', () => {
    const tok = new ByteTokenizer();
    const text = 'héllo ✓!';
    const parts = tokenTexts(tok, tok.encode(text));
    expect(parts).toHaveLength(new TextEncoder().encode(text).length);
    expect(parts.join('')).toBe(text);
    expect(parts.slice(0, 3)).toEqual(['h', '', 'é']);
  });

  it('topK lists the largest values, largest first, ties to the lower index', () => {
    expect(topK([0.1, 0.5, 0.3, 0.5, -1], 3)).toEqual([1, 3, 2]);
    expect(topK([2], 3)).toEqual([0]);
  });

  it('a random model: per-token nats add up to the passage bits per byte that held-out scoring gives, and alternatives are its top tokens', async () => {
    const tok = new ByteTokenizer();
    const model = createModel(preset('nano', 257, { nLayer: 1, dModel: 16, nHead: 2, mlpHidden: 32, contextLength: 32 }), 7);
    const text = 'The cat sat on the mat, and then some more text than fits in the window';
    const before = tensorsBesides(model);
    const { surprise: s } = await readPassage(model, tok, text);
    expect(tensorsBesides(model)).toBe(before);
    // Cut to the 32-token window, as scoring would cut it.
    expect(s.tokens).toHaveLength(32);
    expect(text.startsWith(s.text)).toBe(true);
    expect(s.tokens.map((t) => t.text).join('')).toBe(s.text);
    const ref = await evalBitsPerByte(model, tok, s.text, { maxTokens: 32, batchSize: 2 });
    expect(s.bytes).toBe(ref.bytes);
    expect(s.totalNats).toBeCloseTo(ref.totalNats, 3);
    expect(s.bitsPerByte).toBeCloseTo(ref.bitsPerByte, 5);
    for (const t of s.tokens) {
      expect(t.nats).toBeGreaterThan(0);
      expect(t.alternatives).toHaveLength(3);
      const ps = t.alternatives.map((a) => a.p);
      expect([...ps].sort((a, b) => b - a)).toEqual(ps);
      // The token's own probability is at most the top alternative's.
      expect(Math.exp(-t.nats)).toBeLessThanOrEqual(ps[0] + 1e-9);
    }
    disposeModel(model);
  });
});
