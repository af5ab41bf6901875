// The headless runner's output: one JSON document per experiment (schema "synthlab-results/2", every
// field described in README.md in this folder) and the summary table printed after a run.
import { aggregateFinals, type SpecAggregate } from './aggregate.ts';
import type { ExperimentConfig } from './config.ts';
import { modelSummary, runModelSummaries, type ModelSummary } from './derived-configs.ts';
import type { PreparedExperiment, ProbeFit } from './prepare.ts';
import { metricValue, type RunCurve, type StoryMetric } from './results.ts';
import { formatSpread, type Spread } from './spread.ts';

/**
 * Version 2: held-out sets are scored as separated documents (document bytes only), arithmetic exact
 * match is by final answer, and the document gained model, probes and aggregates. Numbers from version 1
 * files are not comparable with these.
 */
export const RESULTS_SCHEMA = 'synthlab-results/2';

export interface ResultsDocument {
  schema: typeof RESULTS_SCHEMA;
  config: ExperimentConfig;
  backend: string;
  startedAt: string;
  finishedAt: string;
  model: ModelSummary;
  /** Each run's model, when runs set their own (config.runs[].model); absent when all train `model`. */
  runModels?: Array<{ run: string; model: ModelSummary }>;
  corpus: { fingerprint: string; bytes: number; documents: number; web: PreparedExperiment['corpus']['web']; extra: PreparedExperiment['corpus']['web'] };
  tokenizer: { kind: string; vocabSize: number };
  heldout: Array<{ name: string; bytes: number; documents: number; floorBpb: number | null; floorIsUpperBound: boolean }>;
  probes: ProbeFit[];
  runs: RunCurve[];
  aggregates: SpecAggregate[];
}

export function resultsDocument(x: { config: ExperimentConfig; backend: string; prepared: PreparedExperiment; runs: RunCurve[]; started: Date; finished: Date }): ResultsDocument {
  return {
    schema: RESULTS_SCHEMA,
    config: x.config,
    backend: x.backend,
    startedAt: x.started.toISOString(),
    finishedAt: x.finished.toISOString(),
    model: modelSummary(x.config, x.prepared.tokenizer.vocabSize),
    ...runModelsField(x.config, x.prepared.tokenizer.vocabSize),
    corpus: { fingerprint: x.prepared.corpus.fingerprint, bytes: x.prepared.corpus.stats.bytes, documents: x.prepared.corpus.stats.documents, web: x.prepared.corpus.web, extra: x.prepared.corpus.extra ?? null },
    tokenizer: { kind: x.prepared.tokenizer.kind, vocabSize: x.prepared.tokenizer.vocabSize },
    heldout: x.prepared.heldout.map(({ name, bytes, docs, floorBpb, floorIsUpperBound }) => ({ name, bytes, documents: docs.length, floorBpb, floorIsUpperBound })),
    probes: x.prepared.probeFit,
    runs: x.runs,
    aggregates: aggregateFinals(x.config, x.runs),
  };
}

const f3 = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(3));

/** A column of the summary table: its header and the metric column it reads (see results.ts metricValue). */
interface Column {
  header: string;
  metric: string;
}

const STORY_COLUMNS: ReadonlyArray<{ header: string; metric: StoryMetric }> = [
  { header: 'story parse', metric: 'storyParse' },
  { header: 'grammatical', metric: 'storyGrammatical' },
  { header: 'consistent', metric: 'storyConsistent' },
];

function columnsOf(doc: ResultsDocument): Column[] {
  const last = doc.runs.map((r) => r.points.at(-1)).filter((p) => p !== undefined);
  const keys = (group: 'probeRank' | 'probeExact') => new Set(last.flatMap((p) => Object.keys(p[group])));
  const rank = keys('probeRank');
  const exact = keys('probeExact');
  // Every family with any probe metric, including those scored only by exact match (arithmetic).
  const families = [...new Set([...rank, ...exact])].sort();
  return [
    ...doc.heldout.map((h) => ({ header: `bpb ${h.name}`, metric: `bpb.${h.name}` })),
    ...families.flatMap((f) => [
      ...(rank.has(f) ? [{ header: `rank ${f}`, metric: `probeRank.${f}` }] : []),
      ...(exact.has(f) ? [{ header: `exact ${f}`, metric: `probeExact.${f}` }] : []),
    ]),
    { header: 'pairs', metric: 'pairs' },
    ...STORY_COLUMNS.filter((c) => last.some((p) => p[c.metric] !== undefined)),
  ];
}

function renderTable(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n');
}

const cellOf = (s: Spread | undefined) => (s ? formatSpread(s, 3, false) : '—');

/**
 * Final metrics per run as a plain-text table: bpb on each held-out set, probe accuracy per family
 * (ranking and exact match), minimal pairs and the story-sample shares; with repeats, one row per
 * run spec (mean ± sample standard deviation over seeds) after the per-seed rows; the entropy floor
 * last. A second table gives the probe slices (arithmetic by steps and split, textbook by kind).
 */
export function summaryTable(doc: ResultsDocument): string {
  const cols = columnsOf(doc);
  const header = ['run', 'steps', ...cols.map((c) => c.header)];
  const rows = doc.runs.map((r) => {
    const p = r.points.at(-1);
    return [r.name, String(p?.step ?? 0), ...cols.map((c) => f3(p ? metricValue(p, c.metric) : null))];
  });
  const repeated = doc.config.repeats > 1;
  const aggregateRows = repeated
    ? doc.aggregates.map((a) => [`${a.name} (mean ± sd, n=${a.runIds.length})`, a.steps.every((s) => s === a.steps[0]) ? String(a.steps[0] ?? 0) : a.steps.join('/'), ...cols.map((c) => cellOf(a.final[c.metric]))])
    : [];
  const floor = ['(entropy floor)', '', ...cols.map((c) => {
    const h = doc.heldout.find((s) => `bpb.${s.name}` === c.metric);
    return !h || h.floorBpb === null ? '' : `${h.floorIsUpperBound ? '≤' : ''}${f3(h.floorBpb)}`;
  })];
  const main = renderTable([header, ...rows, ...aggregateRows, floor]);

  const slices = [...new Set(doc.runs.flatMap((r) => Object.keys(r.points.at(-1)?.probeBreakdown ?? {})))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (!slices.length) return main;
  const sliceRows = doc.runs.map((r) => [r.name, ...slices.map((s) => f3(r.points.at(-1)?.probeBreakdown?.[s]))]);
  const sliceAggregates = repeated ? doc.aggregates.map((a) => [`${a.name} (mean ± sd)`, ...slices.map((s) => cellOf(a.final[`probeBreakdown.${s}`]))]) : [];
  return `${main}\n\nprobe accuracy by slice\n${renderTable([['run', ...slices], ...sliceRows, ...sliceAggregates])}`;
}

function runModelsField(config: ExperimentConfig, vocabSize: number): Pick<ResultsDocument, 'runModels'> {
  const runModels = runModelSummaries(config, vocabSize);
  return runModels ? { runModels } : {};
}
