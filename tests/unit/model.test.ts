import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { paramCount, preset, validateModelConfig, PRESET_NAMES } from '../../src/lib/model/config.ts';
import { createModel, disposeModel, forwardLogits, meanLoss, modelValues } from '../../src/lib/model/model.ts';
import { modelOpsFor, registerModelOps, tfjsOps, type ModelOps } from '../../src/lib/model/ops.ts';
import { paramSpecs, initValues } from '../../src/lib/model/params.ts';
import { Prng } from '../../src/lib/model/prng.ts';
import { applyRope, ropeTables, ropeTensors } from '../../src/lib/model/rope.ts';
import { int2d, tinyConfig, useCpu } from './model-helpers.ts';

beforeAll(useCpu);

describe('model config', () => {
  it('counts parameters exactly for a hand-computed config', () => {
    // V=11, d=8, L=2, h=12: embedding 88; per layer 2·8 gains + 4·64 attention + 3·8·12 MLP = 560; final gain 8.
    const c = preset('nano', 11, { nLayer: 2, dModel: 8, nHead: 2, mlpHidden: 12 });
    expect(paramCount(c)).toBe(88 + 2 * 560 + 8);
    const m = createModel(c, 1);
    expect(m.params.reduce((s, p) => s + p.variable.size, 0)).toBe(1216);
    disposeModel(m);
  });

  it('presets have the documented sizes for byte-level and 2048-token vocabularies', () => {
    const sizes = PRESET_NAMES.map((n) => [n, paramCount(preset(n, 257)), paramCount(preset(n, 2048))]);
    expect(sizes).toEqual([
      ['nano', 217_728, 332_352],
      ['micro', 1_037_824, 1_267_072],
      ['mini', 4_812_288, 5_270_784],
      ['shallow-wide', 72_480, 158_448],
      ['deep-narrow', 78_672, 121_656],
    ]);
    for (const n of PRESET_NAMES) expect(validateModelConfig(preset(n, 257))).toEqual([]);
  });

  it('validation returns errors for garbage and never throws', () => {
    for (const junk of [null, undefined, 3, 'nano', [], () => 1, { dModel: Number.NaN }]) {
      expect(() => validateModelConfig(junk)).not.toThrow();
      expect(validateModelConfig(junk).length).toBeGreaterThan(0);
    }
    const bad = validateModelConfig({ ...preset('nano', 257), dModel: 30, nHead: 4, kernels: 'cuda', vocabSize: 0 });
    expect(bad.join('\n')).toMatch(/dModel \(30\) must be divisible by nHead \(4\)/);
    expect(bad.join('\n')).toMatch(/kernels must be 'tfjs' or 'fused'/);
    expect(bad.join('\n')).toMatch(/vocabSize must be a positive integer/);
    expect(validateModelConfig({ ...preset('nano', 257), dModel: 12, nHead: 4 }).join()).toMatch(/must be even/);
    expect(() => createModel({ ...preset('nano', 257), nLayer: -1 }, 1)).toThrow(/nLayer/);
  });
});

describe('prng', () => {
  it('is deterministic, label-separated, and resumable from its state', () => {
    const a = new Prng(7, 'x');
    const b = new Prng(7, 'x');
    const seqA = Array.from({ length: 5 }, () => a.nextU32());
    expect(Array.from({ length: 5 }, () => b.nextU32())).toEqual(seqA);
    expect(new Prng(7, 'y').nextU32()).not.toBe(seqA[0]);
    a.normal(); // leaves a spare normal in the state
    const { words, spare } = a.state();
    const c = Prng.fromState(words, spare);
    expect([c.normal(), c.uniform()]).toEqual([a.normal(), a.uniform()]);
  });

  it('gives the pinned stream (a change would silently change every shared link\'s initial weights)', () => {
    const p = new Prng(1234, 'init', 'layers.0.attn.wq');
    expect(Array.from({ length: 4 }, () => p.nextU32())).toEqual([3002789894, 3980383145, 3477833728, 1083338393]);
    expect(p.normal()).toBe(-0.036001159030777267);
  });

  it('draws standard normals', () => {
    const xs = new Prng(1).normalArray(20000, 1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});

describe('initialisation', () => {
  it('same seed gives identical weights, another seed different ones', async () => {
    const c = tinyConfig();
    const [a, b, d] = [createModel(c, 42), createModel(c, 42), createModel(c, 43)];
    const [va, vb, vd] = await Promise.all([a, b, d].map(modelValues));
    for (const name of Object.keys(va)) expect(vb[name]).toEqual(va[name]);
    expect(vd['layers.0.attn.wq']).not.toEqual(va['layers.0.attn.wq']);
    expect(va['layers.0.attnNorm']).toEqual(new Float32Array(8).fill(1));
    [a, b, d].forEach(disposeModel);
  });

  it("a tensor's init depends only on the seed and its name, not on the rest of the model", () => {
    const small = paramSpecs(tinyConfig({ nLayer: 1 })).find((s) => s.name === 'layers.0.attn.wq');
    const big = paramSpecs(tinyConfig({ nLayer: 3 })).find((s) => s.name === 'layers.0.attn.wq');
    expect(small && big && initValues(small, 5)).toEqual(big && initValues(big, 5));
  });

  it('loss at initialisation is within 5% of ln(vocab)', () => {
    const c = preset('nano', 257, { contextLength: 16 });
    const m = createModel(c, 3);
    const rng = new Prng(0, 'tokens');
    const ids = Array.from({ length: 2 * 17 }, () => rng.int(257));
    const inputs = int2d(ids.filter((_, i) => i % 17 !== 16), 2, 16);
    const targets = int2d(ids.filter((_, i) => i % 17 !== 0), 2, 16);
    const loss = tf.tidy(() => meanLoss(m, inputs, targets).dataSync()[0]);
    expect(Math.abs(loss - Math.log(257)) / Math.log(257)).toBeLessThan(0.05);
    tf.dispose([inputs, targets]);
    disposeModel(m);
  });
});

describe('forward pass', () => {
  it('is causal: changing a later token leaves earlier logits unchanged', () => {
    const m = createModel(tinyConfig({ initStd: 0.5 }), 9);
    const a = int2d([1, 2, 3, 4, 5, 6], 1, 6);
    const b = int2d([1, 2, 3, 4, 12, 0], 1, 6);
    const [la, lb] = [a, b].map((ids) => tf.tidy(() => forwardLogits(m, ids).arraySync() as number[][]));
    for (let t = 0; t < 4; t++) la[t].forEach((v, j) => expect(lb[t][j]).toBeCloseTo(v, 5));
    expect(lb[4][0]).not.toBeCloseTo(la[4][0], 3);
    tf.dispose([a, b]);
    disposeModel(m);
  });

  it('depends on order (rotary): swapping two earlier tokens changes the last output', () => {
    // Without position information causal attention is blind to the order of earlier tokens.
    const m = createModel(tinyConfig({ initStd: 0.5 }), 9);
    const a = int2d([3, 5, 9, 1, 2, 8], 1, 6);
    const b = int2d([5, 3, 9, 1, 2, 8], 1, 6);
    const [la, lb] = [a, b].map((ids) => tf.tidy(() => forwardLogits(m, ids).arraySync() as number[][]));
    expect(Math.max(...la[5].map((v, j) => Math.abs(v - lb[5][j])))).toBeGreaterThan(1e-3);
    tf.dispose([a, b]);
    disposeModel(m);
  });

  it('rotary embedding preserves norms and makes q·k depend only on the offset', () => {
    const tables = ropeTables(8, 4, 10000);
    const q = new Prng(2).normalArray(4, 1);
    const k = new Prng(3).normalArray(4, 1);
    // Place q at every position and k at every position; compare dot products at equal offsets.
    const rot = (v: Float32Array) =>
      tf.tidy(() => applyRope(tf.tile(tf.tensor4d(v, [1, 1, 1, 4]), [1, 1, 8, 1]) as tf.Tensor4D, ropeTensors(tables, 8)).arraySync()[0][0]);
    const [rq, rk] = [rot(q), rot(k)];
    const dot = (x: number[], y: number[]) => x.reduce((s, xi, i) => s + xi * y[i], 0);
    expect(dot(rq[0], rq[0])).toBeCloseTo(dot(Array.from(q), Array.from(q)), 4);
    expect(dot(rq[6], rq[6])).toBeCloseTo(dot(Array.from(q), Array.from(q)), 4);
    expect(dot(rq[5], rk[2])).toBeCloseTo(dot(rq[3], rk[0]), 4);
    expect(dot(rq[5], rk[2])).not.toBeCloseTo(dot(rq[5], rk[1]), 3);
  });

  it('gradients match central finite differences', () => {
    // float32 forward: eps = 1e-2 keeps rounding error (~1e-7·loss/eps ≈ 1e-5) well below the tolerance,
    // and truncation error O(eps²) small. A larger init std (0.5) makes every path non-trivially nonlinear.
    // Tolerance: |fd − analytic| ≤ 5e-4 + 3%·|analytic|.
    const m = createModel(tinyConfig({ initStd: 0.5 }), 11);
    const inputs = int2d([1, 5, 2, 9, 12, 3, 0, 7, 7, 4, 11, 6], 2, 6);
    const targets = int2d([5, 2, 9, 12, 3, 8, 7, 7, 4, 11, 6, 1], 2, 6);
    const loss = () => tf.tidy(() => meanLoss(m, inputs, targets).dataSync()[0]);
    const vars = m.params.map((p) => p.variable);
    const { value, grads } = tf.variableGrads(() => meanLoss(m, inputs, targets), vars);
    const rng = new Prng(1, 'fd');
    const eps = 1e-2;
    let checked = 0;
    for (const p of m.params) {
      const analytic = grads[p.variable.name].dataSync();
      const base = (p.variable.dataSync() as Float32Array).slice();
      for (let k = 0; k < 4; k++) {
        const i = rng.int(base.length);
        const probe = (delta: number) => {
          const w = base.slice();
          w[i] += delta;
          p.variable.assign(tf.tensor(w, p.shape));
          return loss();
        };
        const fd = (probe(eps) - probe(-eps)) / (2 * eps);
        p.variable.assign(tf.tensor(base, p.shape));
        expect(Math.abs(fd - analytic[i]), `${p.name}[${i}] fd=${fd} analytic=${analytic[i]}`).toBeLessThanOrEqual(5e-4 + 0.03 * Math.abs(analytic[i]));
        checked++;
      }
    }
    expect(checked).toBe(4 * m.params.length);
    tf.dispose([value, inputs, targets, ...Object.values(grads)]);
    disposeModel(m);
  });
});

describe('ModelOps seam', () => {
  it("routes the hot ops through the implementation named by config.kernels", () => {
    const c = tinyConfig({ kernels: 'fused' });
    expect(() => modelOpsFor('fused')).toThrow(/no 'fused' model ops registered/);
    const calls = { matmul: 0, rmsNorm: 0, swiglu: 0, attention: 0, crossEntropy: 0 };
    const counting: ModelOps = {
      matmul: (...a) => (calls.matmul++, tfjsOps.matmul(...a)),
      rmsNorm: (...a) => (calls.rmsNorm++, tfjsOps.rmsNorm(...a)),
      swiglu: (...a) => (calls.swiglu++, tfjsOps.swiglu(...a)),
      attention: (...a) => (calls.attention++, tfjsOps.attention(...a)),
      crossEntropy: (...a) => (calls.crossEntropy++, tfjsOps.crossEntropy(...a)),
      layerNorm: tfjsOps.layerNorm,
      gelu: tfjsOps.gelu,
    };
    registerModelOps('fused', counting);
    const fused = createModel(c, 1);
    const plain = createModel({ ...c, kernels: 'tfjs' }, 1);
    const inputs = int2d([1, 2, 3, 4, 5, 6], 1, 6);
    const targets = int2d([2, 3, 4, 5, 6, 7], 1, 6);
    const [a, b] = [fused, plain].map((m) => tf.tidy(() => meanLoss(m, inputs, targets).dataSync()[0]));
    expect(a).toBe(b);
    // One layer: 7 projections + output head; 2 block norms + final; 1 MLP activation; 1 attention; 1 loss.
    expect(calls).toEqual({ matmul: 8, rmsNorm: 3, swiglu: 1, attention: 1, crossEntropy: 1 });
    tf.dispose([inputs, targets]);
    [fused, plain].forEach(disposeModel);
  });
});
