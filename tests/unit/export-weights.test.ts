// Checkpoint → safetensors + config.json, as a library call and as `npm run export-weights`: a checkpoint
// of a model trained a few steps converts to a file whose tensors load back into a model with exactly the
// trained model's logits, config.json is the Llama config of the checkpoint's model, the tokenizer must be
// exactly the one the checkpoint records (a BPE of the same size with other merges is refused), and bad
// input gets exit code 2 with a message.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliPath, runCli, scratchDirs } from './cli-helpers.ts';
import { checkpointToLlama, TokenizerMismatchError } from '../../src/lib/export/checkpoint-weights.ts';
import { toLlamaConfig } from '../../src/lib/export/llama-config.ts';
import { importLlamaSafetensors } from '../../src/lib/export/llama.ts';
import { tokenizerDigest } from '../../src/lib/export/tokenizer-digest.ts';
import { exportTokenizer, importTokenizer } from '../../src/lib/export/tokenizer-json.ts';
import { createModel, disposeModel, forwardLogits, type Model } from '../../src/lib/model/model.ts';
import { buildTokenizer, type Tokenizer } from '../../src/lib/tokenizer/index.ts';
import { checkpointRun, createTrainRun, decodeCheckpoint, disposeTrainRun, encodeCheckpoint, readStep, runStep, trainConfig, type Checkpoint } from '../../src/lib/train/index.ts';
import { int2d, tinyConfig, useCpu } from './model-helpers.ts';

const CLI = cliPath('export-weights.ts');
const dir = scratchDirs('synthlab-weights-')();
const IDS = Array.from({ length: 2 * 6 }, (_, i) => (i * 7 + 3) % 257);
const BYTE = buildTokenizer({ kind: 'byte' }, () => [], 0);
/** Two BPEs of the same vocabulary size trained on different text: same size, other merges. */
const sample = (words: string[]) => Array.from({ length: 300 }, (_, i) => `${words[i % words.length]} ${words[(i * 3 + 1) % words.length]} ${i}.`);
const BPE_RUN = buildTokenizer({ kind: 'bpe', vocabSize: 300 }, () => sample(['the cat', 'sat on', 'a mat', 'and purred', 'softly']), 1);
const BPE_OTHER = buildTokenizer({ kind: 'bpe', vocabSize: 300 }, () => sample(['rivers run', 'to the sea', 'under grey', 'skies']), 1);

/** Checkpoint of the trained byte-level model, recording its tokenizer. */
let ck: Checkpoint;
/** The same weights as a file written before checkpoints recorded their tokenizer. */
let ckOld: Checkpoint;
/** An untrained model of BPE_RUN's vocabulary, recording BPE_RUN. */
let ckBpe: Checkpoint;
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
  ckOld = { ...(await checkpointRun(run)), origin: { runId: 'r1', experiment: 'a'.repeat(64) } };
  ck = { ...ckOld, origin: { runId: 'r1', experiment: 'a'.repeat(64), tokenizer: tokenizerDigest(BYTE) } };
  trainedLogits = await logitsOf(run.model);
  disposeTrainRun(run);
  const bpeRun = createTrainRun(tinyConfig({ vocabSize: 300 }), trainConfig({ optimizer: 'adamw', batchSize: 2, totalSteps: 1, warmupSteps: 0 }), 6);
  ckBpe = { ...(await checkpointRun(bpeRun)), origin: { runId: 'r0', experiment: 'b'.repeat(64), tokenizer: tokenizerDigest(BPE_RUN) } };
  disposeTrainRun(bpeRun);
  ckFile = join(dir, 'r1.step3.slck');
  writeFileSync(ckFile, encodeCheckpoint(ck));
});

const cli = (args: string[]) => runCli(CLI, args);
const writeTokenizer = (file: string, tok: Tokenizer) => writeFileSync(file, JSON.stringify(exportTokenizer(tok)) + '\n');

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
    expect(() => checkpointToLlama(encodeCheckpoint(ckOld), { tokenizer: BPE_RUN })).toThrow(/300 ids but the checkpoint's model has a vocabulary of 257/);
    expect(() => checkpointToLlama(new TextEncoder().encode('not a checkpoint'))).toThrow(/bad magic/);
  });

  it('accepts exactly the tokenizer the checkpoint records and refuses one of the same size with other merges', () => {
    // The premise: both BPEs have the model's vocabulary size, so a size check alone would pass either.
    expect([BPE_RUN.vocabSize, BPE_OTHER.vocabSize]).toEqual([300, 300]);
    expect(exportTokenizer(BPE_OTHER).merges).not.toEqual(exportTokenizer(BPE_RUN).merges);
    const bytes = encodeCheckpoint(ckBpe);
    const ok = checkpointToLlama(bytes, { tokenizer: BPE_RUN });
    expect(ok.tokenizerCheck).toBe('digest');
    expect(ok.tokenizerDigest).toBe(tokenizerDigest(BPE_RUN));
    expect(() => checkpointToLlama(bytes, { tokenizer: BPE_OTHER })).toThrow(TokenizerMismatchError);
    expect(() => checkpointToLlama(bytes, { tokenizer: BPE_OTHER })).toThrow(/not the one this checkpoint's run trained with.*tokenizer\.json.*--checkpoints DIR.*Tokenizer \(JSON\)/);
    // The digest survives the file round trip, and a tokenizer re-imported from its file still matches.
    expect(decodeCheckpoint(bytes).origin?.tokenizer).toBe(tokenizerDigest(BPE_RUN));
    expect(tokenizerDigest(importTokenizer(JSON.parse(JSON.stringify(exportTokenizer(BPE_RUN)))))).toBe(tokenizerDigest(BPE_RUN));
  });

  it('refuses a checkpoint whose tokenizer record is malformed or misnamed', () => {
    expect(() => checkpointToLlama(encodeCheckpoint({ ...ck, origin: { runId: 'r1', experiment: 'a'.repeat(64), tokenizer: 'not-a-digest' } }))).toThrow(/64-hex tokenizer digest/);
    // A misspelt field would otherwise pass as an older file and skip the check: refused too.
    const bytes = encodeCheckpoint(ck);
    const at = Buffer.from(bytes).indexOf('"tokenizer":');
    expect(at).toBeGreaterThan(0);
    bytes.set(new TextEncoder().encode('"tokeniser":'), at);
    expect(() => checkpointToLlama(bytes)).toThrow(/checkpoint origin must hold a run id, a 64-hex experiment fingerprint and optionally a 64-hex tokenizer digest, nothing else/);
  });

  it('still converts checkpoints that predate the tokenizer record, checking only the vocabulary size', () => {
    const w = checkpointToLlama(encodeCheckpoint(ckOld), { tokenizer: BYTE });
    expect(w.tokenizerCheck).toBe('vocabulary');
    expect(w.tokenizerDigest).toBeNull();
    expect(checkpointToLlama(encodeCheckpoint(ck)).tokenizerCheck).toBeNull();
  });
});

describe('export-weights CLI', () => {
  /** A folder holding `ck` as a checkpoint file, and `beside` as its tokenizer.json when given. */
  function folder(name: string, checkpoint: Checkpoint, beside?: Tokenizer): string {
    const d = join(dir, name);
    mkdirSync(d);
    const file = join(d, `${checkpoint.origin?.runId ?? 'r'}.step${checkpoint.step}.slck`);
    writeFileSync(file, encodeCheckpoint(checkpoint));
    if (beside) writeTokenizer(join(d, 'tokenizer.json'), beside);
    return file;
  }

  it('writes model.safetensors, config.json and the checked tokenizer, found beside the checkpoint when not given', { timeout: 120_000 }, async () => {
    const file = folder('exp', ck, BYTE);
    const tokFile = join(dir, 'exp', 'tokenizer.json');
    const [given, found] = await Promise.all([
      cli(['--checkpoint', file, '--out', join(dir, 'hf'), '--tokenizer', tokFile]),
      cli(['--checkpoint', file, '--out', join(dir, 'hf-found')]),
    ]);
    expect(given.stderr).toBe('');
    expect(given.code).toBe(0);
    expect(given.stdout).toMatch(/step 3, run r1/);
    expect(given.stdout).toMatch(/tokenizer\.json .*digest matches the checkpoint/);
    for (const out of ['hf', 'hf-found']) {
      const bytes = new Uint8Array(readFileSync(join(dir, out, 'model.safetensors')));
      expect(await logitsFromSafetensors(bytes)).toEqual(trainedLogits);
      expect(JSON.parse(readFileSync(join(dir, out, 'config.json'), 'utf8'))).toEqual(toLlamaConfig(ck.modelConfig, 256));
      expect(readFileSync(join(dir, out, 'tokenizer.json'), 'utf8')).toBe(readFileSync(tokFile, 'utf8'));
    }
    expect(found.code, found.stderr).toBe(0);
    expect(found.stderr).toBe(`using the tokenizer beside the checkpoint: ${tokFile}\n`);
  });

  it('refuses a same-size BPE with other merges (given or beside the checkpoint) and accepts the run\'s own', { timeout: 120_000 }, async () => {
    const file = folder('bpe', ckBpe, BPE_OTHER);
    const own = join(dir, 'own.tokenizer.json');
    writeTokenizer(own, BPE_RUN);
    const other = join(dir, 'bpe', 'tokenizer.json');
    const [beside, given, right] = await Promise.all([
      cli(['--checkpoint', file, '--out', join(dir, 'no1')]),
      cli(['--checkpoint', file, '--out', join(dir, 'no2'), '--tokenizer', other]),
      cli(['--checkpoint', file, '--out', join(dir, 'yes'), '--tokenizer', own]),
    ]);
    expect(beside.code).toBe(2);
    expect(beside.stderr).toContain(`${other} (found beside the checkpoint) does not fit ${file}: the tokenizer is not the one this checkpoint's run trained with (the checkpoint records tokenizer ${tokenizerDigest(BPE_RUN)}`);
    expect(given.code).toBe(2);
    expect(given.stderr).toContain(`${other} does not fit ${file}`);
    expect(given.stderr).toMatch(/tokenizer\.json that `npm run experiment -- --checkpoints DIR` wrote beside the checkpoints/);
    expect(right.code, right.stderr).toBe(0);
    expect(readFileSync(join(dir, 'yes', 'tokenizer.json'), 'utf8')).toBe(readFileSync(own, 'utf8'));
  });

  it('warns that an older checkpoint\'s pairing cannot be verified, and says which tokenizer is needed when none is given', { timeout: 120_000 }, async () => {
    const old = folder('old', ckOld);
    const bare = folder('bare', ck);
    const tokFile = join(dir, 'byte.tokenizer.json');
    writeTokenizer(tokFile, BYTE);
    const [unverified, none] = await Promise.all([
      cli(['--checkpoint', old, '--out', join(dir, 'old-out'), '--tokenizer', tokFile]),
      cli(['--checkpoint', bare, '--out', join(dir, 'bare-out')]),
    ]);
    expect(unverified.code, unverified.stderr).toBe(0);
    expect(unverified.stderr).toMatch(/warning: this checkpoint predates tokenizer records, so only the vocabulary size \(257\) could be checked/);
    expect(unverified.stdout).toMatch(/same vocabulary size \(unverified: older checkpoint\)/);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stderr).toContain(`no tokenizer given, so none was checked or copied. The weights only make sense with the tokenizer their run trained with (tokenizer ${tokenizerDigest(BYTE)})`);
    expect(none.stdout).toMatch(/not written \(no tokenizer given\)/);
  });

  it('exits 2 with a message on bad arguments and bad files', { timeout: 120_000 }, async () => {
    const junk = join(dir, 'junk.slck');
    writeFileSync(junk, 'SLCK but not really');
    const old = join(dir, 'old-alone.slck');
    writeFileSync(old, encodeCheckpoint(ckOld));
    const bpe = join(dir, 'bpe.json');
    writeTokenizer(bpe, BPE_RUN);
    const cases: Array<[string[], RegExp]> = [
      [['--out', join(dir, 'x')], /missing --checkpoint/],
      [['--checkpoint', ckFile], /missing --out/],
      [['--checkpoint', join(dir, 'nope.slck'), '--out', join(dir, 'x')], /cannot read the checkpoint/],
      [['--checkpoint', junk, '--out', join(dir, 'x')], /junk\.slck: checkpoint header length/],
      [['--checkpoint', old, '--out', join(dir, 'x'), '--tokenizer', bpe], /bpe\.json does not fit .*old-alone\.slck: the tokenizer has 300 ids but the checkpoint's model has a vocabulary of 257/],
      [['--checkpoint', ckFile, '--out', join(dir, 'x'), '--tokenizer', join(dir, 'nope.json')], /cannot read the tokenizer/],
      [['--checkpoint', ckFile, '--out', join(dir, 'x'), '--frob', '1'], /unknown option --frob/],
    ];
    const results = await Promise.all(cases.map(([args]) => cli(args)));
    for (const [i, [args, message]] of cases.entries()) {
      expect(results[i].code, args.join(' ')).toBe(2);
      expect(results[i].stderr).toMatch(message);
    }
  });
});
