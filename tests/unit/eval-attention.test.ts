// The attention view's data: the patterns the model really uses (reading them leaves its output unchanged),
// causal, each row a distribution, read in the same pass as the passage's surprise (read-passage.ts) from a
// padded window and cut to the passage, quantised to bytes without losing more than half a step.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { preset } from '../../src/lib/model/config.ts';
import { createModel, disposeModel, hiddenStates, type Model } from '../../src/lib/model/model.ts';
import { ByteTokenizer } from '../../src/lib/tokenizer/index.ts';
import { dequantise, quantise, SEPARATOR_LABEL } from '../../src/lib/eval/attention.ts';
import { readPassage } from '../../src/lib/eval/read-passage.ts';
import { useCpu } from './model-helpers.ts';
import { tensorsBesides } from '../helpers/tensors.ts';

beforeAll(useCpu);

/** Every layer's attention probabilities [H, n, n] for ids [1, n], through hiddenStates' `keep`. */
async function patterns(model: Model, ids: Int32Array): Promise<Float32Array[]> {
  const kept: tf.Tensor[] = [];
  tf.tidy(() => {
    hiddenStates(model, tf.tensor2d(ids, [1, ids.length], 'int32'), (_, probs) => kept.push(tf.keep(probs)));
  });
  const out = (await Promise.all(kept.map((t) => t.data()))) as Float32Array[];
  kept.forEach((t) => t.dispose());
  return out;
}

describe('attention patterns', () => {
  it('are causal distributions per layer and head, and reading them does not change the forward pass', async () => {
    const model = createModel(preset('nano', 257, { nLayer: 2, dModel: 16, nHead: 2, mlpHidden: 32, contextLength: 16 }), 3);
    const ids = Int32Array.from([256, 72, 105, 32, 116, 104, 101, 114, 101]);
    const before = tensorsBesides(model);
    const layers = await patterns(model, ids);
    expect(tensorsBesides(model)).toBe(before);
    const n = ids.length;
    expect(layers).toHaveLength(2);
    for (const w of layers) {
      expect(w).toHaveLength(2 * n * n);
      for (let h = 0; h < 2; h++) {
        for (let i = 0; i < n; i++) {
          const row = w.subarray(h * n * n + i * n, h * n * n + (i + 1) * n);
          expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
          for (let j = i + 1; j < n; j++) expect(row[j]).toBeLessThan(1e-6);
        }
      }
    }
    const plain = tf.tidy(() => hiddenStates(model, tf.tensor2d(ids, [1, n], 'int32')));
    const watched = tf.tidy(() => hiddenStates(model, tf.tensor2d(ids, [1, n], 'int32'), () => {}));
    expect(Array.from(await watched.data())).toEqual(Array.from(await plain.data()));
    plain.dispose();
    watched.dispose();
    disposeModel(model);
  });

  it('a short passage read from a padded window: exactly the patterns of its own inputs, quantised', async () => {
    const model = createModel(preset('nano', 257, { nLayer: 2, dModel: 16, nHead: 2, mlpHidden: 32, contextLength: 32 }), 5);
    const tok = new ByteTokenizer();
    const text = 'Hi there'; // 8 tokens: the window is padded to 16
    const before = tensorsBesides(model);
    const { attention: a, surprise: s } = await readPassage(model, tok, text);
    expect(tensorsBesides(model)).toBe(before);
    expect(s.tokens).toHaveLength(8);
    expect(a.tokens).toEqual([SEPARATOR_LABEL, 'H', 'i', ' ', 't', 'h', 'e', 'r']);
    const direct = await patterns(model, Int32Array.of(tok.separatorId, ...tok.encode(text).subarray(0, 7)));
    expect(a.layers).toHaveLength(2);
    a.layers.forEach((q, l) => {
      expect(q).toHaveLength(2 * 8 * 8);
      q.forEach((b, i) => expect(Math.abs(dequantise(b) - direct[l][i])).toBeLessThanOrEqual(0.5 / 255 + 1e-6));
    });
    disposeModel(model);
  });

  it('a passage: the separator and the tokens that predict it, patterns quantised to within half a step', async () => {
    const model = createModel(preset('nano', 257, { nLayer: 1, dModel: 16, nHead: 2, mlpHidden: 32, contextLength: 16 }), 5);
    const tok = new ByteTokenizer();
    const { attention: a } = await readPassage(model, tok, 'héllo there, a passage longer than the window');
    expect(a.tokens).toHaveLength(16);
    expect(a.tokens[0]).toBe(SEPARATOR_LABEL);
    expect(a.tokens.slice(1, 4)).toEqual(['h', '', 'é']);
    expect(a.heads).toBe(2);
    expect(a.layers[0]).toHaveLength(2 * 16 * 16);
    const exact = [0, 0.1234, 0.5, 1];
    quantise(exact).forEach((b, i) => expect(Math.abs(dequantise(b) - exact[i])).toBeLessThanOrEqual(0.5 / 255));
    disposeModel(model);
  });
});
