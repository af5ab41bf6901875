import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { preset } from '../../src/lib/model/config.ts';
import { modelValues } from '../../src/lib/model/model.ts';
import { Prng } from '../../src/lib/model/prng.ts';
import { checkpointRun, decodeCheckpoint, encodeCheckpoint, restoreTrainRun } from '../../src/lib/train/checkpoint.ts';
import { trainConfig, type TrainConfig } from '../../src/lib/train/config.ts';
import { sampleBatch } from '../../src/lib/train/data.ts';
import { createTrainRun, disposeTrainRun, runStep, type TrainRun } from '../../src/lib/train/run.ts';
import { disposeStep, readStep, trainStep } from '../../src/lib/train/step.ts';
import { tinyConfig, useCpu } from './model-helpers.ts';

beforeAll(useCpu);

/** A token stream with structure to learn: a repeating pattern with seeded noise. */
function stream(n: number, vocab: number, seed = 0): Int32Array {
  const rng = new Prng(seed, 'stream');
  return Int32Array.from({ length: n }, (_, i) => (rng.uniform() < 0.1 ? rng.int(vocab) : (i * 3) % vocab));
}

async function losses(run: TrainRun, tokens: Int32Array, steps: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < steps; i++) out.push((await readStep(runStep(run, tokens))).loss);
  return out;
}

const tiny = tinyConfig();
const cfg = (o: Partial<TrainConfig> = {}) => trainConfig({ batchSize: 2, totalSteps: 50, warmupSteps: 2, lr: 1e-2, ...o });

describe('training loop', () => {
  it('a nano model overfits one fixed batch', async () => {
    const run = createTrainRun(preset('nano', 257, { contextLength: 16 }), cfg({ weightDecay: 0, totalSteps: 40, warmupSteps: 4, lr: 2e-2 }), 1);
    const batch = sampleBatch(stream(400, 257), 1, 0, 2, 16);
    let first = 0;
    let last = 0;
    for (let i = 0; i < 40; i++) {
      const r = trainStep(run.model, run.optimizer, batch);
      if (i === 0) first = r.loss.dataSync()[0];
      if (i === 39) last = r.loss.dataSync()[0];
      disposeStep(r);
    }
    expect(first).toBeGreaterThan(5);
    expect(last).toBeLessThan(0.5); // from ln 257 ≈ 5.55; reaches ≈0.22 on cpu
    disposeTrainRun(run);
  });

  it('same config and seed give identical losses; another seed gives different ones', async () => {
    const tokens = stream(300, 13);
    const [a, b, c] = [7, 7, 8].map((seed) => createTrainRun(tiny, cfg(), seed));
    const [la, lb, lc] = [await losses(a, tokens, 5), await losses(b, tokens, 5), await losses(c, tokens, 5)];
    expect(lb).toEqual(la);
    expect(lc).not.toEqual(la);
    expect(la[4]).toBeLessThan(la[0]);
    [a, b, c].forEach(disposeTrainRun);
  });

  it('does not leak tensors over 200 steps', async () => {
    const tokens = stream(200, 13);
    for (const optimizer of ['adamw', 'muon'] as const) {
      const run = createTrainRun(tiny, cfg({ optimizer, totalSteps: 200 }), 3);
      disposeStep(runStep(run, tokens)); // first step may create lazily-built state
      const before = tf.memory().numTensors;
      for (let i = 0; i < 200; i++) {
        const r = runStep(run, tokens);
        if (i % 50 === 0) await readStep(r);
        else disposeStep(r);
      }
      expect(tf.memory().numTensors).toBe(before);
      disposeTrainRun(run);
    }
  });

  it('muon trains: loss falls, and only hidden matrices use the Muon rule', async () => {
    const run = createTrainRun(tiny, cfg({ optimizer: 'muon', muonLr: 0.05 }), 4);
    const rules = run.optimizer.rules();
    expect(rules['embedding']).toBe('adamw');
    expect(rules['layers.0.attnNorm']).toBe('adamw');
    expect(rules['layers.0.attn.wq']).toBe('muon');
    expect(rules['layers.0.mlp.wDown']).toBe('muon');
    const l = await losses(run, stream(300, 13), 25);
    expect(l[24]).toBeLessThan(l[0] - 0.3);
    disposeTrainRun(run);
  });

  it('weight decay skips norm gains and, by default, the embedding', async () => {
    // With zero gradients only decay moves a parameter: gains and embedding must stay put.
    const run = createTrainRun(tiny, cfg({ weightDecay: 0.5, lr: 0.1, warmupSteps: 0 }), 5);
    const before = await modelValues(run.model);
    tf.tidy(() => run.optimizer.apply(Object.fromEntries(run.model.params.map((p) => [p.name, tf.zerosLike(p.variable)]))));
    const after = await modelValues(run.model);
    expect(after['embedding']).toEqual(before['embedding']);
    expect(after['layers.0.mlpNorm']).toEqual(before['layers.0.mlpNorm']);
    expect(after['layers.0.attn.wq'][0]).toBeCloseTo(before['layers.0.attn.wq'][0] * (1 - 0.1 * 0.5), 6);
    disposeTrainRun(run);
  });
});

describe('checkpoints', () => {
  for (const optimizer of ['adamw', 'muon'] as const) {
    it(`resuming from a checkpoint gives the same losses as an uninterrupted run (${optimizer})`, async () => {
      const tokens = stream(300, 13);
      const config = cfg({ optimizer, totalSteps: 8 });
      const straight = createTrainRun(tiny, config, 11);
      const expected = await losses(straight, tokens, 8);

      const first = createTrainRun(tiny, config, 11);
      const head = await losses(first, tokens, 3);
      const bytes = encodeCheckpoint(await checkpointRun(first));
      disposeTrainRun(first);
      const resumed = restoreTrainRun(decodeCheckpoint(bytes));
      expect(resumed.optimizer.step).toBe(3);
      const tail = await losses(resumed, tokens, 5);

      expect([...head, ...tail]).toEqual(expected);
      expect(await modelValues(resumed.model)).toEqual(await modelValues(straight.model));
      disposeTrainRun(straight);
      disposeTrainRun(resumed);
    });
  }

  it('the plain-object form round-trips and the binary form rejects corrupt input', async () => {
    const run = createTrainRun(tiny, cfg(), 2);
    const ck = await checkpointRun(run);
    const bytes = encodeCheckpoint(ck);
    // Decoding from an unaligned view must work (files arrive at any offset).
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(decodeCheckpoint(shifted.subarray(1))).toEqual(ck);
    expect(() => decodeCheckpoint(new Uint8Array([1, 2, 3]))).toThrow(/bad magic/);
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 4))).toThrow(/data holds/);
    const badHeader = bytes.slice();
    badHeader[9] = 0x7b; // '{' where the JSON continues: breaks the JSON
    expect(() => decodeCheckpoint(badHeader)).toThrow(/header/);
    disposeTrainRun(run);
  });
});
