// Command-line arguments of `npm run corpus`: parsed and checked before any work starts, so every
// mistake is one clear message (exit code 2) and never a half-written output.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { MAX_BYTES_OFFLINE, PRESETS, validateRecipe, type Recipe } from '../lib/corpus/index.ts';
import { MAX_BPE_VOCAB, type TokenizerSpec } from '../lib/tokenizer/index.ts';

export const USAGE =
  'usage: npm run corpus -- --recipe <preset|file.json> --seed N [--bytes N] (--out FILE | --shards DIR | both)\n' +
  '         [--web FILE] [--probes N] [--tokenizer byte|bpe:VOCAB] [--shard-tokens N] [--val-bytes N] [--jsonl]\n' +
  `  presets: ${Object.keys(PRESETS).join(', ')}\n` +
  '  --out FILE      the corpus as text (documents separated by a blank line) and FILE.probes.jsonl\n' +
  '  --shards DIR    llm.c token shards (train_*.bin, val_*.bin), tokenizer.json, manifest.json, probes.jsonl\n' +
  `  --bytes N       corpus size in bytes (up to ${MAX_BYTES_OFFLINE}); memory stays flat whatever the size\n` +
  '  --web FILE      real web text for biography dilution (documents separated by blank lines)\n' +
  '  --probes N      probes per family (default 200)\n' +
  'shard options:\n' +
  `  --tokenizer     byte (default) or bpe:VOCAB with VOCAB in [257, ${MAX_BPE_VOCAB}], trained on the first ~4 MB\n` +
  '  --shard-tokens  tokens per shard (default 10000000; the last shard is shorter)\n' +
  '  --val-bytes     held-out bytes per family (default 1000000)\n' +
  '  --jsonl         also write DIR/corpus.jsonl ({"text": ...} per document)';

export class UsageError extends Error {}

export interface CorpusArgs {
  recipe: Recipe;
  seed: string;
  /** Text output file (with FILE.probes.jsonl beside it). */
  out?: string;
  /** Shard output directory. */
  shards?: {
    dir: string;
    tokenizer: TokenizerSpec;
    shardTokens: number;
    valBytes: number;
    jsonl: boolean;
  };
  web?: string[];
  probesPerFamily: number;
}

const VALUED = ['recipe', 'seed', 'bytes', 'out', 'shards', 'web', 'probes', 'tokenizer', 'shard-tokens', 'val-bytes'];
const SHARD_ONLY = ['tokenizer', 'shard-tokens', 'val-bytes'];
const DEFAULT_SHARD_TOKENS = 10_000_000;
const DEFAULT_VAL_BYTES = 1_000_000;

function positiveInt(name: string, v: string, max: number): number {
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) throw new UsageError(`--${name} must be an integer in [1, ${max}], got "${v}"`);
  return Number(v);
}

function readRecipe(spec: string, bytes: string | undefined): Recipe {
  let raw: unknown;
  if (Object.prototype.hasOwnProperty.call(PRESETS, spec)) raw = { preset: spec };
  else {
    let text: string;
    try {
      text = readFileSync(spec, 'utf8');
    } catch {
      throw new UsageError(`--recipe "${spec}" is neither a preset nor a readable file`);
    }
    try {
      raw = JSON.parse(text) as unknown;
    } catch (e) {
      throw new UsageError(`--recipe ${spec}: invalid JSON (${e instanceof Error ? e.message : 'parse error'})`);
    }
  }
  if (bytes !== undefined) {
    if (!/^\d+$/.test(bytes) || Number(bytes) < 1) throw new UsageError(`--bytes must be a positive integer, got "${bytes}"`);
    if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) raw = { ...raw, bytes: Number(bytes) };
  }
  // The command line is where large corpora are made on purpose: allow the offline limit.
  const v = validateRecipe(raw, { maxBytes: MAX_BYTES_OFFLINE });
  if (!v.ok) throw new UsageError(`invalid recipe:\n  ${v.errors.join('\n  ')}`);
  return v.recipe;
}

function readWeb(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`--web "${file}" is not a readable file`);
  }
  const docs = text.split(/\n\s*\n/).filter((d) => d.trim().length > 0);
  if (docs.length === 0) throw new UsageError(`--web "${file}" holds no documents`);
  return docs;
}

export function parseCorpusArgs(argv: readonly string[]): CorpusArgs {
  const opts = new Map<string, string>();
  let jsonl = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--jsonl') {
      jsonl = true;
      continue;
    }
    if (!a.startsWith('--')) throw new UsageError(`unexpected argument "${a}"`);
    const key = a.slice(2);
    if (!VALUED.includes(key)) throw new UsageError(`unknown option ${a}`);
    const v = argv[++i];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
    opts.set(key, v);
  }
  for (const k of ['recipe', 'seed']) if (!opts.has(k)) throw new UsageError(`missing --${k}`);
  if (!opts.has('out') && !opts.has('shards')) throw new UsageError('give --out FILE (text), --shards DIR (token shards), or both');
  if (!opts.has('shards')) {
    const stray = [...SHARD_ONLY.filter((k) => opts.has(k)).map((k) => `--${k}`), ...(jsonl ? ['--jsonl'] : [])];
    if (stray.length) throw new UsageError(`${stray.join(', ')} only apply with --shards DIR`);
  }
  const seed = opts.get('seed')!;
  if (!/^-?\d+$/.test(seed) || !Number.isSafeInteger(Number(seed))) throw new UsageError(`--seed must be an integer, got "${seed}"`);
  const probesArg = opts.get('probes') ?? '200';
  if (!/^\d+$/.test(probesArg) || Number(probesArg) > 10_000) throw new UsageError(`--probes must be an integer in [0, 10000], got "${probesArg}"`);

  let shards: CorpusArgs['shards'];
  const dir = opts.get('shards');
  if (dir !== undefined) {
    const tokArg = opts.get('tokenizer') ?? 'byte';
    const bpe = /^bpe:(\d+)$/.exec(tokArg);
    let tokenizer: TokenizerSpec;
    if (tokArg === 'byte') tokenizer = { kind: 'byte' };
    else if (bpe && Number(bpe[1]) >= 257 && Number(bpe[1]) <= MAX_BPE_VOCAB) tokenizer = { kind: 'bpe', vocabSize: Number(bpe[1]) };
    else throw new UsageError(`--tokenizer must be "byte" or "bpe:VOCAB" with VOCAB in [257, ${MAX_BPE_VOCAB}], got "${tokArg}"`);
    if (existsSync(dir) && readdirSync(dir).some((f) => /^(train|val)_\d+\.bin$/.test(f))) {
      // Loaders glob train_*.bin: shards left from an earlier, larger export would silently join this one.
      throw new UsageError(`--shards ${dir} already holds token shards; choose an empty or new directory`);
    }
    shards = {
      dir,
      tokenizer,
      shardTokens: positiveInt('shard-tokens', opts.get('shard-tokens') ?? String(DEFAULT_SHARD_TOKENS), 0x7fffffff),
      valBytes: positiveInt('val-bytes', opts.get('val-bytes') ?? String(DEFAULT_VAL_BYTES), 100_000_000),
      jsonl,
    };
  }
  const recipe = readRecipe(opts.get('recipe')!, opts.get('bytes'));
  const webFile = opts.get('web');
  const web = webFile === undefined ? undefined : readWeb(webFile);
  if (!web && recipe.weights.biographies > 0 && recipe.biographies.dilution > 0) {
    throw new UsageError(`this recipe dilutes biographies with web text (dilution ${recipe.biographies.dilution}): pass --web FILE, or set biographies.dilution to 0`);
  }
  return { recipe, seed, out: opts.get('out'), shards, web, probesPerFamily: Number(probesArg) };
}
