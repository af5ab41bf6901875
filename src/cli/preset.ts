// The experiment presets from the command line:
//   npx tsx src/cli/preset.ts                           lists the presets
//   npx tsx src/cli/preset.ts ID [--test] > FILE.json   writes a preset's experiment (full or reduced budget)
//   npx tsx src/cli/preset.ts ID --readout RESULTS.json prints its headline readout of a results file
// so `npm run experiment -- --config FILE.json --out RESULTS.json` runs a preset headless and this prints
// what the lab's headline panel would say about it. Bad arguments or files exit with code 2.
import { readFileSync } from 'node:fs';
import { messageOf } from '../lib/baseline/errors.ts';
import { headline, type HeldOutInfo } from '../lib/experiment/headline.ts';
import { EXPERIMENT_PRESETS, experimentPreset } from '../lib/experiment/presets.ts';
import { validateExperimentConfig } from '../lib/experiment/config.ts';
import type { RunCurve } from '../lib/experiment/results.ts';
import { parseJsonSafely } from '../lib/schema/safe-json.ts';

const USAGE = 'usage: npx tsx src/cli/preset.ts [ID [--test | --readout RESULTS.json]]';

function fail(message: string): never {
  process.stderr.write(`preset: ${message}\n${USAGE}\n`);
  process.exit(2);
}

/** The parts of a results document (npm run experiment --out) that a readout needs, checked. */
function readResults(file: string): { config: ReturnType<typeof validateExperimentConfig>; runs: RunCurve[]; heldout: HeldOutInfo[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    fail(`cannot read ${file}: ${messageOf(e)}`);
  }
  const parsed = parseJsonSafely(text);
  if (!parsed.ok) fail(`${file} is not JSON: ${parsed.errors[0]}`);
  const doc = parsed.value as { config?: unknown; runs?: unknown; heldout?: unknown };
  if (!doc || typeof doc !== 'object' || !Array.isArray(doc.runs) || !Array.isArray(doc.heldout)) fail(`${file} is not a results file of npm run experiment (it needs config, runs and heldout)`);
  return { config: validateExperimentConfig(doc.config), runs: doc.runs as RunCurve[], heldout: doc.heldout as HeldOutInfo[] };
}

function main(): void {
  const [id, flag, file, ...rest] = process.argv.slice(2);
  if (id === undefined) {
    for (const p of EXPERIMENT_PRESETS) process.stdout.write(`${p.id.padEnd(22)} ${p.title}\n`);
    return;
  }
  if (id === '--help' || id === '-h') {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const p = experimentPreset(id) ?? fail(`unknown preset "${id}" (known: ${EXPERIMENT_PRESETS.map((x) => x.id).join(', ')})`);
  if (rest.length > 0) fail(`unexpected argument "${rest[0]}"`);
  if (flag === undefined || flag === '--test') {
    if (file !== undefined) fail(`unexpected argument "${file}"`);
    process.stdout.write(JSON.stringify(flag === '--test' ? p.testConfig() : p.config(), null, 2) + '\n');
    return;
  }
  if (flag !== '--readout') fail(`unknown option ${flag}`);
  if (file === undefined) fail('--readout needs a results file');
  const r = readResults(file);
  if (!r.config.ok) fail(`${file}: its experiment is not valid:\n  - ${r.config.errors.join('\n  - ')}`);
  const out = headline(p.headline, { config: r.config.value, runs: r.runs, heldout: r.heldout });
  const table = [['run', ...out.table.columns], ...out.table.rows.map((row) => [row.run, ...row.cells])];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  process.stdout.write(
    [
      `${p.title}: ${out.verdict === 'shown' ? 'expected effect shown' : out.verdict === 'not shown' ? 'expected effect NOT shown' : 'not measured'}`,
      `Expected: ${p.expected}`,
      out.summary,
      '',
      ...table.map((row) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')),
      '',
      ...out.notes,
      ...(out.mixture ? ['', 'share  final web bpb  final probe accuracy', ...out.mixture.map((m) => `${String(Math.round(m.share * 100)).padStart(4)}%  ${m.webBpb?.toFixed(3) ?? '—'}  ${m.probe?.toFixed(3) ?? '—'}`)] : []),
    ].join('\n') + '\n',
  );
}

main();
