import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { adamwStep } from '../../src/lib/train/adamw.ts';
import { clipByGlobalNorm } from '../../src/lib/train/clip.ts';
import { trainConfig, validateTrainConfig } from '../../src/lib/train/config.ts';
import { sampleBatch, windowStarts } from '../../src/lib/train/data.ts';
import { newtonSchulz } from '../../src/lib/train/muon.ts';
import { lrFactor } from '../../src/lib/train/schedule.ts';
import { Prng } from '../../src/lib/model/prng.ts';
import { useCpu } from './model-helpers.ts';

beforeAll(useCpu);

describe('AdamW', () => {
  it('matches a hand-computed first and second step', () => {
    const h = { lr: 0.1, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.5 };
    const p0 = [1, -2];
    const g1 = [0.5, 0.25];
    const g2 = [-1, 0.5];
    // By hand, step 1: m = 0.1·g, v = 0.01·g², m̂ = g, v̂ = g² → update = g/|g| = sign(g) (ε negligible).
    // p = p·(1 − 0.1·0.5) − 0.1·sign(g) = [0.95 − 0.1, −1.9 − 0.1] = [0.85, −2.0].
    const s1 = tf.tidy(() => {
      const r = adamwStep(tf.tensor1d(p0), tf.tensor1d(g1), tf.zeros([2]), tf.zeros([2]), h, 1);
      return [r.p, r.m, r.v].map((t) => Array.from(t.dataSync()));
    });
    expect(s1[0][0]).toBeCloseTo(0.85, 6);
    expect(s1[0][1]).toBeCloseTo(-2.0, 6);
    expect(s1[1]).toEqual([expect.closeTo(0.05, 7), expect.closeTo(0.025, 7)]);
    // Step 2 from the formula in float64: m = 0.9m + 0.1g, v = 0.99v + 0.01g², bias-corrected with t = 2.
    const s2 = tf.tidy(() => {
      const r = adamwStep(tf.tensor1d(s1[0]), tf.tensor1d(g2), tf.tensor1d(s1[1]), tf.tensor1d(s1[2]), h, 2);
      return Array.from(r.p.dataSync());
    });
    for (let i = 0; i < 2; i++) {
      const m = 0.9 * 0.1 * g1[i] + 0.1 * g2[i];
      const v = 0.99 * 0.01 * g1[i] ** 2 + 0.01 * g2[i] ** 2;
      const expected = s1[0][i] * (1 - 0.05) - (0.1 / (1 - 0.81)) * (m / (Math.sqrt(v) / Math.sqrt(1 - 0.99 ** 2) + 1e-8));
      expect(s2[i]).toBeCloseTo(expected, 5);
    }
  });
});

describe('schedule', () => {
  const s = { warmupSteps: 10, totalSteps: 110, minLrRatio: 0.1 };
  it('warms up linearly, peaks, decays along a cosine to the floor and stays there', () => {
    expect(lrFactor(0, s)).toBeCloseTo(0.1, 12);
    expect(lrFactor(4, s)).toBeCloseTo(0.5, 12);
    expect(lrFactor(9, s)).toBeCloseTo(1, 12);
    expect(lrFactor(10, s)).toBeCloseTo(1, 12);
    expect(lrFactor(60, s)).toBeCloseTo(0.55, 12); // halfway: floor + (1 − floor)/2
    expect(lrFactor(110, s)).toBeCloseTo(0.1, 12);
    expect(lrFactor(5000, s)).toBeCloseTo(0.1, 12);
    for (let t = 10; t < 110; t++) expect(lrFactor(t + 1, s)).toBeLessThanOrEqual(lrFactor(t, s));
  });
  it('works without warm-up', () => {
    expect(lrFactor(0, { ...s, warmupSteps: 0 })).toBe(1);
  });
});

describe('gradient clipping', () => {
  it('scales to the max norm when above it and leaves small gradients alone', () => {
    const out = tf.tidy(() => {
      const big = clipByGlobalNorm({ a: tf.tensor1d([3, 0]), b: tf.tensor1d([4]) }, 1);
      const small = clipByGlobalNorm({ a: tf.tensor1d([0.3]), b: tf.tensor1d([0.4]) }, 1);
      return [big.norm, big.grads.a, big.grads.b, small.grads.a, small.grads.b].map((t) => Array.from(t.dataSync()));
    });
    expect(out[0][0]).toBeCloseTo(5, 6);
    expect(out[1]).toEqual([expect.closeTo(0.6, 6), 0]);
    expect(out[2][0]).toBeCloseTo(0.8, 6);
    expect(out[3][0]).toBeCloseTo(0.3, 6);
    expect(out[4][0]).toBeCloseTo(0.4, 6);
  });
});

describe('Muon Newton–Schulz', () => {
  it('keeps singular vectors and pushes singular values into ~[0.7, 1.2], wide or tall', () => {
    // G = U·diag(s)·Vᵀ with orthonormal U, V from QR of seeded matrices; NS is an odd polynomial in G,
    // so Uᵀ·NS(G)·V must be diagonal, with each entry the polynomial applied to s/‖G‖_F.
    const s = [3, 2, 1, 0.5];
    for (const tall of [false, true]) {
      const core = tf.tidy(() => {
        const u = tf.linalg.qr(tf.tensor2d(new Prng(1).normalArray(16, 1), [4, 4]))[0] as tf.Tensor2D;
        const v = tf.linalg.qr(tf.tensor2d(new Prng(2).normalArray(48, 1), [12, 4]))[0] as tf.Tensor2D;
        const g = tf.matMul<tf.Tensor2D>(tf.mul<tf.Tensor2D>(u, tf.tensor1d(s)), v, false, true); // [4, 12]
        const x = tall ? tf.transpose(newtonSchulz(tf.transpose(g) as tf.Tensor2D)) : newtonSchulz(g);
        expect(x.shape).toEqual([4, 12]);
        return tf.matMul(tf.matMul(u, x, true, false), v).arraySync() as number[][];
      });
      for (let i = 0; i < 4; i++) {
        expect(core[i][i]).toBeGreaterThan(0.65);
        expect(core[i][i]).toBeLessThan(1.25);
        for (let j = 0; j < 4; j++) if (i !== j) expect(Math.abs(core[i][j])).toBeLessThan(1e-3);
      }
    }
  });
});

describe('train config', () => {
  it('defaults are valid; garbage gives readable errors without throwing', () => {
    expect(validateTrainConfig(trainConfig())).toEqual([]);
    expect(validateTrainConfig(null)).toHaveLength(1);
    const e = validateTrainConfig({ ...trainConfig(), optimizer: 'sgd', lr: -1, beta2: 1, batchSize: 2.5 }).join('\n');
    expect(e).toMatch(/optimizer must be 'adamw' or 'muon'/);
    expect(e).toMatch(/lr must be a positive number/);
    expect(e).toMatch(/beta2 must be in \[0, 1\)/);
    expect(e).toMatch(/batchSize must be an integer/);
  });
});

describe('data windows', () => {
  const tokens = Int32Array.from({ length: 100 }, (_, i) => i);
  it('draws fixed-shape windows with targets shifted by one, deterministic in (seed, step)', () => {
    const b = sampleBatch(tokens, 'run', 3, 4, 8);
    expect(b.inputs.length).toBe(32);
    expect(b.targets.length).toBe(32);
    for (let r = 0; r < 4; r++) {
      for (let t = 0; t < 8; t++) expect(b.targets[r * 8 + t]).toBe(b.inputs[r * 8 + t] + 1);
      for (let t = 1; t < 8; t++) expect(b.inputs[r * 8 + t]).toBe(b.inputs[r * 8 + t - 1] + 1);
    }
    expect(sampleBatch(tokens, 'run', 3, 4, 8)).toEqual(b);
    expect(sampleBatch(tokens, 'run', 4, 4, 8).inputs).not.toEqual(b.inputs);
    expect(sampleBatch(tokens, 'other', 3, 4, 8).inputs).not.toEqual(b.inputs);
  });
  it('covers the whole valid range, including the last window', () => {
    const seen = new Set<number>();
    for (let step = 0; step < 300; step++) for (const s of windowStarts(1, step, 12, 4, 8)) seen.add(s);
    expect([...seen].sort((a, b) => a - b)).toEqual([0, 1, 2, 3]);
  });
  it('rejects a stream shorter than a window', () => {
    expect(() => sampleBatch(tokens.subarray(0, 8), 1, 0, 1, 8)).toThrow(/shorter than one window/);
  });
});
