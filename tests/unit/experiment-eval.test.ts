// What one evaluation of an experiment costs, counted at the model call, and which probes it can score.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBaselineFromBytes } from '../../src/lib/baseline/index.ts';
import { preset as recipePreset } from '../../src/lib/corpus/index.ts';
import { newMeter } from '../../src/lib/eval/meter.ts';
import { defaultExperiment, type ExperimentConfig } from '../../src/lib/experiment/config.ts';
import { modelConfigFor } from '../../src/lib/experiment/derived-configs.ts';
import { evalCost } from '../../src/lib/experiment/eval-cost.ts';
import { evaluateModel } from '../../src/lib/experiment/evaluate.ts';
import { askedAs, probePrefixOf } from '../../src/lib/experiment/probe-prefix.ts';
import { prepareExperiment } from '../../src/lib/experiment/prepare.ts';
import { webTextFrom } from '../../src/lib/experiment/web-text.ts';
import { createModel, disposeModel } from '../../src/lib/model/model.ts';
import { useCpu } from './model-helpers.ts';
import { hasShared, needsShared, readSharedBytes } from '../../src/lib/baseline/shared-datasets.ts';

beforeAll(useCpu);


/**
 * Forward passes one evaluation of one run of the default experiment may make, at most. Before
 * evaluation was bounded it made 6,094 (5,611 of them decoding arithmetic worked solutions).
 */
const DEFAULT_EVAL_PASSES = 260;

describe('evaluation cost', () => {
  it.skipIf(!hasShared('c4/train.jsonl'))(`one evaluation of the default experiment makes at most ${DEFAULT_EVAL_PASSES} forward passes ${needsShared('c4/train.jsonl')}`, async () => {
    const config = defaultExperiment();
    const loaded = await loadBaselineFromBytes(readSharedBytes('c4/train.jsonl'), 'jsonl', {}, 'c4 train');
    const prepared = await prepareExperiment(config, webTextFrom(loaded, config));
    const cost = evalCost(prepared, config);
    console.log(`[eval cost] default experiment, worst case per evaluation: ${JSON.stringify(cost)}; probes that fit: ${JSON.stringify(prepared.probeFit)}`);
    expect(cost.total).toBeLessThanOrEqual(DEFAULT_EVAL_PASSES);
    // Arithmetic problems are longer than the default 128-token context: reported, never scored truncated.
    expect(prepared.probeFit.find((f) => f.family === 'arithmetic')).toEqual({ family: 'arithmetic', total: 48, outOfContext: 48 });

    // A real evaluation with the default config's batch, context, tokenizer, held-out sets and probes.
    // The pass count does not depend on the model's width, so a narrow model keeps the test fast.
    const model = createModel({ ...modelConfigFor(config, prepared.tokenizer.vocabSize), nLayer: 1, dModel: 8, nHead: 1, mlpHidden: 8 }, 1);
    const meter = newMeter();
    const { metrics } = await evaluateModel(model, prepared, config, { seed: config.seed, step: 0, meter });
    disposeModel(model);
    console.log(`[eval cost] counted: ${meter.passes} forward passes, ${meter.positions} token positions`);
    expect(meter.passes).toBeLessThanOrEqual(cost.total);
    // Scoring never stops early: those passes are all made, so the counter sees the real calls.
    expect(meter.passes).toBeGreaterThanOrEqual(cost.bpb + cost.ranking + cost.pairs);
    expect(Object.keys(metrics.bpb).sort()).toEqual(['arithmetic', 'biographies', 'stories', 'textbook', 'web']);
    expect(metrics.probeExact.arithmetic).toBeUndefined();
    expect(metrics.storyParse).toBeGreaterThanOrEqual(0);
    expect(metrics.storyGrammatical).toBeGreaterThanOrEqual(0);
    expect(metrics.storyGrammatical).toBeLessThanOrEqual(1);
  }, 300_000);

  it('scores arithmetic by final answer once the context holds the problems, at a bounded cost', async () => {
    const config: ExperimentConfig = { ...defaultExperiment(), corpus: { ...recipePreset('igsm-lite'), bytes: 100_000 }, baseline: { kind: 'none' }, runs: [{ name: 'arithmetic', share: 1 }] };
    config.model = { ...config.model, contextLength: 640 };
    const prepared = await prepareExperiment(config, null);
    expect(prepared.probeFit).toEqual([{ family: 'arithmetic', total: 48, outOfContext: 0 }]);
    const cost = evalCost(prepared, config);
    console.log(`[eval cost] arithmetic at context 640, worst case per evaluation: ${JSON.stringify(cost)}`);
    // 48 worked solutions of at most ~225 tokens (+ slack), 16 rows at a time.
    expect(cost.exact).toBeLessThanOrEqual(3 * 300);
  });
});

describe('probes asked as a run trained', () => {
  it('a run on tagged biographies reads the tag before its biography probes; other runs and families read none', () => {
    const bios = recipePreset('bios-single');
    expect(probePrefixOf(bios)).toBeUndefined();
    const tagged = probePrefixOf({ ...bios, biographies: { ...bios.biographies, tag: true } });
    expect(tagged).toEqual({ biographies: '<bio> ' });
    const probes = [{ prompt: "Ann Lee's childhood was spent in", answer: ' Oslo' }];
    expect(askedAs(probes, tagged!.biographies)).toEqual([{ prompt: "<bio> Ann Lee's childhood was spent in", answer: ' Oslo' }]);
    expect(askedAs(probes, undefined)).toBe(probes);
    expect(tagged!.stories).toBeUndefined();
    expect(probePrefixOf({ ...bios, biographies: { ...bios.biographies, tag: true, tagToken: true } })).toEqual({ biographies: '^' });
    expect(probePrefixOf({ ...bios, biographies: { ...bios.biographies, tag: false, tagToken: true } })).toBeUndefined();
  });
});
