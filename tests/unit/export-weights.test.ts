// Checkpoint → safetensors + config.json, as a library call and as `npm run export-weights`: a checkpoint
// of a model trained a few steps converts to a file whose tensors load back into a model with exactly the
// trained model's logits, config.json is the Llama config of the checkpoint's model, and bad input gets
// exit code 2 with a message.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliPath, runCli, scratchDirs } from './cli-helpers.ts';
import { checkpointToLlama } from '../../src/lib/export/checkpoint-weights.ts';
import { toLlamaConfig } from '../../src/lib/export/llama-config.ts';
import { importLlamaSafetensors } from '../../src/lib/export/llama.ts';
import { exportTokenizer } from '../../src/lib/export/tokenizer-json.ts';
import { createModel, disposeModel, forwardLogits, type Model } from '../../src/lib/model/model.ts';
import { buildTokenizer } from '../../src/lib/tokenizer/index.ts';
import { checkpointRun, createTrainRun, disposeTrainRun, encodeCheckpoint, readStep, runStep, trainConfig, type Checkpoint } from '../../src/lib/train/index.ts';
import { int2d, tinyConfig, useCpu } from './model-helpers.ts';

const CLI = cliPath('export-weights.ts');
const dir = scratchDirs('synthlab-weights-')();
const IDS = Array.from({ length: 2 * 6 }, (_, i) => (i * 7 + 3) % 257);

let ck: Checkpoint;
let trainedLogits: Float32Array;
let ckFile: string;

async function logitsOf(model: Model): Promise<Float32Array> {
  const t = tf.tidy(() => forwardLogits(model, int2d(IDS, 2, 6)));
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
}

beforeAll(async () => {
  await useCpu();
  const run = createTrainRun(tinyConfig({ vocabSize: 257 }), trainConfig({ optimizer: 'adamw', batchSize: 2, totalSteps: 3, warmupSteps: 0, lr: 1e-2, weightDecay: 0.1, gradClip: 1 }), 5);
  const stream = Int32Array.from({ length: 400 }, (_, i) => (i * 31 + 7) % 257);
  for (let i = 0; i < 3; i++) await readStep(runStep(run, stream));
  ck = { ...(await checkpointRun(run)), origin: { runId: 'r1', experiment: 'a'.repeat(64) } };
  trainedLogits = await logitsOf(run.model);
  disposeTrainRun(run);
  ckFile = join(dir, 'r1.step3.slck');
  writeFileSync(ckFile, encodeCheckpoint(ck));
});

const cli = (args: string[]) => runCli(CLI, args);

async function logitsFromSafetensors(bytes: Uint8Array): Promise<Float32Array> {
  const { config, values } = importLlamaSafetensors(bytes);
  const model = createModel(config, 0, values);
  const out = await logitsOf(model);
  disposeModel(model);
  return out;
}

describe('checkpointToLlama', () => {
  it('gives weights that load into a model with exactly the trained logits, and the Llama config', async () => {
    const w = checkpointToLlama(encodeCheckpoint(ck));
    expect(w.step).toBe(3);
    expect(w.runId).toBe('r1');
    expect(w.config).toEqual(toLlamaConfig(ck.modelConfig, 256));
    const { values } = importLlamaSafetensors(w.safetensors);
    for (const [name, v] of Object.entries(ck.params)) expect(values[name], name).toEqual(v);
    expect(await logitsFromSafetensors(w.safetensors)).toEqual(trainedLogits);
  });

  it('refuses a tokenizer of another vocabulary and a file that is not a checkpoint', () => {
    expect(() => checkpointToLlama(encodeCheckpoint(ck), { tokenizer: { vocabSize: 512, separatorId: 256 } })).toThrow(/512 ids but the checkpoint's model has a vocabulary of 257/);
    expect(() => checkpointToLlama(new TextEncoder().encode('not a checkpoint'))).toThrow(/bad magic/);
  });
});

describe('export-weights CLI', () => {
  it('writes model.safetensors, config.json and the checked tokenizer', { timeout: 120_000 }, async () => {
    const tokFile = join(dir, 'tokenizer.json');
    writeFileSync(tokFile, JSON.stringify(exportTokenizer(buildTokenizer({ kind: 'byte' }, () => [], 0))));
    const out = join(dir, 'hf');
    const r = await cli(['--checkpoint', ckFile, '--out', out, '--tokenizer', tokFile]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/step 3, run r1/);
    const bytes = new Uint8Array(readFileSync(join(out, 'model.safetensors')));
    expect(await logitsFromSafetensors(bytes)).toEqual(trainedLogits);
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'))).toEqual(toLlamaConfig(ck.modelConfig, 256));
    expect(readFileSync(join(out, 'tokenizer.json'), 'utf8')).toBe(readFileSync(tokFile, 'utf8'));
  });

  it('exits 2 with a message on bad arguments and bad files', { timeout: 120_000 }, async () => {
    const junk = join(dir, 'junk.slck');
    writeFileSync(junk, 'SLCK but not really');
    const bpe = join(dir, 'bpe.json');
    writeFileSync(bpe, JSON.stringify(exportTokenizer(buildTokenizer({ kind: 'bpe', vocabSize: 300 }, () => ['the cat sat on the mat '.repeat(50)], 1))));
    const cases: Array<[string[], RegExp]> = [
      [['--out', join(dir, 'x')], /missing --checkpoint/],
      [['--checkpoint', ckFile], /missing --out/],
      [['--checkpoint', join(dir, 'nope.slck'), '--out', join(dir, 'x')], /cannot read the checkpoint/],
      [['--checkpoint', junk, '--out', join(dir, 'x')], /junk\.slck: checkpoint header length/],
      [['--checkpoint', ckFile, '--out', join(dir, 'x'), '--tokenizer', bpe], /the tokenizer has 2[6-9][0-9] ids but the checkpoint's model has a vocabulary of 257/],
      [['--checkpoint', ckFile, '--out', join(dir, 'x'), '--frob', '1'], /unknown option --frob/],
    ];
    const results = await Promise.all(cases.map(([args]) => cli(args)));
    for (const [i, [args, message]] of cases.entries()) {
      expect(results[i].code, args.join(' ')).toBe(2);
      expect(results[i].stderr).toMatch(message);
    }
  });
});
