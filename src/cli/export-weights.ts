// `npm run export-weights`: a checkpoint (.slck, from the lab's export menu or `npm run experiment --
// --checkpoints DIR`) → DIR/model.safetensors + DIR/config.json, which Hugging Face transformers loads
// as LlamaForCausalLM (see docs/outgrowing-the-browser.md). With --tokenizer, the run's tokenizer.json is
// checked against the model and copied beside them, so DIR is self-contained.
// Bad arguments or input files exit with code 2, a failure while writing with code 1.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkpointToLlama } from '../lib/export/checkpoint-weights.ts';
import { importTokenizer } from '../lib/export/tokenizer-json.ts';
import type { Tokenizer } from '../lib/tokenizer/index.ts';

const USAGE =
  'usage: npm run export-weights -- --checkpoint FILE.slck --out DIR [--tokenizer tokenizer.json]\n' +
  '  writes DIR/model.safetensors and DIR/config.json (Hugging Face Llama names); --tokenizer checks the\n' +
  '  tokenizer against the model and copies it to DIR/tokenizer.json';

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
    throw new InputError(`cannot read the ${what} ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function main(): number {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  let args: Args;
  let weights: ReturnType<typeof checkpointToLlama>;
  try {
    args = parseArgs(argv);
    let tokenizer: Tokenizer | undefined;
    if (args.tokenizer) {
      try {
        tokenizer = importTokenizer(JSON.parse(read(args.tokenizer, 'tokenizer').toString('utf8')));
      } catch (e) {
        throw e instanceof InputError ? e : new InputError(`${args.tokenizer}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    try {
      weights = checkpointToLlama(new Uint8Array(read(args.checkpoint, 'checkpoint')), { tokenizer });
    } catch (e) {
      throw e instanceof InputError ? e : new InputError(`${args.checkpoint}: ${e instanceof Error ? e.message : String(e)}`);
    }
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`export-weights: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  try {
    mkdirSync(args.out, { recursive: true });
    writeFileSync(join(args.out, 'model.safetensors'), weights.safetensors);
    writeFileSync(join(args.out, 'config.json'), JSON.stringify(weights.config, null, 2) + '\n');
    if (args.tokenizer) copyFileSync(args.tokenizer, join(args.out, 'tokenizer.json'));
  } catch (e) {
    process.stderr.write(`export-weights: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const c = weights.config;
  process.stdout.write(
    `model.safetensors  ${weights.safetensors.length} bytes (step ${weights.step}${weights.runId ? `, run ${weights.runId}` : ''})\n` +
      `config.json        LlamaForCausalLM: ${c.num_hidden_layers} layers, hidden ${c.hidden_size}, ${c.num_attention_heads} heads, vocab ${c.vocab_size}, context ${c.max_position_embeddings}\n` +
      `written to         ${args.out}\n`,
  );
  return 0;
}

process.exitCode = main();
