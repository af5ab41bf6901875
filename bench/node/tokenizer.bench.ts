// BPE training time on 10 MB and encode throughput, on two texts: real web text (C4 from
// ../shared/datasets, concatenated and repeated to 10 MB; skipped with a note when absent) and a mix of
// that C4 with synthetic text (synthetic only without ../shared). Encode is timed on text the tokenizer
// did not train on where possible (C4 held-out), with a fresh tokenizer so the word cache starts cold.
// The C4 files are read verified against datasets/manifest.json and the folder's SHA256SUMS.
import { corpusText, preset } from '../../src/lib/corpus/index.ts';
import { BpeTokenizer, ByteTokenizer, trainBpe, utf8ByteLength } from '../../src/lib/tokenizer/index.ts';
import { hasShared, readSharedText, sharedPath, type SharedFile } from '../../src/lib/baseline/shared-datasets.ts';
import type { BenchRow, NodeBench } from '../types.ts';

const TARGET = 10_000_000;
const C4_TRAIN: SharedFile = 'c4/train.jsonl';
const C4_HELDOUT: SharedFile = 'c4/heldout.jsonl';

const jsonlTexts = (file: SharedFile): string[] =>
  readSharedText(file).split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { text: string }).text);

const mb = (texts: readonly string[]) => texts.reduce((a, t) => a + utf8ByteLength(t), 0) / 1e6;

/** C4 documents repeated in order until TARGET UTF-8 bytes. */
function c4Repeated(docs: string[]): string[] {
  const out: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < TARGET; i = (i + 1) % docs.length) {
    out.push(docs[i]);
    bytes += utf8ByteLength(docs[i]);
  }
  return out;
}

/** Whatever C4 there is, topped up to TARGET with the default synthetic mix. */
function mixed(docs: string[]): string[] {
  const bytes = mb(docs) * 1e6;
  return [...docs, corpusText({ ...preset('default-mix'), bytes: Math.max(0, TARGET - bytes) }, 'bench')];
}

function timeTraining(texts: string[], vocab: number, label: string, rows: BenchRow[]): Array<[number, number]> {
  const t0 = performance.now();
  const merges = trainBpe(texts, vocab);
  const s = (performance.now() - t0) / 1000;
  rows.push({ name: `BPE train, vocab ${vocab}, ${mb(texts).toFixed(1)} MB ${label}`, value: s, unit: 's' });
  return merges;
}

function timeEncode(name: string, encode: (t: string) => Int32Array, text: string, rows: BenchRow[]): void {
  const bytes = utf8ByteLength(text);
  const t0 = performance.now();
  const ids = encode(text);
  const s = (performance.now() - t0) / 1000;
  rows.push({ name, value: bytes / 1e6 / s, unit: 'MB/s', note: `${(bytes / ids.length).toFixed(2)} bytes/token over ${(bytes / 1e6).toFixed(1)} MB` });
}

const bench: NodeBench = async () => {
  const rows: BenchRow[] = [];
  const haveC4 = hasShared(C4_TRAIN);
  const c4 = haveC4 ? jsonlTexts(C4_TRAIN) : [];
  if (haveC4) {
    const merges = timeTraining(c4Repeated(c4), 2048, 'C4 (1,000 docs repeated)', rows);
    if (hasShared(C4_HELDOUT)) {
      const held = jsonlTexts(C4_HELDOUT).join('\n\n');
      timeEncode('BPE-2048 encode, C4 held-out, cold cache', (t) => new BpeTokenizer(merges, 1).encode(t), held, rows);
    }
  } else {
    rows.push({ name: 'BPE train on C4: skipped', value: 0, unit: '', note: `${sharedPath(C4_TRAIN)} not found` });
  }
  const mix = mixed(c4);
  const label = haveC4 ? 'C4 + synthetic' : 'synthetic only (no ../shared/datasets)';
  const merges = timeTraining(mix, 2048, label, rows);
  timeTraining(mix, 8192, label, rows);
  const synthetic = mix[mix.length - 1].slice(0, 3_000_000);
  timeEncode('BPE-2048 encode, synthetic, cold cache', (t) => new BpeTokenizer(merges, 1).encode(t), synthetic, rows);
  const byte = new ByteTokenizer();
  timeEncode('byte encode, synthetic', (t) => byte.encode(t), synthetic, rows);
  return [{ title: 'tokenizers', environment: `node ${process.version} (1 core)`, rows }];
};

export default bench;
