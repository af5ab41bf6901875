// BPE training time on 10 MB (web text from ../shared/datasets when present, the rest synthetic),
// and encode throughput of byte and BPE tokenizers.
import { existsSync, readFileSync } from 'node:fs';
import { corpusText, preset } from '../../src/lib/corpus/index.ts';
import { BpeTokenizer, ByteTokenizer, trainBpe } from '../../src/lib/tokenizer/index.ts';
import type { BenchSection, NodeBench } from '../types.ts';

const TARGET = 10_000_000;

function sample(): { texts: string[]; note: string } {
  const texts: string[] = [];
  let bytes = 0;
  const c4 = '../shared/datasets/c4/train.jsonl';
  if (existsSync(c4)) {
    for (const line of readFileSync(c4, 'utf8').split('\n')) {
      if (!line) continue;
      const t = (JSON.parse(line) as { text: string }).text;
      texts.push(t);
      bytes += t.length;
    }
  }
  const webBytes = bytes;
  texts.push(corpusText({ ...preset('default-mix'), bytes: TARGET - bytes }, 'bench'));
  return { texts, note: webBytes ? `${(webBytes / 1e6).toFixed(1)} MB C4 + synthetic` : 'synthetic only (no ../shared/datasets)' };
}

const bench: NodeBench = async () => {
  const { texts, note } = sample();
  const mb = texts.reduce((a, t) => a + t.length, 0) / 1e6;
  const rows: BenchSection['rows'] = [];
  for (const vocab of [2048, 8192]) {
    const t0 = performance.now();
    const merges = trainBpe(texts, vocab);
    const s = (performance.now() - t0) / 1000;
    rows.push({ name: `BPE train, vocab ${vocab}, ${mb.toFixed(1)} MB`, value: s, unit: 's', note });
    if (vocab === 2048) {
      const bpe = new BpeTokenizer(merges, 1);
      const text = texts[texts.length - 1].slice(0, 3_000_000);
      const t1 = performance.now();
      const ids = bpe.encode(text);
      rows.push({ name: 'BPE-2048 encode', value: text.length / 1e6 / ((performance.now() - t1) / 1000), unit: 'MB/s', note: `${(text.length / ids.length).toFixed(2)} bytes/token` });
    }
  }
  const byte = new ByteTokenizer();
  const text = texts[texts.length - 1].slice(0, 3_000_000);
  const t2 = performance.now();
  byte.encode(text);
  rows.push({ name: 'byte encode', value: text.length / 1e6 / ((performance.now() - t2) / 1000), unit: 'MB/s' });
  return [{ title: 'tokenizers', environment: `node ${process.version} (1 core)`, rows }];
};

export default bench;
