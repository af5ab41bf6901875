// `npm run corpus`: streams a recipe's synthetic corpus, of any size, to disk in one pass —
//   --out FILE    as text (each document followed by a blank line) plus FILE.probes.jsonl;
//   --shards DIR  as llm.c token shards (train_*.bin, val_*.bin) with tokenizer.json, manifest.json,
//                 probes.jsonl and optionally corpus.jsonl — what a real training stack reads;
// or both at once. Prints the fingerprint (SHA-256 of the text file), statistics and the peak memory.
// Memory is one generator chunk plus one shard buffer (plus BPE's ~4 MB training sample), whatever
// --bytes is. Progress goes to stderr as a bar on a terminal and as plain lines otherwise.
// Bad arguments exit with code 2, a failure while writing with code 1. See src/cli/README.md.
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CorpusFingerprint, CorpusStatsAccumulator, DOC_SEPARATOR, generate, probes, utf8Length, type CorpusStats, type ProbeSet, type Recipe } from '../lib/corpus/index.ts';
import { exportTokenizer } from '../lib/export/index.ts';
import { messageOf } from '../lib/baseline/errors.ts';
import { buildTokenizer, type Tokenizer } from '../lib/tokenizer/index.ts';
import { parseCorpusArgs, UsageError, USAGE, type CorpusArgs } from './corpus-args.ts';
import { manifest, TrainShards, writeValShards } from './corpus-shards.ts';
import { ProgressBar } from './progress-bar.ts';

const BPE_SAMPLE_BYTES = 4_000_000;

/** The first ~4 MB of the training stream (the same documents the corpus starts with). */
function bpeSample(recipe: Recipe, seed: string, web: string[] | undefined): string[] {
  const docs: string[] = [];
  let n = 0;
  for (const chunk of generate(recipe, seed, { webText: web })) {
    for (const d of chunk) {
      docs.push(d.text);
      n += utf8Length(d.text) + DOC_SEPARATOR.length;
    }
    if (n >= BPE_SAMPLE_BYTES) break;
  }
  return docs;
}

function probesJsonl(set: ProbeSet): string {
  return [...set.probes.map((p) => JSON.stringify({ type: 'probe', ...p })), ...set.minimalPairs.map((p) => JSON.stringify({ type: 'minimal-pair', ...p }))].map((l) => l + '\n').join('');
}

function statsReport(stats: CorpusStats, fingerprint: string, seconds: number, set: ProbeSet): string[] {
  const lines = [
    `fingerprint  sha256:${fingerprint}`,
    `bytes        ${stats.bytes} (${(stats.bytes / 1e6 / seconds).toFixed(1)} MB/s)`,
    `documents    ${stats.documents}`,
    `words        ${stats.words} (${stats.distinctWords} distinct)`,
    `n-gram diversity (distinct/total, first ${stats.ngramSampleBytes} bytes): ` + stats.ngramDiversity.map((d) => `n=${d.n} ${d.ratio.toFixed(4)}`).join('  '),
    `probes       ${set.probes.length} probes, ${set.minimalPairs.length} minimal pairs`,
    'family        share   docs     entropy floor (bits/byte)',
  ];
  for (const [name, f] of Object.entries(stats.families)) {
    lines.push(
      `${name.padEnd(13)} ${(f.share * 100).toFixed(1).padStart(5)}%  ${String(f.documents).padStart(7)}  ` +
        `${f.bitsIsUpperBound ? '≤ ' : '= '}${f.bitsPerByte.toFixed(4)}${f.upperBoundReason ? `  (upper bound: ${f.upperBoundReason})` : ''}`,
    );
  }
  if (stats.web.documents > 0) lines.push(`web           ${(stats.web.share * 100).toFixed(1).padStart(5)}%  ${String(stats.web.documents).padStart(7)}  (unknown)`);
  return lines;
}

/** Generates once, feeding every requested output; returns the report lines. */
function run(args: CorpusArgs): string[] {
  const { recipe, seed } = args;
  const t0 = performance.now();
  let tok: Tokenizer | null = null;
  if (args.shards) {
    mkdirSync(args.shards.dir, { recursive: true });
    tok = buildTokenizer(args.shards.tokenizer, () => bpeSample(recipe, seed, args.web), Number(seed));
    writeFileSync(join(args.shards.dir, 'tokenizer.json'), JSON.stringify(exportTokenizer(tok)) + '\n');
  }
  const stats = new CorpusStatsAccumulator(recipe);
  const fp = new CorpusFingerprint();
  const textFd = args.out !== undefined ? openSync(args.out, 'w') : null;
  const train = args.shards && tok ? new TrainShards(args.shards.dir, tok, args.shards.shardTokens, args.shards.jsonl) : null;
  const bar = new ProgressBar(process.stderr, 'corpus', recipe.bytes);
  let bytes = 0;
  let documents = 0;
  const detail = () => `${documents} docs${train ? ` · ${train.files.writer.tokenCount} tokens · ${train.files.shards.length} shards` : ''}`;
  let complete = false;
  try {
    for (const chunk of generate(recipe, seed, { webText: args.web })) {
      let text = '';
      for (const d of chunk) {
        stats.add(d);
        fp.add(d);
        text += d.text + DOC_SEPARATOR;
      }
      if (textFd !== null) writeSync(textFd, text);
      train?.add(chunk);
      bytes += utf8Length(text);
      documents += chunk.length;
      bar.update(bytes, detail());
    }
    complete = true;
  } finally {
    if (textFd !== null) closeSync(textFd);
    train?.close(complete);
  }
  bar.finish(bytes, detail());

  const set = probes(recipe, seed, args.probesPerFamily);
  const jsonl = probesJsonl(set);
  const fingerprint = fp.digest(); // digest() finalises the hash: call it once
  const lines = statsReport(stats.result(), fingerprint, (performance.now() - t0) / 1000, set);
  if (args.out !== undefined) {
    writeFileSync(args.out + '.probes.jsonl', jsonl);
    lines.push(`text         ${args.out} and ${args.out}.probes.jsonl`);
  }
  if (args.shards && train && tok) {
    const { dir, shardTokens, valBytes, jsonl: withJsonl } = args.shards;
    const val = writeValShards(dir, tok, recipe, seed, valBytes, shardTokens);
    writeFileSync(join(dir, 'probes.jsonl'), jsonl);
    const m = manifest({ recipe, seed, fingerprint: `sha256:${fingerprint}`, bytes, documents, jsonl: withJsonl, tok, bpeSampleBytes: BPE_SAMPLE_BYTES, shardTokens, train: train.files, val, probes: set.probes.length + set.minimalPairs.length });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m, null, 2) + '\n');
    lines.push(
      `shards       ${dir}: train ${train.files.writer.tokenCount} tokens in ${train.files.shards.length} shards, ` +
        `val ${val.files.writer.tokenCount} tokens in ${val.files.shards.length} (${val.families.map((f) => f.family).join(', ')}); tokenizer ${tok.kind}, ${tok.vocabSize} ids`,
    );
  }
  lines.push(`peak memory  ${Math.round(process.resourceUsage().maxRSS / 1024)} MB resident`, `time         ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return lines;
}

function main(): number {
  let args: CorpusArgs;
  try {
    const argv = process.argv.slice(2);
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    args = parseCorpusArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`corpus: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  try {
    process.stdout.write(run(args).join('\n') + '\n');
    return 0;
  } catch (e) {
    process.stderr.write(`\ncorpus: ${messageOf(e)}\n`);
    return 1;
  }
}

process.exitCode = main();
