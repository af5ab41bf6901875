// Exports a synthetic corpus for a real training stack (llm.c, nanoGPT-style loaders, HF datasets):
//   npx tsx src/cli/export-corpus.ts --recipe <preset|file.json> --seed N --bytes N --out DIR
//        [--tokenizer byte|bpe:VOCAB] [--shard-tokens N] [--val-bytes N] [--jsonl]
// Writes DIR/train_000000.bin ... (llm.c token shards), DIR/val_000000.bin (held-out documents of every
// family in the recipe), DIR/tokenizer.json, DIR/manifest.json and, with --jsonl, DIR/corpus.jsonl.
// The corpus is streamed chunk by chunk: memory is one shard buffer plus one generator chunk, whatever
// --bytes is (BPE training additionally holds its ~4 MB sample). Bad arguments exit with code 2.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CorpusFingerprint, DOC_SEPARATOR, FAMILIES, PRESETS, generate, heldOutDocs, utf8Length, validateRecipe, type FamilyName, type Recipe } from '../lib/corpus/index.ts';
import { buildTokenizer, MAX_BPE_VOCAB, type Tokenizer, type TokenizerSpec } from '../lib/tokenizer/index.ts';
import { exportTokenizer, HEADER_BYTES, jsonlChunk, LLMC_MAGIC, LLMC_VERSION, shardFileName, ShardWriter } from '../lib/export/index.ts';

const USAGE =
  'usage: npx tsx src/cli/export-corpus.ts --recipe <preset|file.json> --seed N --bytes N --out DIR\n' +
  '         [--tokenizer byte|bpe:VOCAB] [--shard-tokens N] [--val-bytes N] [--jsonl]\n' +
  `  presets: ${Object.keys(PRESETS).join(', ')}\n` +
  `  --tokenizer     byte (default) or bpe:VOCAB with VOCAB in [257, ${MAX_BPE_VOCAB}], trained on the first ~4 MB\n` +
  '  --shard-tokens  tokens per shard (default 10000000; the last shard is shorter)\n' +
  '  --val-bytes     held-out bytes per family (default 1000000)\n' +
  '  --jsonl         also write corpus.jsonl ({"text": ...} per document)';

const BPE_SAMPLE_BYTES = 4_000_000;
const DEFAULT_SHARD_TOKENS = 10_000_000;
const DEFAULT_VAL_BYTES = 1_000_000;

class UsageError extends Error {}

interface Args {
  recipe: Recipe;
  seed: string;
  out: string;
  tokenizer: TokenizerSpec;
  shardTokens: number;
  valBytes: number;
  jsonl: boolean;
}

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
    if (!/^\d+$/.test(bytes)) throw new UsageError(`--bytes must be a positive integer, got "${bytes}"`);
    if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) raw = { ...raw, bytes: Number(bytes) };
  }
  const v = validateRecipe(raw);
  if (!v.ok) throw new UsageError(`invalid recipe:\n  ${v.errors.join('\n  ')}`);
  if (v.recipe.weights.biographies > 0 && v.recipe.biographies.dilution > 0) {
    throw new UsageError('this recipe dilutes biographies with web text, which the exporter does not take; set biographies.dilution to 0');
  }
  return v.recipe;
}

function parseArgs(argv: string[]): Args {
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
    if (!['recipe', 'seed', 'bytes', 'out', 'tokenizer', 'shard-tokens', 'val-bytes'].includes(key)) throw new UsageError(`unknown option ${a}`);
    const v = argv[++i];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
    opts.set(key, v);
  }
  for (const k of ['recipe', 'seed', 'out']) if (!opts.has(k)) throw new UsageError(`missing --${k}`);
  const seed = opts.get('seed') as string;
  if (!/^-?\d+$/.test(seed) || !Number.isSafeInteger(Number(seed))) throw new UsageError(`--seed must be an integer, got "${seed}"`);
  const tokArg = opts.get('tokenizer') ?? 'byte';
  let tokenizer: TokenizerSpec;
  const bpe = /^bpe:(\d+)$/.exec(tokArg);
  if (tokArg === 'byte') tokenizer = { kind: 'byte' };
  else if (bpe && Number(bpe[1]) >= 257 && Number(bpe[1]) <= MAX_BPE_VOCAB) tokenizer = { kind: 'bpe', vocabSize: Number(bpe[1]) };
  else throw new UsageError(`--tokenizer must be "byte" or "bpe:VOCAB" with VOCAB in [257, ${MAX_BPE_VOCAB}], got "${tokArg}"`);
  const out = opts.get('out') as string;
  if (existsSync(out) && readdirSync(out).some((f) => /^(train|val)_\d+\.bin$/.test(f))) {
    // Loaders glob train_*.bin: shards left from an earlier, larger export would silently join this one.
    throw new UsageError(`--out ${out} already holds token shards; choose an empty or new directory`);
  }
  return {
    recipe: readRecipe(opts.get('recipe') as string, opts.get('bytes')),
    seed,
    out,
    tokenizer,
    shardTokens: positiveInt('shard-tokens', opts.get('shard-tokens') ?? String(DEFAULT_SHARD_TOKENS), 0x7fffffff),
    valBytes: positiveInt('val-bytes', opts.get('val-bytes') ?? String(DEFAULT_VAL_BYTES), 100_000_000),
    jsonl,
  };
}

/** The first ~4 MB of the training stream (the same documents the export starts with). */
function bpeSample(recipe: Recipe, seed: string): string[] {
  const docs: string[] = [];
  let n = 0;
  for (const chunk of generate(recipe, seed)) {
    for (const d of chunk) {
      docs.push(d.text);
      n += utf8Length(d.text) + DOC_SEPARATOR.length;
    }
    if (n >= BPE_SAMPLE_BYTES) break;
  }
  return docs;
}

interface ShardInfo {
  file: string;
  tokens: number;
}

/** Writes shards as the writer completes them; keeps only their names and sizes. */
class ShardFiles {
  readonly shards: ShardInfo[] = [];
  readonly writer: ShardWriter;
  constructor(
    private readonly dir: string,
    private readonly prefix: string,
    shardTokens: number,
  ) {
    this.writer = new ShardWriter(shardTokens);
  }
  /** One document, preceded by the separator as in the lab's own training streams. */
  addDoc(tok: Tokenizer, text: string): number {
    const ids = tok.encode(text);
    this.save(this.writer.push([tok.separatorId]));
    this.save(this.writer.push(ids));
    return ids.length + 1;
  }
  finish(): void {
    const last = this.writer.finish();
    if (last) this.save([last]);
  }
  private save(done: Uint8Array[]): void {
    for (const bytes of done) {
      const file = shardFileName(this.prefix, this.shards.length);
      writeFileSync(join(this.dir, file), bytes);
      this.shards.push({ file, tokens: (bytes.length - HEADER_BYTES) / 2 });
    }
  }
}

const mb = (n: number) => (n / 1e6).toFixed(1);

function main(): number {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`export-corpus: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  const { recipe, seed, out } = args;
  mkdirSync(out, { recursive: true });
  const t0 = performance.now();
  const tok = buildTokenizer(args.tokenizer, () => bpeSample(recipe, seed), Number(seed));
  writeFileSync(join(out, 'tokenizer.json'), JSON.stringify(exportTokenizer(tok)) + '\n');

  const train = new ShardFiles(out, 'train', args.shardTokens);
  const fp = new CorpusFingerprint();
  const jsonlFd = args.jsonl ? openSync(join(out, 'corpus.jsonl'), 'w') : null;
  let bytes = 0;
  let documents = 0;
  let lastReport = 0;
  const progress = (final: boolean) => {
    const s = (performance.now() - t0) / 1000;
    process.stderr.write(
      `\rexport-corpus: ${mb(bytes)} / ${mb(recipe.bytes)} MB  ${documents} docs  ${train.writer.tokenCount} tokens  ${train.shards.length} shards  ${mb(bytes / Math.max(s, 1e-3))} MB/s${final ? '\n' : ''}`,
    );
  };
  try {
    for (const chunk of generate(recipe, seed)) {
      for (const d of chunk) {
        fp.add(d);
        train.addDoc(tok, d.text);
        bytes += utf8Length(d.text) + DOC_SEPARATOR.length;
        documents++;
      }
      if (jsonlFd !== null) writeSync(jsonlFd, jsonlChunk(chunk));
      if (performance.now() - lastReport > 500) {
        lastReport = performance.now();
        progress(false);
      }
    }
    train.finish();
  } finally {
    if (jsonlFd !== null) closeSync(jsonlFd);
  }
  progress(true);

  // Held-out text as the lab evaluates it: fresh documents per family, never diluted or tagged.
  const clean: Recipe = { ...recipe, biographies: { ...recipe.biographies, dilution: 0, tag: false } };
  const val = new ShardFiles(out, 'val', args.shardTokens);
  const families: Array<{ family: FamilyName; documents: number; bytes: number; first_token: number; tokens: number }> = [];
  for (const f of FAMILIES) {
    if (!(recipe.weights[f] > 0)) continue;
    const first = val.writer.tokenCount;
    const docs = heldOutDocs(clean, seed, f, args.valBytes);
    let b = 0;
    for (const d of docs) {
      val.addDoc(tok, d.text);
      b += utf8Length(d.text) + DOC_SEPARATOR.length;
    }
    families.push({ family: f, documents: docs.length, bytes: b, first_token: first, tokens: val.writer.tokenCount - first });
  }
  val.finish();

  const fingerprint = `sha256:${fp.digest()}`; // digest() finalises the hash: call it once
  const manifest = {
    format: 'synthlab-corpus-export',
    version: 1,
    recipe,
    seed,
    fingerprint,
    corpus: { bytes, documents, jsonl: args.jsonl ? 'corpus.jsonl' : null },
    tokenizer: { file: 'tokenizer.json', kind: tok.kind, vocab_size: tok.vocabSize, separator_id: tok.separatorId, bpe_sample_bytes: tok.kind === 'bpe' ? BPE_SAMPLE_BYTES : null },
    layout: {
      format: 'llm.c data file',
      magic: LLMC_MAGIC,
      version: LLMC_VERSION,
      header_bytes: HEADER_BYTES,
      token_dtype: 'uint16 little-endian',
      documents: 'each document is preceded by separator_id',
    },
    shard_tokens: args.shardTokens,
    train: { tokens: train.writer.tokenCount, shards: train.shards },
    val: { tokens: val.writer.tokenCount, shards: val.shards, families, note: 'held-out documents per family (no web dilution, no tags), disjoint from train by construction' },
  };
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  process.stdout.write(
    `fingerprint  ${fingerprint}\ntrain        ${train.writer.tokenCount} tokens in ${train.shards.length} shards\n` +
      `val          ${val.writer.tokenCount} tokens in ${val.shards.length} shards (${families.map((f) => f.family).join(', ')})\n` +
      `tokenizer    ${tok.kind}, ${tok.vocabSize} ids\nwritten to   ${out} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
  return 0;
}

process.exitCode = main();
