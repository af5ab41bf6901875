// Headless runner: the same experiment as the lab, in Node, with the same library code.
//   npm run experiment -- --config FILE.json | --link "<share link>" [--backend cpu|webgpu]
//                         [--steps N] [--web FILE] [--out results.json]
// Writes every eval point of every run as JSON (schema below) and prints a summary table.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatFromName, loadBaseline, loadBaselineFromBytes, MemoryBaselineCache } from '../lib/baseline/index.ts';
import { webgpuChildEnv, webgpuEnvReady, installNodeWebGPU } from '../lib/backend/node-webgpu.ts';
import { validateExperimentConfig, type ExperimentConfig } from '../lib/experiment/config.ts';
import { payloadFromHash, decodeExperimentLink } from '../lib/link/experiment-link.ts';
import { parseJsonSafely } from '../lib/schema/safe-json.ts';
import { needsWebText, webTextFrom } from '../lib/experiment/web-text.ts';
import type { WebText } from '../lib/experiment/prepare.ts';
import { summaryTable, resultsDocument } from '../lib/experiment/results-doc.ts';
import { useKernels } from '../lib/experiment/kernels.ts';
import type { BackendName } from '../lib/backend/select.ts';

interface Args {
  config?: string;
  link?: string;
  backend: 'cpu' | 'webgpu';
  steps?: number;
  web?: string;
  out?: string;
}

const USAGE = 'usage: npm run experiment -- (--config FILE.json | --link "<share link>") [--backend cpu|webgpu] [--steps N] [--web FILE.jsonl|.txt|.parquet] [--out results.json]';

function fail(message: string): never {
  console.error(`experiment: ${message}\n${USAGE}`);
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const args: Args = { backend: 'cpu' };
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
    else if (flag === '--out') args.out = need();
    else if (flag === '--steps') {
      const n = Number(need());
      if (!Number.isInteger(n) || n < 1 || n > 200_000) fail(`--steps must be a whole number in [1, 200000]`);
      args.steps = n;
    } else if (flag === '--backend') {
      const b = need();
      if (b !== 'cpu' && b !== 'webgpu') fail(`--backend must be cpu or webgpu, got ${b}`);
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

async function loadWeb(config: ExperimentConfig, args: Args): Promise<WebText | null> {
  if (args.web) {
    const format = formatFromName(args.web);
    if (!format) fail(`cannot tell the format of ${args.web} (expected .jsonl, .txt or .parquet)`);
    const loaded = await loadBaselineFromBytes(new Uint8Array(readFileSync(args.web)), format, {}, basename(args.web));
    return webTextFrom(loaded, config);
  }
  if (!needsWebText(config)) return null;
  if (config.baseline.kind === 'hub') {
    console.error(`downloading web text: ${config.baseline.dataset} ${config.baseline.file} rows ${config.baseline.rowStart}–${config.baseline.rowEnd}`);
    const loaded = await loadBaseline(config.baseline, { cache: new MemoryBaselineCache() });
    return webTextFrom(loaded, config);
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
  const { prepareExperiment } = await import('../lib/experiment/prepare.ts');
  const { runExperiment } = await import('../lib/experiment/runner.ts');
  const { RunControl } = await import('../lib/experiment/control.ts');
  console.error(`synthlab: "${config.name}" — ${config.runs.length} run(s) × ${config.repeats} seed(s), ${config.train.steps} steps, backend ${backendName}`);
  const prepared = await prepareExperiment(config, web, (phase, detail) => console.error(`  [${phase}] ${detail}`));
  console.error(`  corpus fingerprint ${prepared.corpus.fingerprint}`);
  const started = new Date();
  const runs = await runExperiment(config, prepared, (e) => {
    if (e.type === 'eval') console.error(`  ${e.runId} step ${e.point.step}: ${Object.entries(e.point.bpb).map(([k, v]) => `${k} ${v.toFixed(3)} bpb`).join(', ')}`);
    else if (e.type === 'note') console.error(`  ${e.runId} step ${e.step}: ${e.message}`);
  }, new RunControl());
  const doc = resultsDocument({ config, backend: backendName, prepared, runs, started, finished: new Date() });
  if (args.out) writeFileSync(args.out, JSON.stringify(doc, null, 1));
  console.log(summaryTable(doc));
  if (args.out) console.log(`\nwrote ${args.out}`);
}

main().catch((e: unknown) => {
  console.error(`experiment: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
