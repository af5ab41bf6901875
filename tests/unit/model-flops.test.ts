// The training step's FLOP count (model/flops.ts) against an independent count of the matmuls a llama-style
// step runs, shape by shape: 2·m·k·n each forward, twice that backward.
import { describe, expect, it } from 'vitest';
import { preset } from '../../src/lib/model/config.ts';
import { trainingStepFlops } from '../../src/lib/model/flops.ts';

describe('training-step FLOPs', () => {
  for (const name of ['nano', 'micro', 'mini'] as const) {
    it(`${name}: 6·N per token plus attention, within 0.5% of the matmuls counted one by one`, () => {
      const c = preset(name, 257);
      const [b, t, d, h, V] = [2, c.contextLength, c.dModel, c.mlpHidden, c.vocabSize];
      const rows = b * t;
      const mm = (m: number, k: number, n: number) => 2 * m * k * n;
      // Per layer: q, k, v, o projections; gate, up, down; scores q·kᵀ and weights·v over the full square.
      const layer = 4 * mm(rows, d, d) + 2 * mm(rows, d, h) + mm(rows, h, d) + 2 * mm(b * t, d, t);
      const forward = c.nLayer * layer + mm(rows, d, V); // the tied head
      const counted = 3 * forward; // backward: a gradient for each operand of every matmul
      const flops = trainingStepFlops(c, b, t);
      expect(Math.abs(flops - counted) / counted).toBeLessThan(0.005);
      // The attention term is what makes the count depend on the context length beyond the tokens.
      expect(trainingStepFlops(c, 1, 2 * t) - 2 * trainingStepFlops(c, 1, t)).toBe(12 * c.nLayer * d * 2 * t * t);
    });
  }
});
