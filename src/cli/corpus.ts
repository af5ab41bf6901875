// Generates a synthetic corpus file from a recipe:
//   npx tsx src/cli/corpus.ts --recipe <preset|file.json> --seed N --bytes N --out FILE [--web FILE] [--probes N]
// Writes FILE (documents each followed by a blank line), FILE.probes.jsonl (one probe or minimal pair per
// line, tagged with "type"), and prints the fingerprint and statistics. Bad arguments exit with code 2.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import {
  CorpusFingerprint,
  CorpusStatsAccumulator,
  DOC_SEPARATOR,
  PRESETS,
  generate,
  probes,
  validateRecipe,
  type CorpusStats,
  type Recipe,
} from '../lib/corpus/index.ts';

const USAGE =
  'usage: npx tsx src/cli/corpus.ts --recipe <preset|file.json> --seed N --bytes N --out FILE [--web FILE] [--probes N]\n' +
  `  presets: ${Object.keys(PRESETS).join(', ')}\n` +
  '  --web FILE: real web text for biography dilution (documents separated by blank lines)\n' +
  '  --probes N: probes per family (default 200)';

class UsageError extends Error {}

interface Args {
  recipe: Recipe;
  seed: string;
  out: string;
  web?: string[];
  probesPerFamily: number;
}

function parseArgs(argv: string[]): Args {
  const opts = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new UsageError(`unexpected argument "${a}"`);
    const key = a.slice(2);
    if (!['recipe', 'seed', 'bytes', 'out', 'web', 'probes'].includes(key)) throw new UsageError(`unknown option ${a}`);
    const v = argv[++i];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
    opts.set(key, v);
  }
  for (const k of ['recipe', 'seed', 'out']) if (!opts.has(k)) throw new UsageError(`missing --${k}`);
  const spec = opts.get('recipe') as string;
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
  const bytes = opts.get('bytes');
  if (bytes !== undefined) {
    if (!/^\d+$/.test(bytes)) throw new UsageError(`--bytes must be a positive integer, got "${bytes}"`);
    if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) raw = { ...raw, bytes: Number(bytes) };
  }
  const v = validateRecipe(raw);
  if (!v.ok) throw new UsageError(`invalid recipe:\n  ${v.errors.join('\n  ')}`);
  const seed = opts.get('seed') as string;
  if (!/^-?\d+$/.test(seed)) throw new UsageError(`--seed must be an integer, got "${seed}"`);
  const probesArg = opts.get('probes') ?? '200';
  if (!/^\d+$/.test(probesArg) || Number(probesArg) > 10_000) throw new UsageError(`--probes must be an integer in [0, 10000]`);
  let web: string[] | undefined;
  const webFile = opts.get('web');
  if (webFile !== undefined) {
    try {
      web = readFileSync(webFile, 'utf8').split(/\n\s*\n/).filter((d) => d.trim().length > 0);
    } catch {
      throw new UsageError(`--web "${webFile}" is not a readable file`);
    }
    if (web.length === 0) throw new UsageError(`--web "${webFile}" holds no documents`);
  }
  return { recipe: v.recipe, seed, out: opts.get('out') as string, web, probesPerFamily: Number(probesArg) };
}

function report(stats: CorpusStats, fingerprint: string, seconds: number, probeCount: number, pairCount: number): string {
  const lines = [
    `fingerprint  sha256:${fingerprint}`,
    `bytes        ${stats.bytes} (${(stats.bytes / 1e6 / seconds).toFixed(1)} MB/s incl. stats)`,
    `documents    ${stats.documents}`,
    `words        ${stats.words} (${stats.distinctWords} distinct)`,
    `n-gram diversity (distinct/total, first ${stats.ngramSampleBytes} bytes): ` +
      stats.ngramDiversity.map((d) => `n=${d.n} ${d.ratio.toFixed(4)}`).join('  '),
    `probes       ${probeCount} probes, ${pairCount} minimal pairs`,
    'family        share   docs     entropy floor (bits/byte)',
  ];
  for (const [name, f] of Object.entries(stats.families)) {
    lines.push(
      `${name.padEnd(13)} ${(f.share * 100).toFixed(1).padStart(5)}%  ${String(f.documents).padStart(7)}  ` +
        `${f.bitsIsUpperBound ? '≤ ' : '= '}${f.bitsPerByte.toFixed(4)}${f.upperBoundReason ? `  (upper bound: ${f.upperBoundReason})` : ''}`,
    );
  }
  if (stats.web.documents > 0) lines.push(`web           ${(stats.web.share * 100).toFixed(1).padStart(5)}%  ${String(stats.web.documents).padStart(7)}  (unknown)`);
  return lines.join('\n');
}

function main(): number {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`corpus: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  const t0 = performance.now();
  const stats = new CorpusStatsAccumulator(args.recipe);
  const fp = new CorpusFingerprint();
  const fd = openSync(args.out, 'w');
  try {
    for (const chunk of generate(args.recipe, args.seed, { webText: args.web })) {
      let text = '';
      for (const d of chunk) {
        stats.add(d);
        fp.add(d);
        text += d.text + DOC_SEPARATOR;
      }
      writeSync(fd, text);
    }
  } catch (e) {
    process.stderr.write(`corpus: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  } finally {
    closeSync(fd);
  }
  const set = probes(args.recipe, args.seed, args.probesPerFamily);
  const jsonl =
    set.probes.map((p) => JSON.stringify({ type: 'probe', ...p })).join('\n') +
    (set.probes.length ? '\n' : '') +
    set.minimalPairs.map((p) => JSON.stringify({ type: 'minimal-pair', ...p })).join('\n') +
    (set.minimalPairs.length ? '\n' : '');
  const pf = openSync(args.out + '.probes.jsonl', 'w');
  writeSync(pf, jsonl);
  closeSync(pf);
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(report(stats.result(), fp.digest(), seconds, set.probes.length, set.minimalPairs.length) + '\n');
  return 0;
}

process.exitCode = main();
