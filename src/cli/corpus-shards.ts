// The token-shard side of `npm run corpus --shards DIR`: llm.c data files written as they fill, the
// held-out shards, and the manifest that says what every file holds. Memory is one shard buffer.
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DOC_SEPARATOR, FAMILIES, heldOutDocs, utf8Length, type Doc, type FamilyName, type Recipe } from '../lib/corpus/index.ts';
import { HEADER_BYTES, jsonlChunk, LLMC_MAGIC, LLMC_VERSION, shardFileName, ShardWriter } from '../lib/export/index.ts';
import type { Tokenizer } from '../lib/tokenizer/index.ts';

export interface ShardInfo {
  file: string;
  tokens: number;
}

/** Writes shards as the writer completes them; keeps only their names and sizes. */
export class ShardFiles {
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
  addDoc(tok: Tokenizer, text: string): void {
    this.save(this.writer.push([tok.separatorId]));
    this.save(this.writer.push(tok.encode(text)));
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

/** The training side: every generated chunk goes to the shards and, optionally, to corpus.jsonl. */
export class TrainShards {
  readonly files: ShardFiles;
  private readonly jsonlFd: number | null;
  constructor(
    dir: string,
    private readonly tok: Tokenizer,
    shardTokens: number,
    jsonl: boolean,
  ) {
    this.files = new ShardFiles(dir, 'train', shardTokens);
    this.jsonlFd = jsonl ? openSync(join(dir, 'corpus.jsonl'), 'w') : null;
  }
  add(chunk: readonly Doc[]): void {
    for (const d of chunk) this.files.addDoc(this.tok, d.text);
    if (this.jsonlFd !== null) writeSync(this.jsonlFd, jsonlChunk(chunk));
  }
  /** Writes the tail shard and closes corpus.jsonl (also after a failure, so nothing stays open). */
  close(complete: boolean): void {
    if (complete) this.files.finish();
    if (this.jsonlFd !== null) closeSync(this.jsonlFd);
  }
}

export interface ValFamily {
  family: FamilyName;
  documents: number;
  bytes: number;
  first_token: number;
  tokens: number;
}

/** Held-out text as the lab evaluates it: fresh documents per family, never diluted or tagged. */
export function writeValShards(dir: string, tok: Tokenizer, recipe: Recipe, seed: string, valBytes: number, shardTokens: number): { files: ShardFiles; families: ValFamily[] } {
  const clean: Recipe = { ...recipe, biographies: { ...recipe.biographies, dilution: 0, tag: false } };
  const files = new ShardFiles(dir, 'val', shardTokens);
  const families: ValFamily[] = [];
  for (const f of FAMILIES) {
    if (!(recipe.weights[f] > 0)) continue;
    const first = files.writer.tokenCount;
    const docs = heldOutDocs(clean, seed, f, valBytes);
    let b = 0;
    for (const d of docs) {
      files.addDoc(tok, d.text);
      b += utf8Length(d.text) + DOC_SEPARATOR.length;
    }
    families.push({ family: f, documents: docs.length, bytes: b, first_token: first, tokens: files.writer.tokenCount - first });
  }
  files.finish();
  return { files, families };
}

export interface ManifestInput {
  recipe: Recipe;
  seed: string;
  fingerprint: string;
  bytes: number;
  documents: number;
  jsonl: boolean;
  tok: Tokenizer;
  bpeSampleBytes: number;
  shardTokens: number;
  train: ShardFiles;
  val: { files: ShardFiles; families: ValFamily[] };
  probes: number;
}

/** manifest.json: everything a loader or a reader needs to know about the export, in one place. */
export function manifest(m: ManifestInput): Record<string, unknown> {
  return {
    format: 'synthlab-corpus-export',
    version: 1,
    recipe: m.recipe,
    seed: m.seed,
    fingerprint: m.fingerprint,
    corpus: { bytes: m.bytes, documents: m.documents, jsonl: m.jsonl ? 'corpus.jsonl' : null },
    tokenizer: { file: 'tokenizer.json', kind: m.tok.kind, vocab_size: m.tok.vocabSize, separator_id: m.tok.separatorId, bpe_sample_bytes: m.tok.kind === 'bpe' ? m.bpeSampleBytes : null },
    layout: {
      format: 'llm.c data file',
      magic: LLMC_MAGIC,
      version: LLMC_VERSION,
      header_bytes: HEADER_BYTES,
      token_dtype: 'uint16 little-endian',
      documents: 'each document is preceded by separator_id',
    },
    shard_tokens: m.shardTokens,
    train: { tokens: m.train.writer.tokenCount, shards: m.train.shards },
    val: { tokens: m.val.files.writer.tokenCount, shards: m.val.files.shards, families: m.val.families, note: 'held-out documents per family (no web dilution, no tags), disjoint from train by construction' },
    probes: { file: 'probes.jsonl', count: m.probes },
  };
}
