// Corpus generation throughput (MB/s of corpus file bytes, one core) per family and for the default mix,
// plus the streaming SHA-256 used for fingerprints. Target: default mix ≥ 20 MB/s.
import type { BenchRow, BenchSection, NodeBench } from '../types.ts';
import { generate, preset, Sha256, utf8Length } from '../../src/lib/corpus/index.ts';

const BYTES = 8_000_000;

function generationRate(name: string): number {
  const recipe = { ...preset(name), bytes: BYTES };
  const t0 = performance.now();
  let bytes = 0;
  for (const chunk of generate(recipe, 1)) for (const d of chunk) bytes += utf8Length(d.text) + 2;
  return bytes / 1e6 / ((performance.now() - t0) / 1000);
}

function shaRate(): number {
  const block = new TextEncoder().encode('Once upon a time, there was a girl named Lily. '.repeat(21_000)); // ~1 MB
  const h = new Sha256();
  const t0 = performance.now();
  for (let i = 0; i < 32; i++) h.update(block);
  h.digestHex();
  return (32 * block.length) / 1e6 / ((performance.now() - t0) / 1000);
}

const bench: NodeBench = async () => {
  const rows: BenchRow[] = [];
  for (const [name, note] of [
    ['tinystories', 'stories family'],
    ['bios-single', 'biographies family, K=1'],
    ['bios-paraphrased', 'biographies family, K=5, shuffled'],
    ['igsm-lite', 'arithmetic family'],
    ['textbook', 'textbook family'],
    ['default-mix', 'target ≥ 20 MB/s'],
  ] as const) {
    generationRate(name); // warm-up so the JIT has compiled the hot paths
    rows.push({ name: `generate ${name}`, value: generationRate(name), unit: 'MB/s', note });
  }
  shaRate();
  rows.push({ name: 'sha256 (pure TS, streaming)', value: shaRate(), unit: 'MB/s' });
  return [{ title: 'Synthetic corpus generation', environment: `node ${process.version} (1 core)`, rows }];
};

export default bench;
