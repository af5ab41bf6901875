import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MinimalPair, Probe } from '../../src/lib/corpus/types.ts';
import { preset, type ModelConfig } from '../../src/lib/model/config.ts';
import { createModel, disposeModel, tokenNats, type Model } from '../../src/lib/model/model.ts';
import { paramSpecs, sizeOf } from '../../src/lib/model/params.ts';
import { Prng } from '../../src/lib/model/prng.ts';
import type { Tokenizer } from '../../src/lib/tokenizer/types.ts';
import { capText, documentItems, evalBitsPerByte, evalDocumentsBpb } from '../../src/lib/eval/bpb.ts';
import { encodeStream } from '../../src/lib/experiment/prepare.ts';
import { decode, generate, worstCaseDecodePasses } from '../../src/lib/eval/generate.ts';
import { newMeter, windowLength } from '../../src/lib/eval/meter.ts';
import { evalMinimalPairs } from '../../src/lib/eval/pairs.ts';
import { argmax, pickToken } from '../../src/lib/eval/pick.ts';
import { evalProbes } from '../../src/lib/eval/probes.ts';
import { exactMatch, pairCorrect, rankOfCorrect } from '../../src/lib/eval/rank.ts';
import { sampleText } from '../../src/lib/eval/sample.ts';
import { scoreItems } from '../../src/lib/eval/score.ts';
import { createTrainRun, disposeTrainRun, runStep } from '../../src/lib/train/run.ts';
import { trainConfig } from '../../src/lib/train/config.ts';
import { disposeStep } from '../../src/lib/train/step.ts';
import { useCpu } from './model-helpers.ts';
import { tensorsBesides } from '../helpers/tensors.ts';

beforeAll(useCpu);

/** Byte-level tokenizer for tests: ids 0–255 are bytes, 256 separates documents. */
const bytes: Tokenizer = {
  kind: 'byte',
  vocabSize: 257,
  separatorId: 256,
  encode: (text) => Int32Array.from(new TextEncoder().encode(text)),
  decode: (ids) => {
    let out = '';
    let run: number[] = [];
    const flush = () => {
      out += new TextDecoder().decode(Uint8Array.from(run));
      run = [];
    };
    for (const id of Array.from(ids)) {
      if (id === 256) {
        flush();
        out += '\n\n';
      } else run.push(id);
    }
    flush();
    return out;
  },
  toJSON: () => ({ kind: 'byte', version: 1 }),
};

const byteConfig = (o: Partial<ModelConfig> = {}) => preset('nano', 257, { nLayer: 1, dModel: 16, nHead: 2, mlpHidden: 32, contextLength: 8, ...o });

/** All-zero weights: every logit is 0, so every token has probability exactly 1/V. */
function uniformModel(c: ModelConfig): Model {
  const values = Object.fromEntries(paramSpecs(c).map((s) => [s.name, new Float32Array(sizeOf(s.shape))]));
  return createModel(c, 0, values);
}

describe('bits per byte', () => {
  it('a uniform model scores log2(V) bits per byte on byte-level text, every byte counted once', async () => {
    const m = uniformModel(byteConfig());
    const text = 'héllo, wörld ✓ — twenty-odd bytes';
    const before = tensorsBesides(m);
    const r = await evalBitsPerByte(m, bytes, text, { maxTokens: 1000, batchSize: 3 });
    expect(tensorsBesides(m)).toBe(before);
    expect(r.bytes).toBe(new TextEncoder().encode(text).length);
    expect(r.tokens).toBe(r.bytes);
    expect(r.truncated).toBe(false);
    expect(r.totalNats).toBeCloseTo(r.bytes * Math.log(257), 3);
    expect(r.bitsPerByte).toBeCloseTo(Math.log2(257), 5);
    disposeModel(m);
  });

  it('caps cost at maxTokens, cutting the text between characters', async () => {
    const text = 'ab✓'.repeat(20); // 5 bytes per repeat
    const capped = capText(bytes, text, 12);
    expect(capped.tokens.length).toBeLessThanOrEqual(12);
    expect(capped.tokens.length).toBeGreaterThanOrEqual(8);
    expect(text.startsWith(capped.text)).toBe(true);
    expect(new TextEncoder().encode(capped.text).length).toBe(capped.tokens.length);
    const m = uniformModel(byteConfig());
    const r = await evalBitsPerByte(m, bytes, text, { maxTokens: 12, batchSize: 2 });
    expect(r.truncated).toBe(true);
    expect(r.tokens).toBe(capped.tokens.length);
    disposeModel(m);
  });

  it('scores a set as separated documents: its bpb is the byte-weighted mean of its documents scored one by one', async () => {
    // A trained-looking model (random, non-uniform) so per-document numbers differ.
    const m = createModel(byteConfig({ initStd: 0.5, contextLength: 16 }), 7);
    const docs = ['the cat sat on the mat.', 'a dog ran.', 'héllo wörld, a longer document than one window of sixteen.'];
    const meter = newMeter();
    const set = await evalDocumentsBpb(m, bytes, docs, { maxTokens: 10_000, batchSize: 2, meter });
    const one = await Promise.all(docs.map((d) => evalBitsPerByte(m, bytes, d, { maxTokens: 10_000, batchSize: 1 })));
    const docBytes = docs.map((d) => new TextEncoder().encode(d).length);
    // Only document bytes count: the separators between documents are not text.
    expect(set.bytes).toBe(docBytes.reduce((a, b) => a + b, 0));
    expect(set.documents).toBe(3);
    expect(set.totalNats).toBeCloseTo(one.reduce((a, r) => a + r.totalNats, 0), 3);
    expect(set.bitsPerByte).toBeCloseTo(one.reduce((a, r, i) => a + r.bitsPerByte * docBytes[i], 0) / set.bytes, 5);
    // Joining the documents with "\n\n" (the old way) charges the model for newlines it never trains on.
    const joined = await evalBitsPerByte(m, bytes, docs.join('\n\n'), { maxTokens: 10_000, batchSize: 2 });
    expect(Math.abs(joined.bitsPerByte - set.bitsPerByte)).toBeGreaterThan(1e-3);
    // Each scored item is a document after the separator id, exactly as the training stream lays it out.
    const { items } = documentItems(bytes, docs, 10_000);
    expect(Int32Array.from(items.flatMap((i) => [...Array.from(i.context), ...Array.from(i.continuation)]))).toEqual(encodeStream(bytes, docs));
    expect(meter.passes).toBeGreaterThan(0);
    disposeModel(m);
  });

  it('spends the token budget on whole documents first and cuts only the last one', () => {
    const docs = ['aaaa', 'bbbb', 'cccc'];
    const r = documentItems(bytes, docs, 10);
    expect(r.items.map((i) => new TextDecoder().decode(Uint8Array.from(i.continuation)))).toEqual(['aaaa', 'bbbb', 'cc']);
    expect(r.tokens).toBe(10);
    expect(r.bytes).toBe(10);
    expect(r.truncated).toBe(true);
    expect(documentItems(bytes, docs, 12).truncated).toBe(false);
    expect(documentItems(bytes, docs, 8).truncated).toBe(true);
  });
});

describe('scoring', () => {
  it('equals the per-token loss of an unpadded forward pass, whatever the batching', async () => {
    const m = createModel(byteConfig({ initStd: 0.5 }), 5);
    const seq = [256, 10, 20, 30, 40, 50];
    // Direct: context [256, 10, 20, 30], continuation [40, 50] → nats of targets at positions 3 and 4.
    const direct = tf.tidy(() => {
      const nats = tokenNats(m, tf.tensor2d([seq.slice(0, 5)], [1, 5], 'int32'), tf.tensor2d([seq.slice(1, 6)], [1, 5], 'int32')).dataSync();
      return nats[3] + nats[4];
    });
    const items = [
      { context: [256, 10, 20, 30], continuation: [40, 50] },
      { context: [256], continuation: [1, 2, 3] },
      { context: [256, 10, 20, 30], continuation: [40, 50] },
    ];
    const one = await scoreItems(m, items, { batchSize: 1 });
    const four = await scoreItems(m, items, { batchSize: 4 });
    expect(one[0]).toBeCloseTo(direct, 4);
    expect(one[2]).toBeCloseTo(direct, 4);
    for (let i = 0; i < 3; i++) expect(four[i]).toBeCloseTo(one[i], 4);
    // A context longer than the window is left-truncated, not an error.
    expect((await scoreItems(m, [{ context: Array(20).fill(7), continuation: [1, 2] }], { batchSize: 1 }))[0]).toBeGreaterThan(0);
    // A continuation longer than the window is scored in chunks: same total as scoring them one by one.
    const long = Array.from({ length: 19 }, (_, i) => (i * 37) % 256);
    const whole = (await scoreItems(m, [{ context: [256], continuation: long }], { batchSize: 2 }))[0];
    const parts = await scoreItems(m, [
      { context: [256], continuation: long.slice(0, 8) },
      { context: long.slice(0, 8), continuation: long.slice(8, 16) },
      { context: long.slice(0, 16), continuation: long.slice(16) },
    ], { batchSize: 2 });
    expect(whole).toBeCloseTo(parts[0] + parts[1] + parts[2], 3);
    disposeModel(m);
  });
});

describe('ranking rules (pure)', () => {
  it('ranks by log-likelihood with ties counted against the answer', async () => {
    expect(rankOfCorrect([-1, -3, -2], 0)).toBe(1);
    expect(rankOfCorrect([-1, -3, -2], 2)).toBe(2);
    expect(rankOfCorrect([-1, -3, -2], 1)).toBe(3);
    expect(rankOfCorrect([-2, -2], 0)).toBe(2);
    expect(exactMatch(' Paris, of course', ' Paris')).toBe(true);
    expect(exactMatch('Paris', ' Paris')).toBe(false);
    expect(pairCorrect(-10, -12)).toBe(true);
    expect(pairCorrect(-10, -10)).toBe(false);
  });
});

describe('probes and minimal pairs', () => {
  it('under a uniform model, likelihood is set by token count alone', async () => {
    // Each token costs ln 257 nats, so the shortest candidate wins and equal lengths tie.
    const m = uniformModel(byteConfig({ contextLength: 16 }));
    const probe = (id: string, answer: string, candidates: string[]): Probe => ({ id, family: 'stories', kind: 'cloze', prompt: 'The cat', answer, candidates });
    const s = await evalProbes(m, bytes, [probe('short', ' a', [' abc', ' a', ' ab']), probe('long', ' ab', [' abc', ' a', ' ab']), probe('tie', ' x', [' x', ' y'])], { batchSize: 4 });
    expect(s.results.map((r) => r.rank)).toEqual([1, 2, 2]);
    expect(s.rankAccuracy).toBeCloseTo(1 / 3, 12);
    expect(s.rankChance).toBeCloseTo((1 / 3 + 1 / 3 + 1 / 2) / 3, 12);
    // Greedy decoding of a uniform model emits token 0 (argmax tie → lowest id): never an exact match,
    // and each row stops at its first token, which already rules the answer out.
    expect(s.exactMatch).toBe(0);
    expect(s.results.map((r) => r.generated)).toEqual(['\u0000', '\u0000', '\u0000']);

    const pairs: MinimalPair[] = [
      { id: 'p1', family: 'stories', good: 'a cat', bad: 'a cats' },
      { id: 'p2', family: 'stories', good: 'dogs', bad: 'dog' },
    ];
    const pr = await evalMinimalPairs(m, bytes, pairs, { batchSize: 3 });
    expect(pr.results.map((r) => r.correct)).toEqual([true, false]);
    expect(pr.results[0].good).toBeCloseTo(-5 * Math.log(257), 3);
    expect(pr.accuracy).toBe(0.5);
    disposeModel(m);
  });

  it('a model trained on a pattern ranks and generates the right answer', async () => {
    // A context that holds the longest probe (separator + prompt + candidate), so every probe is scored.
    const config = byteConfig({ dModel: 32, nHead: 2, mlpHidden: 64, contextLength: 28 });
    // Documents separated by the separator id, as in a real training stream.
    const doc = [...bytes.encode('the cat sat. the dog ran.'), bytes.separatorId];
    const tokens = Int32Array.from({ length: doc.length * 40 }, (_, i) => doc[i % doc.length]);
    const run = createTrainRun(config, trainConfig({ batchSize: 4, totalSteps: 120, warmupSteps: 5, lr: 1e-2, weightDecay: 0 }), 1);
    for (let i = 0; i < 120; i++) disposeStep(runStep(run, tokens));
    const probes: Probe[] = [
      { id: 'cat', family: 'stories', kind: 'cloze', prompt: 'the cat', answer: ' sat', candidates: [' ran', ' sat', ' dog'] },
      { id: 'dog', family: 'stories', kind: 'cloze', prompt: 'the cat sat. the dog', answer: ' ran', candidates: [' ran', ' sat', ' cat'] },
    ];
    const s = await evalProbes(run.model, bytes, probes, { batchSize: 4 });
    expect(s.results.map((r) => r.rank)).toEqual([1, 1]);
    // Each row stops as soon as the answer is complete.
    expect(s.results.map((r) => r.generated)).toEqual([' sat', ' ran']);
    expect(s.exactMatch).toBe(1);
    const pairs = await evalMinimalPairs(run.model, bytes, [{ id: 'x', family: 'stories', good: 'the cat sat. the dog ran.', bad: 'the cat ran. the dog sat.' }], { batchSize: 2 });
    expect(pairs.accuracy).toBe(1);
    disposeTrainRun(run);
  });
});

describe('decoding and its cost', () => {
  it('mixes rows of different lengths in a batch with the same results as one at a time, and counts every pass', async () => {
    const m = createModel(byteConfig({ initStd: 0.5, contextLength: 16 }), 4);
    const rows = [
      { prompt: [256, 65], maxNew: 9 },
      { prompt: [256, 66, 67, 68], maxNew: 2 },
      { prompt: [256], maxNew: 5 },
      { prompt: [256, 70, 71], maxNew: 1 },
      { prompt: [256, 72], maxNew: 4, done: (ids: readonly number[]) => ids.length === 3 },
    ];
    const opts = { maxNewTokens: 0, temperature: 0, topK: 0, seed: 0, batchSize: 2 };
    const meter = newMeter();
    const batched = await decode(m, rows, { ...opts, meter });
    const alone = await Promise.all(rows.map(async (r) => (await decode(m, [r], { ...opts, batchSize: 1 }))[0]));
    expect(batched).toEqual(alone);
    expect(batched.map((o) => o.length)).toEqual([9, 2, 5, 1, 3]);
    // No row stops before its cap except the last: the schedule's worst case with its real stop.
    expect(meter.passes).toBe(worstCaseDecodePasses([9, 2, 5, 1, 3], 2));
    expect(meter.positions).toBe(meter.passes * 2 * 16);
    disposeModel(m);
  });

  it('never scores a probe that the context cannot hold: it is counted, not decoded or ranked', async () => {
    const m = uniformModel(byteConfig({ contextLength: 16 }));
    const fits: Probe = { id: 'short', family: 'stories', kind: 'cloze', prompt: 'The cat', answer: ' a', candidates: [' a', ' b'] };
    const long: Probe = { ...fits, id: 'long', prompt: 'The cat sat on the mat and' }; // 1 + 26 + 2 > 17
    const meterOne = newMeter();
    const one = await evalProbes(m, bytes, [fits], { batchSize: 4, meter: meterOne });
    const meterBoth = newMeter();
    const both = await evalProbes(m, bytes, [fits, long], { batchSize: 4, meter: meterBoth });
    expect(both.outOfContext).toBe(1);
    expect(both.results[1]).toMatchObject({ inContext: false, exact: false, generated: '' });
    expect(both.results[1].rank).toBeUndefined();
    expect(both.exactMatch).toBe(one.exactMatch);
    expect(both.rankAccuracy).toBe(one.rankAccuracy);
    expect(meterBoth).toEqual(meterOne);
    disposeModel(m);
  });

  it('scores a worked problem by the number on its answer line, not by the wording of the solution', async () => {
    const config = byteConfig({ dModel: 32, nHead: 2, mlpHidden: 64, contextLength: 24 });
    const doc = [...bytes.encode('Q7. So 3+4. Answer: 7.'), bytes.separatorId];
    const tokens = Int32Array.from({ length: doc.length * 40 }, (_, i) => doc[i % doc.length]);
    const run = createTrainRun(config, trainConfig({ batchSize: 4, totalSteps: 150, warmupSteps: 5, lr: 1e-2, weightDecay: 0 }), 2);
    for (let i = 0; i < 150; i++) disposeStep(runStep(run, tokens));
    const probe = (id: string, answer: string, finalAnswer: string): Probe => ({ id, family: 'arithmetic', kind: 'final-answer', prompt: 'Q7.', answer, meta: { finalAnswer } });
    const s = await evalProbes(run.model, bytes, [
      probe('same', ' So 3+4. Answer: 7.', '7'),
      // Another worked solution with the same final number: still right by final answer.
      probe('other-solution', ' So 4+3. Answer: 7.', '7'),
      probe('wrong-number', ' So 3+4. Answer: 8.', '8'),
    ], { batchSize: 2 });
    // The last row stops at the first digit that rules its number out.
    expect(s.results.map((r) => r.generated)).toEqual([' So 3+4. Answer: 7.', ' So 3+4. Answer: 7.', ' So 3+4. Answer: 7']);
    expect(s.results.map((r) => [r.exactRule, r.exact])).toEqual([['final-answer', true], ['final-answer', true], ['final-answer', false]]);
    disposeTrainRun(run);
  });
});

describe('sampling', () => {
  it('picks by argmax at temperature 0 and respects top-k', async () => {
    expect(argmax([1, 5, 5, 2])).toBe(1);
    const rng = new Prng(1);
    const logits = [0, 3, 2.9, -1];
    expect(pickToken(logits, { temperature: 0, topK: 0 }, rng)).toBe(1);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 2000; i++) counts[pickToken(logits, { temperature: 1, topK: 2 }, rng)]++;
    expect(counts[0] + counts[3]).toBe(0);
    // p(1)/p(2) = e^0.1 ≈ 1.105 among the top two.
    expect(counts[1] / counts[2]).toBeGreaterThan(0.95);
    expect(counts[1] / counts[2]).toBeLessThan(1.3);
    const all = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) all[pickToken(logits, { temperature: 1, topK: 0 }, rng)]++;
    expect(all[0]).toBeGreaterThan(50); // e^0 / (e^0 + e^3 + e^2.9 + e^-1) ≈ 2.3%
  });

  it('is deterministic given the seed, independent of batching, and greedy equals top-1', async () => {
    const m = createModel(byteConfig({ initStd: 0.5 }), 3);
    const prompts = ['Once', 'A', 'The end'];
    const opts = { maxNewTokens: 6, temperature: 1, topK: 20, seed: 9, batchSize: 2 };
    const before = tensorsBesides(m);
    const a = await sampleText(m, bytes, prompts, opts);
    expect(tensorsBesides(m)).toBe(before);
    expect(await sampleText(m, bytes, prompts, opts)).toEqual(a);
    expect(await sampleText(m, bytes, prompts, { ...opts, batchSize: 3 })).toEqual(a);
    expect(await sampleText(m, bytes, prompts, { ...opts, seed: 10 })).not.toEqual(a);
    const ids = prompts.map((p) => [256, ...bytes.encode(p)]);
    const greedy = await generate(m, ids, { ...opts, temperature: 0 });
    expect(await generate(m, ids, { ...opts, topK: 1 })).toEqual(greedy);
    // Prompts longer than the context window keep only the most recent tokens.
    expect((await generate(m, [Array(30).fill(65)], { ...opts, temperature: 0 }))[0]).toHaveLength(6);
    disposeModel(m);
  });
});
