// The headless runner's output: one JSON document per experiment (schema "synthlab-results/1") and
// the summary table printed after a run. Also what the lab exports as "runs as JSON".
import type { ExperimentConfig } from './config.ts';
import type { PreparedExperiment } from './prepare.ts';
import type { RunCurve } from './results.ts';

export const RESULTS_SCHEMA = 'synthlab-results/1';

export interface ResultsDocument {
  schema: typeof RESULTS_SCHEMA;
  config: ExperimentConfig;
  backend: string;
  startedAt: string;
  finishedAt: string;
  corpus: { fingerprint: string; bytes: number; documents: number; web: PreparedExperiment['corpus']['web'] };
  tokenizer: { kind: string; vocabSize: number };
  heldout: Array<{ name: string; bytes: number; floorBpb: number | null; floorIsUpperBound: boolean }>;
  runs: RunCurve[];
}

export function resultsDocument(x: { config: ExperimentConfig; backend: string; prepared: PreparedExperiment; runs: RunCurve[]; started: Date; finished: Date }): ResultsDocument {
  return {
    schema: RESULTS_SCHEMA,
    config: x.config,
    backend: x.backend,
    startedAt: x.started.toISOString(),
    finishedAt: x.finished.toISOString(),
    corpus: { fingerprint: x.prepared.corpus.fingerprint, bytes: x.prepared.corpus.stats.bytes, documents: x.prepared.corpus.stats.documents, web: x.prepared.corpus.web },
    tokenizer: { kind: x.prepared.tokenizer.kind, vocabSize: x.prepared.tokenizer.vocabSize },
    heldout: x.prepared.heldout.map(({ name, bytes, floorBpb, floorIsUpperBound }) => ({ name, bytes, floorBpb, floorIsUpperBound })),
    runs: x.runs,
  };
}

const f3 = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(3));

/** Final held-out bpb on each set and probe accuracy per run, as a plain-text table. */
export function summaryTable(doc: ResultsDocument): string {
  const sets = doc.heldout.map((h) => h.name);
  const families = [...new Set(doc.runs.flatMap((r) => Object.keys(r.points.at(-1)?.probeRank ?? {})))].sort();
  const header = ['run', 'steps', ...sets.map((s) => `bpb ${s}`), ...families.map((f) => `probe ${f}`), 'pairs'];
  const floor = ['(entropy floor)', '', ...doc.heldout.map((h) => (h.floorBpb === null ? '' : `${h.floorIsUpperBound ? '≤' : ''}${f3(h.floorBpb)}`)), ...families.map(() => ''), ''];
  const rows = doc.runs.map((r) => {
    const p = r.points.at(-1);
    return [r.name, String(p?.step ?? 0), ...sets.map((s) => f3(p?.bpb[s])), ...families.map((f) => f3(p?.probeRank[f])), f3(p?.pairs)];
  });
  const all = [header, ...rows, floor];
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  return all.map((row) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n');
}
