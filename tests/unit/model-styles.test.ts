// Model styles (model/config.ts ModelStyle): llama is the block the lab always had, bit for bit; phi is
// the Phi-1.5 block in miniature, held to a float64 reference written from its description; both train,
// and shapes are separate from style (the shallow-wide and deep-narrow presets have one parameter count).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { paramCount, preset, presetShape, validateModelConfig, type ModelConfig } from '../../src/lib/model/config.ts';
import { createModel, disposeModel, forwardLogits, modelValues } from '../../src/lib/model/model.ts';
import { initValues, paramSpecs } from '../../src/lib/model/params.ts';
import { Prng } from '../../src/lib/model/prng.ts';
import { createTrainRun, disposeTrainRun, readStep, runStep, trainConfig } from '../../src/lib/train/index.ts';
import { phiReferenceLogits } from './phi-reference.ts';
import { useCpu } from './model-helpers.ts';

beforeAll(useCpu);

const phi = (over: Partial<ModelConfig> = {}): ModelConfig => preset('nano', 29, { style: 'phi', nLayer: 2, dModel: 16, nHead: 2, mlpHidden: 24, contextLength: 12, ...over });
const trainCfg = () => trainConfig({ optimizer: 'adamw', batchSize: 2, totalSteps: 10, warmupSteps: 2, lr: 1e-2, weightDecay: 0.1, gradClip: 1 });
const tokens = Int32Array.from({ length: 200 }, (_, i) => (i * 7 + (i >> 3)) % 29);

describe('model styles', () => {
  it('llama (no style, as every link and checkpoint before styles) trains bit for bit as before: losses and logits pinned from commit 00a11b0', async () => {
    const mc = preset('nano', 40, { nLayer: 2, dModel: 16, nHead: 2, mlpHidden: 24, contextLength: 12 });
    expect(mc.style).toBeUndefined();
    const run = createTrainRun(mc, trainCfg(), 7);
    const seq = Int32Array.from({ length: 200 }, (_, i) => (i * 7 + (i >> 3)) % 40);
    const losses: number[] = [];
    for (let i = 0; i < 4; i++) losses.push((await readStep(runStep(run, seq))).loss);
    const logits = tf.tidy(() => forwardLogits(run.model, tf.tensor2d(seq.subarray(0, 12), [1, 12], 'int32')));
    const values = Array.from(await logits.data());
    logits.dispose();
    disposeTrainRun(run);
    expect(losses).toEqual([3.679319143295288, 3.627145290374756, 3.5534956455230713, 3.482693910598755]);
    expect(values.slice(0, 6)).toEqual([0.5489903092384338, 0.1331578642129898, 0.04132217541337013, -0.11287976801395416, -0.11012177914381027, 0.12911900877952576]);
    expect(values.reduce((a, b) => a + b, 0)).toBe(8.034775914566126);
  });

  it('phi: the parameter count is the tensors, with biases, two LayerNorms per the block and an untied head', () => {
    const c = phi();
    const specs = paramSpecs(c);
    expect(specs.reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0)).toBe(paramCount(c));
    // V=29, d=16, h=24, L=2: embedding 464; per layer LN 32 + 4·256 + 4·16 + fc1 384 + 24 + fc2 384 + 16 = 1,928; final LN 32; head 464 + 29.
    expect(paramCount(c)).toBe(464 + 2 * 1928 + 32 + 464 + 29);
    expect(specs.filter((s) => s.kind === 'bias').length).toBe(2 * 6 + 1);
    expect(specs.find((s) => s.name === 'head')).toMatchObject({ kind: 'head', shape: [16, 29] });
  });

  it('phi: logits match the float64 reference (parallel residual, LayerNorm with bias, half-rotary, GELU, head bias)', async () => {
    const c = phi();
    // Non-zero biases and norms, so every term of the block is exercised.
    const values: Record<string, Float32Array> = {};
    for (const s of paramSpecs(c)) values[s.name] = s.init.dist === 'normal' ? initValues(s, 3).map((v) => v * 10) : new Prng(3, 'test', s.name).normalArray(s.shape.reduce((a, b) => a * b, 1), 0.5).map((v) => v + (s.init.dist === 'ones' ? 1 : 0));
    const model = createModel(c, 3, values);
    const ids = [1, 5, 9, 2, 28, 0, 7, 7, 13, 4];
    const got = tf.tidy(() => forwardLogits(model, tf.tensor2d(Int32Array.from(ids), [1, ids.length], 'int32')));
    const flat = await got.data();
    got.dispose();
    const want = phiReferenceLogits(c, values, ids);
    let worst = 0;
    want.forEach((row, t) => row.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - flat[t * c.vocabSize + i])))));
    expect(worst).toBeLessThan(2e-4);
    // The comparison would catch a model that rotated whole heads: full rotary gives other logits.
    const full = phiReferenceLogits(c, values, ids, 1);
    expect(Math.max(...full.flatMap((row, t) => Array.from(row, (v, i) => Math.abs(v - flat[t * c.vocabSize + i]))))).toBeGreaterThan(1e-2);
    disposeModel(model);
  });

  it('phi trains: loss falls, every tensor (biases included) moves, and a checkpoint of its values rebuilds the same model', async () => {
    const run = createTrainRun(phi(), trainCfg(), 5);
    const before = await modelValues(run.model);
    const losses: number[] = [];
    for (let i = 0; i < 10; i++) losses.push((await readStep(runStep(run, tokens))).loss);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.at(-1)!).toBeLessThan(losses[0] - 0.2);
    const after = await modelValues(run.model);
    for (const name of Object.keys(before)) expect(after[name].some((v, i) => v !== before[name][i]), name).toBe(true);
    const copy = createModel(run.model.config, 5, after);
    const ids = tf.tensor2d(tokens.subarray(0, 12), [1, 12], 'int32');
    const [a, b] = [forwardLogits(run.model, ids), forwardLogits(copy, ids)];
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([ids, a, b]);
    disposeModel(copy);
    disposeTrainRun(run);
  });

  it('validation: unknown styles are refused, and phi needs head sizes that are multiples of 4 (rotary pairs half of each head)', () => {
    expect(validateModelConfig({ ...phi(), style: 'gpt2' }).join('\n')).toMatch(/style must be one of 'llama', 'phi', got "gpt2"/);
    expect(validateModelConfig(phi({ dModel: 16, nHead: 2 }))).toEqual([]);
    expect(validateModelConfig(phi({ dModel: 12, nHead: 2 })).join('\n')).toMatch(/multiple of 4 for the phi style/);
    expect(validateModelConfig({ ...phi({ dModel: 12, nHead: 2 }), style: 'llama' })).toEqual([]);
  });

  it('shallow-wide and deep-narrow: one parameter count (within 0.5%) in the llama style with the lab\'s 512-token BPE, five times the layers at half the width', () => {
    const wide = preset('shallow-wide', 512);
    const deep = preset('deep-narrow', 512);
    expect(paramCount(wide)).toBe(84_720);
    expect(paramCount(deep)).toBe(84_792);
    expect(Math.abs(paramCount(deep) / paramCount(wide) - 1)).toBeLessThan(0.005);
    expect(presetShape('deep-narrow')).toEqual({ nLayer: 10, dModel: 24, nHead: 2, mlpHidden: 68 });
    expect(deep.nLayer / wide.nLayer).toBe(5);
    expect(deep.dModel / wide.dModel).toBe(0.5);
  });
});
