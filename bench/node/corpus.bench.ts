// Corpus generation throughput (MB/s of corpus file bytes, one core) per family and for the default mix,
// plus the streaming SHA-256 used for fingerprints. Target (issue 3): default mix ≥ 20 MB/s.
//
// The machines this runs on are shared, so one timing says little: every row is measured REPEATS times
// after a warm-up, the row's value is the best wall-clock run (the least disturbed by other processes) and
// its note gives the spread (slowest–fastest) and the best rate per second of this process's own CPU time
// (user + system; it also counts V8's helper threads, so it is a conservative one-core figure). The
// target is judged on that CPU-time rate, which is what "on one core" means and what does not change with
// the machine's load; the wall-clock best is printed beside it.
import type { BenchRow, BenchSection, NodeBench } from '../types.ts';
import { generate, preset, Sha256, utf8Length } from '../../src/lib/corpus/index.ts';

const BYTES = 8_000_000;
const REPEATS = 5;
const TARGET_MB_PER_S = 20;

interface Rate {
  wall: number;
  cpu: number;
}

function generationRate(name: string): Rate {
  const recipe = { ...preset(name), bytes: BYTES };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let bytes = 0;
  for (const chunk of generate(recipe, 1)) for (const d of chunk) bytes += utf8Length(d.text) + 2;
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wall: bytes / 1e6 / seconds, cpu: bytes / (cpu.user + cpu.system) };
}

function shaRate(): number {
  const block = new TextEncoder().encode('Once upon a time, there was a girl named Lily. '.repeat(21_000)); // ~1 MB
  const h = new Sha256();
  const t0 = performance.now();
  for (let i = 0; i < 32; i++) h.update(block);
  h.digestHex();
  return (32 * block.length) / 1e6 / ((performance.now() - t0) / 1000);
}

/** Best of REPEATS runs after one warm-up run (so the JIT has compiled the hot paths). */
function measure(name: string): { best: number; worst: number; cpuBest: number } {
  generationRate(name);
  const runs = Array.from({ length: REPEATS }, () => generationRate(name));
  const walls = runs.map((r) => r.wall);
  return { best: Math.max(...walls), worst: Math.min(...walls), cpuBest: Math.max(...runs.map((r) => r.cpu)) };
}

const spread = (m: { best: number; worst: number; cpuBest: number }): string =>
  `best of ${REPEATS}; wall ${m.worst.toFixed(1)}–${m.best.toFixed(1)}, per CPU-second ${m.cpuBest.toFixed(1)}`;

const bench: NodeBench = async () => {
  const rows: BenchRow[] = [];
  for (const [name, what] of [
    ['tinystories', 'stories family'],
    ['bios-single', 'biographies family, K=1'],
    ['bios-paraphrased', 'biographies family, K=5, shuffled'],
    ['igsm-lite', 'arithmetic family'],
    ['textbook', 'textbook family'],
    ['default-mix', `target ≥ ${TARGET_MB_PER_S} MB/s`],
  ] as const) {
    const m = measure(name);
    rows.push({ name: `generate ${name}`, value: m.best, unit: 'MB/s', note: `${what}; ${spread(m)}` });
    if (name === 'default-mix') {
      const met = m.cpuBest >= TARGET_MB_PER_S;
      rows.push({
        name: `default mix vs target ${TARGET_MB_PER_S} MB/s`,
        value: m.cpuBest / TARGET_MB_PER_S,
        unit: '×',
        note:
          `${met ? 'PASS: target met' : 'FAIL: target not met'} at ${m.cpuBest.toFixed(1)} MB/s per CPU-second ` +
          `(wall clock best ${m.best.toFixed(1)} MB/s, which also depends on the machine's load)`,
      });
    }
  }
  shaRate();
  rows.push({ name: 'sha256 (pure TS, streaming)', value: shaRate(), unit: 'MB/s' });
  return [{ title: 'Synthetic corpus generation', environment: `node ${process.version} (1 core)`, rows }];
};

export default bench;
