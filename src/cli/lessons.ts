// Measures every lesson: trains each preset at the budget the lab loads, on several seeds, headless, and
// judges each headline check over the seeds (src/lib/lessons/verdict.ts).
//   npm run lessons -- [--seeds 3 | --seeds 1234,1,2] [--preset ID[,ID...]] [--budget full|test]
//                      [--out docs/lessons-report.json] [--runs DIR] [--jobs N] [--backend wasm|cpu|webgpu]
//                      [--web FILE] [--docs] [--report-only]
// Each preset × seed is one `npm run experiment` child process (so two run at once on two cores), whose
// results land in the runs folder (default .lessons/, not committed). A run whose results are already
// there for the same experiment and backend is not run again: an interrupted sweep resumes where it was.
// --docs also regenerates the figures in docs/presets.md and the README from the report; --report-only
// writes the report from the runs already finished (a preset lists only the seeds that finished).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { messageOf } from '../lib/baseline/errors.ts';
import { OFFLINE_SAMPLE, sampleEntry } from '../lib/baseline/sample.ts';
import { DEFAULT_HEADLESS_BACKEND, HEADLESS_BACKENDS, isHeadlessBackend, type HeadlessBackend } from '../lib/backend/headless.ts';
import { tokenBudget, type ExperimentConfig } from '../lib/experiment/config.ts';
import { canonicalJson } from '../lib/experiment/fingerprint.ts';
import { headline } from '../lib/experiment/headline.ts';
import { budgetText, EXPERIMENT_PRESETS, type ExperimentPreset } from '../lib/experiment/presets.ts';
import type { ResultsDocument } from '../lib/experiment/results-doc.ts';
import { Sha256, sha256Hex } from '../lib/corpus/sha256.ts';
import { LESSONS_SCHEMA, lessonsTable, mergeEntries, type LessonBudget, type LessonEntry, type LessonRun, type LessonsReport } from '../lib/lessons/report.ts';
import { combineSeeds } from '../lib/lessons/verdict.ts';
import { LESSON_SEEDS } from '../lib/lessons/seeds.ts';
import { writeLessonDocs } from './lessons-docs.ts';

const USAGE =
  'usage: npm run lessons -- [--seeds N | --seeds S1,S2,...] [--preset ID[,ID...]] [--budget full|test] [--out FILE.json] [--runs DIR] [--jobs N] [--backend wasm|cpu|webgpu] [--web FILE] [--docs] [--report-only]';

interface Args {
  seeds: number[];
  presets: ExperimentPreset[];
  budget: LessonBudget;
  out: string;
  runs: string;
  jobs: number;
  backend: HeadlessBackend;
  web: string | null;
  docs: boolean;
  /** Write the report from the runs already finished, training nothing. */
  reportOnly: boolean;
}

function fail(message: string): never {
  console.error(`lessons: ${message}\n${USAGE}`);
  process.exit(2);
}

function parseSeeds(v: string): number[] {
  // A number up to the count of standard seeds is a count; a larger one (or a list) names the seeds.
  if (/^\d+$/.test(v) && Number(v) <= LESSON_SEEDS.length) {
    const n = Number(v);
    if (n < 1) fail(`--seeds N takes 1..${LESSON_SEEDS.length} (the standard seeds ${LESSON_SEEDS.join(', ')}), or a list like 1234,1,2`);
    return LESSON_SEEDS.slice(0, n);
  }
  const list = v.split(',').map((s) => Number(s.trim()));
  if (list.some((s) => !Number.isInteger(s) || s < 0 || s > 2 ** 31) || new Set(list).size !== list.length) fail(`--seeds must be a count or a list of distinct whole numbers, got ${v}`);
  return list;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { seeds: LESSON_SEEDS.slice(0, 3), presets: [...EXPERIMENT_PRESETS], budget: 'full', out: 'docs/lessons-report.json', runs: '.lessons', jobs: Math.max(1, Math.min(availableParallelism(), 2)), backend: DEFAULT_HEADLESS_BACKEND, web: null, docs: false, reportOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const need = () => {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) fail(`${flag} needs a value`);
      i++;
      return v;
    };
    if (flag === '--seeds') args.seeds = parseSeeds(need());
    else if (flag === '--preset') {
      const ids = need().split(',');
      args.presets = ids.map((id) => EXPERIMENT_PRESETS.find((p) => p.id === id) ?? fail(`unknown preset "${id}" (known: ${EXPERIMENT_PRESETS.map((p) => p.id).join(', ')})`));
    } else if (flag === '--budget') {
      const b = need();
      if (b !== 'full' && b !== 'test') fail(`--budget must be full (what the lab loads) or test (the reduced one), got ${b}`);
      args.budget = b;
    } else if (flag === '--out') args.out = need();
    else if (flag === '--runs') args.runs = need();
    else if (flag === '--web') args.web = need();
    else if (flag === '--jobs') {
      const n = Number(need());
      if (!Number.isInteger(n) || n < 1 || n > 64) fail('--jobs must be a whole number in [1, 64]');
      args.jobs = n;
    } else if (flag === '--backend') {
      const b = need();
      if (!isHeadlessBackend(b)) fail(`--backend must be one of ${HEADLESS_BACKENDS.join(', ')}, got ${b}`);
      args.backend = b;
    } else if (flag === '--docs') args.docs = true;
    else if (flag === '--report-only') args.reportOnly = true;
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else fail(`unknown argument ${flag}`);
  }
  return args;
}

/** One preset at one seed: its experiment, where its results go, and whether they are already there. */
interface Job {
  preset: ExperimentPreset;
  seed: number;
  config: ExperimentConfig;
  /** SHA-256 of the experiment, the backend and the web text: results for another of these are not reused. */
  key: string;
  dir: string;
  results: string;
  meta: string;
}

interface RunMeta {
  key: string;
  wallSeconds: number;
  backend: string;
}

const configOf = (p: ExperimentPreset, budget: LessonBudget, seed: number): ExperimentConfig => ({ ...(budget === 'full' ? p.config() : p.testConfig()), seed });

function planJobs(args: Args, webDigest: string): Job[] {
  return args.presets.flatMap((preset) =>
    args.seeds.map((seed) => {
      const config = configOf(preset, args.budget, seed);
      const dir = join(args.runs, args.budget, preset.id);
      const key = sha256Hex(`${canonicalJson(config)}\n${args.backend}\n${webDigest}`);
      return { preset, seed, config, key, dir, results: join(dir, `seed-${seed}.json`), meta: join(dir, `seed-${seed}.meta.json`) };
    }),
  );
}

function readMeta(job: Job): RunMeta | null {
  if (!existsSync(job.results) || !existsSync(job.meta)) return null;
  try {
    const m = JSON.parse(readFileSync(job.meta, 'utf8')) as RunMeta;
    return m.key === job.key ? m : null;
  } catch {
    return null;
  }
}

const EXPERIMENT_CLI = join(dirname(fileURLToPath(import.meta.url)), 'experiment.ts');

/** Progress of the running jobs, from the step numbers their logs print. */
const running = new Map<Job, number>();
/** The children, so an interrupted sweep stops them too (finished runs are kept; the next call resumes). */
const children = new Set<ChildProcess>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const c of children) c.kill('SIGTERM');
    console.error(`\nlessons: interrupted; finished runs are kept, run the same command again to resume`);
    process.exit(130);
  });
}

/** Runs one job as a child process (same Node, same tsx loader); resolves with its wall time. */
function runJob(job: Job, args: Args, web: string): Promise<number> {
  mkdirSync(job.dir, { recursive: true });
  const configFile = join(job.dir, `seed-${job.seed}.config.json`);
  writeFileSync(configFile, JSON.stringify(job.config, null, 1));
  const partial = `${job.results}.partial`;
  const log = createWriteStream(join(job.dir, `seed-${job.seed}.log`));
  const started = Date.now();
  running.set(job, 0);
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, EXPERIMENT_CLI, '--config', configFile, '--web', web, '--backend', args.backend, '--out', partial], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    const watch = (chunk: Buffer) => {
      log.write(chunk);
      for (const m of chunk.toString().matchAll(/ step (\d+):/g)) running.set(job, Math.max(running.get(job) ?? 0, Number(m[1])));
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    child.on('error', reject);
    child.on('close', (code) => {
      children.delete(child);
      log.end();
      running.delete(job);
      if (code !== 0) return reject(new Error(`${job.preset.id} seed ${job.seed} failed (exit ${code}); see ${join(job.dir, `seed-${job.seed}.log`)}`));
      const wallSeconds = (Date.now() - started) / 1000;
      renameSync(partial, job.results);
      writeFileSync(job.meta, JSON.stringify({ key: job.key, wallSeconds, backend: args.backend } satisfies RunMeta) + '\n');
      done(wallSeconds);
    });
  });
}

const clock = (s: number) => `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;

/** Runs the jobs `jobs` at a time, printing a line when each starts and ends and a progress line every minute. */
async function runAll(todo: Job[], args: Args, web: string): Promise<void> {
  const queue = [...todo];
  const total = todo.length;
  let finished = 0;
  const t0 = Date.now();
  const walls: number[] = [];
  const ticker = setInterval(() => {
    const now = [...running].map(([j, step]) => `${j.preset.id}/${j.seed} step ${step}/${j.config.train.steps}`).join(', ');
    const mean = walls.length ? walls.reduce((a, b) => a + b, 0) / walls.length : null;
    const eta = mean === null ? '' : `, about ${clock((mean * (total - finished)) / args.jobs)} left`;
    console.error(`  … ${finished}/${total} done after ${clock((Date.now() - t0) / 1000)}${eta}; running: ${now}`);
  }, 60_000);
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      console.error(`  start ${job.preset.id} seed ${job.seed} (${job.config.train.steps} steps × ${job.config.runs.length} runs)`);
      const wall = await runJob(job, args, web);
      walls.push(wall);
      finished++;
      console.error(`  done  ${job.preset.id} seed ${job.seed} in ${clock(wall)} [${finished}/${total}]`);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(args.jobs, todo.length) }, worker));
  } finally {
    clearInterval(ticker);
  }
}

function machine(): LessonsReport['machine'] {
  return { cpus: availableParallelism(), cpuModel: cpus()[0]?.model.trim() ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform}-${process.arch}` };
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['describe', '--always', '--dirty'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

/** A preset's entry from its seeds' results documents. */
function entryOf(preset: ExperimentPreset, budget: LessonBudget, jobs: Job[], outDir: string): LessonEntry {
  const done = jobs.map((job) => ({ job, meta: readMeta(job) })).filter((x): x is { job: Job; meta: RunMeta } => x.meta !== null);
  const readouts = done.map(({ job }) => {
    const doc = JSON.parse(readFileSync(job.results, 'utf8')) as ResultsDocument;
    return { seed: job.seed, readout: headline(preset.headline, { config: doc.config, runs: doc.runs, heldout: doc.heldout }) };
  });
  const checks = combineSeeds(readouts);
  const runs: LessonRun[] = done.map(({ job, meta }) => ({ seed: job.seed, wallSeconds: Math.round(meta.wallSeconds), results: relative(outDir, resolve(job.results)), backend: meta.backend }));
  return {
    id: preset.id,
    title: preset.title,
    expected: preset.expected,
    budget,
    seeds: done.map(({ job }) => job.seed),
    runs,
    checks,
    shown: checks.length > 0 && checks.every((c) => c.shown),
    tokensPerRun: tokenBudget(jobs[0].config),
    budgetText: budgetText(jobs[0].config),
  };
}

/** The web text the runs train on: --web, else the C4 sample shipped in datasets/ (what the lab races offline). */
function webFile(args: Args): { file: string; digest: string } {
  const file = args.web ?? fileURLToPath(new URL(`../../${sampleEntry(OFFLINE_SAMPLE).source}`, import.meta.url));
  let digest: string;
  try {
    digest = new Sha256().update(new Uint8Array(readFileSync(file))).digestHex();
  } catch (e) {
    fail(`cannot read ${file}: ${messageOf(e)}`);
  }
  return { file: resolve(file), digest };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const web = webFile(args);
  const jobs = planJobs(args, web.digest);
  const todo = args.reportOnly ? [] : jobs.filter((j) => readMeta(j) === null);
  console.error(`lessons: ${args.presets.length} preset(s) × ${args.seeds.length} seed(s) (${args.seeds.join(', ')}), ${args.budget} budget, backend ${args.backend}, ${args.jobs} at a time; ${jobs.filter((j) => readMeta(j) !== null).length} already done in ${args.runs}, ${todo.length} to run`);
  let failure: Error | null = null;
  try {
    await runAll(todo, args, web.file);
  } catch (e) {
    failure = e instanceof Error ? e : new Error(String(e));
  }
  const outDir = dirname(resolve(args.out));
  // A report over part of the presets keeps the other presets' entries from the report already there.
  const previous = existsSync(args.out) ? (JSON.parse(readFileSync(args.out, 'utf8')) as LessonsReport) : null;
  const fresh = args.presets.map((p) => entryOf(p, args.budget, jobs.filter((j) => j.preset === p), outDir));
  const report: LessonsReport = {
    schema: LESSONS_SCHEMA,
    createdAt: new Date().toISOString(),
    commit: gitCommit(),
    backend: args.backend,
    machine: machine(),
    budget: args.budget,
    presets: mergeEntries(previous, fresh, args.budget, args.backend, EXPERIMENT_PRESETS.map((p) => p.id)),
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(args.out, JSON.stringify(report, null, 1) + '\n');
  console.log(lessonsTable(report));
  console.log(`\nwrote ${args.out}`);
  if (args.docs) for (const f of writeLessonDocs(report)) console.log(`updated ${f}`);
  if (failure) {
    console.error(`lessons: ${failure.message}`);
    process.exit(1);
  }
}

main().catch((e: unknown) => {
  console.error(`lessons: ${messageOf(e)}`);
  process.exit(1);
});
