// Headless runner: the same experiment as the lab, in Node, with the same library code.
//   npm run experiment -- --config FILE.json | --link "<share link>" [--backend wasm|cpu|webgpu]
//                         [--steps N] [--web FILE] [--extra FILE] [--out results.json]
//                         [--checkpoints DIR] [--resume FILE.slck [FILE.slck ...]]
// --checkpoints DIR also gets DIR/tokenizer.json, the tokenizer the runs trained with (its digest is in
// every checkpoint), which export-weights pairs the checkpoints' weights with.
// Writes every eval point of every run as JSON (schema "synthlab-results/2", documented field by field
// in src/lib/experiment/README.md) and prints a summary table.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatFromName, loadBaseline, loadBaselineFromBytes, MemoryBaselineCache } from '../lib/baseline/index.ts';
import { loadSample, sampleEntry } from '../lib/baseline/sample.ts';
import { webgpuChildEnv, webgpuEnvReady, installNodeWebGPU } from '../lib/backend/node-webgpu.ts';
import { validateExperimentConfig, type ExperimentConfig } from '../lib/experiment/config.ts';
import { payloadFromHash, decodeExperimentLink } from '../lib/link/experiment-link.ts';
import { parseJsonSafely } from '../lib/schema/safe-json.ts';
import { needsWebText, webTextFrom } from '../lib/experiment/web-text.ts';
import { extraTextFrom, type ExtraText } from '../lib/experiment/extra-text.ts';
import type { WebText } from '../lib/experiment/prepare.ts';
import { summaryTable, resultsDocument } from '../lib/experiment/results-doc.ts';
import { modelSummary, runModelSummaries, type ModelSummary } from '../lib/experiment/derived-configs.ts';
import type { ResumeState } from '../lib/experiment/protocol.ts';
import { useKernels } from '../lib/experiment/kernels.ts';
import { exportTokenizer, importTokenizer } from '../lib/export/tokenizer-json.ts';
import { tokenizerDigest } from '../lib/export/tokenizer-digest.ts';
import type { Tokenizer } from '../lib/tokenizer/index.ts';
import type { BackendName } from '../lib/backend/select.ts';
import { DEFAULT_HEADLESS_BACKEND, HEADLESS_BACKENDS, isHeadlessBackend, type HeadlessBackend } from '../lib/backend/headless.ts';

interface Args {
  config?: string;
  link?: string;
  backend: HeadlessBackend;
  steps?: number;
  web?: string;
  /** Text of the experiment's extra corpus (config.extra). */
  extra?: string;
  out?: string;
  /** Write every checkpoint (one per run per eval point) into this folder. */
  checkpoints?: string;
  resume: string[];
}

const USAGE =
  'usage: npm run experiment -- (--config FILE.json | --link "<share link>") [--backend wasm|cpu|webgpu] [--steps N] [--web FILE.jsonl|.txt|.parquet] [--extra FILE] [--out results.json] [--checkpoints DIR] [--resume FILE.slck ...]';

function fail(message: string): never {
  console.error(`experiment: ${message}\n${USAGE}`);
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const args: Args = { backend: DEFAULT_HEADLESS_BACKEND, resume: [] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const need = () => {
      if (value === undefined || value.startsWith('--')) fail(`${flag} needs a value`);
      i++;
      return value;
    };
    if (flag === '--config') args.config = need();
    else if (flag === '--link') args.link = need();
    else if (flag === '--web') args.web = need();
    else if (flag === '--extra') args.extra = need();
    else if (flag === '--out') args.out = need();
    else if (flag === '--checkpoints') args.checkpoints = need();
    else if (flag === '--resume') {
      // One or more files, up to the next flag.
      while (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) args.resume.push(argv[++i]);
      if (!args.resume.length) fail('--resume needs at least one checkpoint file');
    }
    else if (flag === '--steps') {
      const n = Number(need());
      if (!Number.isInteger(n) || n < 1 || n > 200_000) fail(`--steps must be a whole number in [1, 200000]`);
      args.steps = n;
    } else if (flag === '--backend') {
      const b = need();
      if (!isHeadlessBackend(b)) fail(`--backend must be one of ${HEADLESS_BACKENDS.join(', ')}, got ${b}`);
      args.backend = b;
    } else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else fail(`unknown argument ${flag}`);
  }
  if (!args.config === !args.link) fail('give exactly one of --config and --link');
  return args;
}

async function loadConfig(args: Args): Promise<ExperimentConfig> {
  if (args.config) {
    let text: string;
    try {
      text = readFileSync(args.config, 'utf8');
    } catch (e) {
      fail(`cannot read ${args.config}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const parsed = parseJsonSafely(text);
    if (!parsed.ok) fail(`${args.config} ${parsed.errors[0].replace(/^value: /, '')}`);
    const v = validateExperimentConfig(parsed.value);
    if (!v.ok) fail(`${args.config} is not a valid experiment:\n  - ${v.errors.join('\n  - ')}`);
    return v.value;
  }
  const link = args.link!;
  const hash = link.includes('#') ? link.slice(link.indexOf('#')) : `#${link.replace(/^\?/, '')}`;
  const payload = payloadFromHash(hash) ?? link;
  const r = await decodeExperimentLink(payload);
  if (!r.ok) fail(`the link is not a valid synthlab experiment:\n  - ${r.errors.join('\n  - ')}`);
  return r.value.config;
}

/** Text that is not what the config names is bad input (exit 2), like a bad config. */
function refusing<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
}

/** Documents of a local text file, in any format the baseline loader reads. */
async function loadLocalDocs(file: string): Promise<Awaited<ReturnType<typeof loadBaselineFromBytes>>> {
  const format = formatFromName(file);
  if (!format) fail(`cannot tell the format of ${file} (expected .jsonl, .txt or .parquet)`);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (e) {
    fail(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return loadBaselineFromBytes(bytes, format, {}, basename(file));
}

async function loadExtra(config: ExperimentConfig, args: Args): Promise<ExtraText | null> {
  if (!config.extra) {
    if (args.extra) fail('--extra was given, but this experiment has no extra corpus ("extra" in its config)');
    return null;
  }
  if (!args.extra) fail(`this experiment has an extra corpus ("${config.extra.name}"); pass its text with --extra FILE`);
  const loaded = await loadLocalDocs(args.extra);
  return refusing(() => extraTextFrom(loaded, config));
}

async function loadWeb(config: ExperimentConfig, args: Args): Promise<WebText | null> {
  if (args.web) {
    const loaded = await loadLocalDocs(args.web);
    return refusing(() => webTextFrom(loaded, config));
  }
  if (!needsWebText(config)) return null;
  if (config.baseline.kind === 'hub') {
    console.error(`downloading web text: ${config.baseline.dataset} ${config.baseline.file} rows ${config.baseline.rowStart}–${config.baseline.rowEnd}`);
    const loaded = await loadBaseline(config.baseline, { cache: new MemoryBaselineCache() });
    return refusing(() => webTextFrom(loaded, config));
  }
  if (config.baseline.kind === 'sample') {
    const entry = sampleEntry(config.baseline);
    const bytes = new Uint8Array(readFileSync(fileURLToPath(new URL(`../../${entry.source}`, import.meta.url))));
    const loaded = await loadSample(config.baseline, bytes).catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
    return refusing(() => webTextFrom(loaded, config));
  }
  fail(`this experiment needs web text; its baseline is "${config.baseline.kind}", so pass --web FILE`);
}

async function startBackend(backend: Args['backend']): Promise<{ name: BackendName; label: string }> {
  const tf = await import('@tensorflow/tfjs');
  tf.env().set('PROD', true); // no "install tfjs-node" hint, no debug checks
  if (backend === 'webgpu') await installNodeWebGPU();
  const { startBestBackend } = await import('../lib/backend/select.ts');
  const choice = await startBestBackend(backend);
  return { name: choice.backend, label: choice.device ? `webgpu (${choice.device.vendor}/${choice.device.architecture})` : choice.backend };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  // Dawn reads its Vulkan driver settings at process start: re-launch with them when needed.
  if (args.backend === 'webgpu' && !webgpuEnvReady()) {
    const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit', env: webgpuChildEnv() });
    process.exit(r.status ?? 1);
  }
  const config = await loadConfig(args);
  if (args.steps) {
    config.train.steps = args.steps;
    config.train.warmupSteps = Math.min(config.train.warmupSteps, args.steps);
  }
  const backend = await startBackend(args.backend);
  const backendName = backend.label;
  const kernelNote = await useKernels(config, backend.name);
  if (kernelNote) console.error(`synthlab: ${kernelNote}`);
  const web = await loadWeb(config, args);
  const extra = await loadExtra(config, args);
  const { prepareExperiment } = await import('../lib/experiment/prepare.ts');
  const { runExperiment } = await import('../lib/experiment/runner.ts');
  const { RunControl } = await import('../lib/experiment/control.ts');
  const { evalCost } = await import('../lib/experiment/eval-cost.ts');
  const resume = args.resume.length ? await loadResume(args.resume, config) : undefined;
  console.error(`synthlab: "${config.name}" — ${config.runs.length} run(s) × ${config.repeats} seed(s), ${config.train.steps} steps, backend ${backendName}`);
  const prepared = await prepareExperiment(config, web, (phase, detail) => console.error(`  [${phase}] ${detail}`), extra);
  const describe = (m: ModelSummary) => `${m.parameters} parameters (${m.style}, ${m.nLayer} layers × ${m.dModel} wide, ${m.nHead} heads, MLP ${m.mlpHidden}, context ${m.contextLength}, vocabulary ${m.vocabSize})`;
  const perRun = runModelSummaries(config, prepared.tokenizer.vocabSize);
  if (perRun) for (const r of perRun) console.error(`  model of "${r.run}": ${describe(r.model)}`);
  else console.error(`  model: ${describe(modelSummary(config, prepared.tokenizer.vocabSize))}`);
  console.error(`  corpus fingerprint ${prepared.corpus.fingerprint}`);
  const cost = evalCost(prepared, config);
  console.error(`  one evaluation: at most ${cost.total} forward passes of ${config.train.batchSize} rows (bpb ${cost.bpb}, ranking ${cost.ranking}, exact match ${cost.exact}, pairs ${cost.pairs}, samples ${cost.samples})`);
  for (const f of prepared.probeFit) {
    if (f.outOfContext > 0) console.error(`  note: ${f.outOfContext} of ${f.total} ${f.family} probes do not fit the ${config.model.contextLength}-token context (prompt + answer) and are not scored`);
  }
  if (resume) for (const [runId, bytes] of Object.entries(resume.checkpoints)) console.error(`  resuming ${runId} from its checkpoint (${bytes.byteLength} bytes)`);
  if (args.checkpoints) {
    mkdirSync(args.checkpoints, { recursive: true });
    console.error(`  tokenizer ${writeTokenizerBeside(args.checkpoints, prepared.tokenizer)}`);
  }
  const started = new Date();
  const runs = await runExperiment(config, prepared, (e) => {
    if (e.type === 'eval') console.error(`  ${e.runId} step ${e.point.step}: ${Object.entries(e.point.bpb).map(([k, v]) => `${k} ${v.toFixed(3)} bpb`).join(', ')}`);
    else if (e.type === 'note') console.error(`  ${e.runId} step ${e.step}: ${e.message}`);
    else if (e.type === 'checkpoint' && args.checkpoints) writeFileSync(join(args.checkpoints, `${e.runId}.step${e.step}.slck`), new Uint8Array(e.bytes));
  }, new RunControl(), { resume });
  const doc = resultsDocument({ config, backend: backendName, prepared, runs, started, finished: new Date() });
  if (args.out) writeFileSync(args.out, JSON.stringify(doc, null, 1));
  console.log(summaryTable(doc));
  if (args.out) console.log(`\nwrote ${args.out}`);
}

/**
 * Writes DIR/tokenizer.json (exportTokenizer format) for the checkpoints in DIR; returns what it did, for
 * the log. A different tokenizer already there pairs with checkpoints of another experiment: replacing
 * it would leave those without theirs, so that is refused (exit 2) before any training.
 */
function writeTokenizerBeside(dir: string, tok: Tokenizer): string {
  const file = join(dir, 'tokenizer.json');
  const digest = tokenizerDigest(tok);
  if (existsSync(file)) {
    let theirs: string | null = null;
    try {
      theirs = tokenizerDigest(importTokenizer(JSON.parse(readFileSync(file, 'utf8'))));
    } catch {
      theirs = null;
    }
    if (theirs !== digest) fail(`${file} is not this experiment's tokenizer (it goes with checkpoints of another experiment, or is no tokenizer file); give --checkpoints a folder of its own`);
    return `${digest} already in ${file}`;
  }
  writeFileSync(file, JSON.stringify(exportTokenizer(tok)) + '\n');
  return `${digest} written to ${file}`;
}

async function loadResume(files: string[], config: ExperimentConfig): Promise<ResumeState> {
  const { resumeFromCheckpointFiles } = await import('../lib/experiment/resume.ts');
  const read = files.map((f) => {
    try {
      return { name: basename(f), bytes: new Uint8Array(readFileSync(f)) };
    } catch (e) {
      fail(`cannot read ${f}: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  try {
    return resumeFromCheckpointFiles(read, config);
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
}

main().catch((e: unknown) => {
  console.error(`experiment: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
