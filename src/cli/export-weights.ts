// `npm run export-weights`: a checkpoint (.slck, from the lab's export menu or `npm run experiment --
// --checkpoints DIR`) → DIR/model.safetensors + DIR/config.json, which Hugging Face transformers loads
// as LlamaForCausalLM, or PhiForCausalLM for a phi-style model (see docs/outgrowing-the-browser.md). The run's tokenizer.json (--tokenizer, or the
// one beside the checkpoint) is checked against the digest the checkpoint records and copied beside
// them, so DIR is self-contained and its weights cannot be paired with another tokenizer.
// Bad arguments or input files exit with code 2, a failure while writing with code 1.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { messageOf } from '../lib/baseline/errors.ts';
import { checkpointToLlama, MATCHING_TOKENIZER_HINT, TokenizerMismatchError, type CheckpointWeights } from '../lib/export/checkpoint-weights.ts';
import { importTokenizer } from '../lib/export/tokenizer-json.ts';
import type { Tokenizer } from '../lib/tokenizer/index.ts';

const USAGE =
  'usage: npm run export-weights -- --checkpoint FILE.slck --out DIR [--tokenizer tokenizer.json]\n' +
  '  writes DIR/model.safetensors and DIR/config.json (Hugging Face Llama names, or Phi names for a phi-style\n' +
  '  model). The tokenizer (--tokenizer,\n' +
  '  else the tokenizer.json beside the checkpoint, if any) must be the one the run trained with; it is\n' +
  '  checked against the checkpoint and copied to DIR/tokenizer.json';

class InputError extends Error {}

interface Args {
  checkpoint: string;
  out: string;
  tokenizer?: string;
}

function parseArgs(argv: readonly string[]): Args {
  const opts = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!['--checkpoint', '--out', '--tokenizer'].includes(a)) throw new InputError(a.startsWith('--') ? `unknown option ${a}` : `unexpected argument "${a}"`);
    const v = argv[++i];
    if (v === undefined || v.startsWith('--')) throw new InputError(`${a} needs a value`);
    opts.set(a.slice(2), v);
  }
  for (const k of ['checkpoint', 'out']) if (!opts.has(k)) throw new InputError(`missing --${k}`);
  return { checkpoint: opts.get('checkpoint')!, out: opts.get('out')!, tokenizer: opts.get('tokenizer') };
}

function read(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new InputError(`cannot read the ${what} ${file}: ${messageOf(e)}`);
  }
}

/** The tokenizer file to pair with: --tokenizer, else tokenizer.json in the checkpoint's folder when there is one. */
function tokenizerFile(args: Args): { file: string; beside: boolean } | null {
  if (args.tokenizer) return { file: args.tokenizer, beside: false };
  const beside = join(dirname(args.checkpoint), 'tokenizer.json');
  return existsSync(beside) ? { file: beside, beside: true } : null;
}

function loadTokenizer(file: string): Tokenizer {
  try {
    return importTokenizer(JSON.parse(read(file, 'tokenizer').toString('utf8')));
  } catch (e) {
    throw e instanceof InputError ? e : new InputError(`${file}: ${messageOf(e)}`);
  }
}

/** What the user must know about the pairing of weights and tokenizer, for stderr; '' when nothing. */
function pairingNote(weights: CheckpointWeights, tok: { file: string; beside: boolean } | null): string {
  const using = tok?.beside ? `using the tokenizer beside the checkpoint: ${tok.file}\n` : '';
  if (weights.tokenizerCheck === 'vocabulary') {
    return `${using}warning: this checkpoint predates tokenizer records, so only the vocabulary size (${weights.config.vocab_size}) could be checked: make sure ${tok!.file} is the tokenizer its run trained with.\n`;
  }
  if (weights.tokenizerCheck === null) {
    const needs = weights.tokenizerDigest ? ` (tokenizer ${weights.tokenizerDigest})` : '';
    return `note: no tokenizer given, so none was checked or copied. The weights only make sense with the tokenizer their run trained with${needs}: pass it with --tokenizer. ${MATCHING_TOKENIZER_HINT}\n`;
  }
  return using;
}

function main(): number {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  let args: Args;
  let weights: CheckpointWeights;
  let tok: { file: string; beside: boolean } | null;
  try {
    args = parseArgs(argv);
    tok = tokenizerFile(args);
    const tokenizer = tok ? loadTokenizer(tok.file) : undefined;
    try {
      weights = checkpointToLlama(new Uint8Array(read(args.checkpoint, 'checkpoint')), { tokenizer });
    } catch (e) {
      if (e instanceof TokenizerMismatchError && tok) throw new InputError(`${tok.file}${tok.beside ? ' (found beside the checkpoint)' : ''} does not fit ${args.checkpoint}: ${e.message}`);
      throw e instanceof InputError ? e : new InputError(`${args.checkpoint}: ${messageOf(e)}`);
    }
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`export-weights: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  process.stderr.write(pairingNote(weights, tok));
  try {
    mkdirSync(args.out, { recursive: true });
    writeFileSync(join(args.out, 'model.safetensors'), weights.safetensors);
    writeFileSync(join(args.out, 'config.json'), JSON.stringify(weights.config, null, 2) + '\n');
    if (tok) copyFileSync(tok.file, join(args.out, 'tokenizer.json'));
  } catch (e) {
    process.stderr.write(`export-weights: ${messageOf(e)}\n`);
    return 1;
  }
  const c = weights.config;
  const pairing = weights.tokenizerCheck === 'digest' ? 'the run\'s own (digest matches the checkpoint)' : weights.tokenizerCheck === 'vocabulary' ? 'same vocabulary size (unverified: older checkpoint)' : 'none';
  process.stdout.write(
    `model.safetensors  ${weights.safetensors.length} bytes (step ${weights.step}${weights.runId ? `, run ${weights.runId}` : ''})\n` +
      `config.json        ${c.architectures[0]}: ${c.num_hidden_layers} layers, hidden ${c.hidden_size}, ${c.num_attention_heads} heads, vocab ${c.vocab_size}, context ${c.max_position_embeddings}\n` +
      `tokenizer.json     ${tok ? `${tok.file}: ${pairing}` : 'not written (no tokenizer given)'}\n` +
      `written to         ${args.out}\n`,
  );
  return 0;
}

process.exitCode = main();
