// Every backend a headless run offers computes the same model as tfjs's cpu backend: the forward pass,
// the gradients and a short training curve. This is the guard against backend bugs like tfjs-backend-wasm
// 4.22's OneHot, which wrote int32 bits into float32 tensors and made the loss ≈ 7e-45. (WebGPU is
// compared with cpu in the browser project: tests/browser/model-backends.test.ts, fused-training.test.ts.)
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { startBestBackend } from '../../src/lib/backend/select.ts';
import { preset } from '../../src/lib/model/config.ts';
import { createModel, disposeModel, forwardLogits, meanLoss, modelValues } from '../../src/lib/model/model.ts';
import { Prng } from '../../src/lib/model/prng.ts';
import { trainConfig } from '../../src/lib/train/config.ts';
import { createTrainRun, disposeTrainRun, runStep } from '../../src/lib/train/run.ts';
import { readStep } from '../../src/lib/train/step.ts';
import { useCpu } from './model-helpers.ts';

afterAll(useCpu);

const VOCAB = 61;
const T = 12;
const config = preset('nano', VOCAB, { nLayer: 2, dModel: 16, nHead: 2, mlpHidden: 24, contextLength: T });
const ids = Int32Array.from({ length: 2 * T }, (_, i) => (i * 17 + 5) % VOCAB);
const targets = Int32Array.from({ length: 2 * T }, (_, i) => (i * 29 + 3) % VOCAB);

/** Logits, loss and every gradient of one fixed model on one fixed batch, on the active backend. */
async function forwardAndGrads(values?: Record<string, Float32Array>) {
  const model = createModel(config, 11, values);
  const init = await modelValues(model);
  const inputs = tf.tensor2d(ids, [2, T], 'int32');
  const wanted = tf.tensor2d(targets, [2, T], 'int32');
  const logits = tf.tidy(() => forwardLogits(model, inputs));
  // Inputs made outside the gradient's scope, as trainStep makes them (the embedding's gradient reads them).
  const { value, grads } = tf.variableGrads(() => meanLoss(model, inputs, wanted), model.params.map((p) => p.variable));
  const out = { init, logits: await logits.data(), loss: (await value.data())[0], grads: {} as Record<string, Float32Array> };
  for (const p of model.params) out.grads[p.name] = (await grads[p.variable.name].data()) as Float32Array;
  tf.dispose([inputs, wanted, logits, value, ...Object.values(grads)]);
  disposeModel(model);
  return out;
}

/** Training losses of 30 steps on a structured stream, on the active backend. */
async function curve(): Promise<number[]> {
  const rng = new Prng(3, 'stream');
  const stream = Int32Array.from({ length: 600 }, (_, i) => (rng.uniform() < 0.1 ? rng.int(VOCAB) : (i * 7) % VOCAB));
  const run = createTrainRun(config, trainConfig({ batchSize: 4, totalSteps: 30, warmupSteps: 3, lr: 1e-2 }), 5);
  const losses: number[] = [];
  for (let i = 0; i < 30; i++) losses.push((await readStep(runStep(run, stream))).loss);
  disposeTrainRun(run);
  return losses;
}

const maxRelDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]));
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
  }
  return diff / scale;
};

describe('headless backends agree with cpu on the model', () => {
  it('wasm: forward logits, loss, every gradient, and a 30-step training curve', async () => {
    await useCpu();
    const want = await forwardAndGrads();
    const wantCurve = await curve();

    const choice = await startBestBackend('wasm');
    expect(choice.backend).toBe('wasm');
    const got = await forwardAndGrads(want.init);
    const gotCurve = await curve();

    // f32 on both; the backends sum in different orders, so they differ by a few ulps per op. Relative to
    // each tensor's largest entry, 1e-4 leaves room for that and still catches a wrong op (the OneHot bug
    // made the loss 1e-44 and the embedding gradient 0).
    expect(Math.abs(got.loss - want.loss)).toBeLessThan(1e-4 * want.loss);
    expect(maxRelDiff(got.logits, want.logits)).toBeLessThan(1e-4);
    for (const [name, g] of Object.entries(want.grads)) {
      expect(Math.max(...Array.from(g, Math.abs)), `${name} gradient is not trivially zero`).toBeGreaterThan(1e-6);
      expect(maxRelDiff(got.grads[name], g), `${name} gradient`).toBeLessThan(1e-3);
    }
    // The curve: AdamW amplifies ulp differences a little over 30 steps; the tolerance the headless
    // default is held to is 0.01 nats at every step (the loss falls by ~1 nat over the 30).
    expect(wantCurve[29]).toBeLessThan(wantCurve[0] - 0.5);
    for (let i = 0; i < 30; i++) expect(Math.abs(gotCurve[i] - wantCurve[i]), `step ${i}`).toBeLessThan(0.01);
    console.log(`[wasm] vs cpu: loss ${got.loss.toFixed(6)} vs ${want.loss.toFixed(6)}, max curve Δ ${Math.max(...gotCurve.map((l, i) => Math.abs(l - wantCurve[i]))).toExponential(2)} nats`);
  });
});
