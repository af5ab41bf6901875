// The measurements of an experiment: one curve of eval points per run. Shared by the worker (which
// produces them), the UI (which draws them), links (which carry them) and exports (JSON, CSV).

/** One evaluation of one run; every run of an experiment is evaluated at the same steps. */
export interface EvalPoint {
  step: number;
  /** Training tokens seen so far (step × batch × context): the x axis that is fair across runs. */
  tokens: number;
  elapsedMs: number;
  /** Mean training loss (nats/token) over the steps since the previous eval point. */
  trainLoss: number;
  /** Held-out bits per byte, by held-out set name ("web", "stories", "biographies", ...). */
  bpb: Record<string, number>;
  /** Probe accuracy by likelihood ranking of candidates, by family (0..1). */
  probeRank: Record<string, number>;
  /**
   * Probe accuracy by greedy exact match, by family (0..1). Probes that record a final answer
   * (arithmetic) count when the model's own answer line gives that number.
   */
  probeExact: Record<string, number>;
  /**
   * Accuracy (0..1) of slices of a family's probes, keyed "family/slice": "arithmetic/steps=2" (iid
   * problems with 2 steps), "arithmetic/iid", "arithmetic/ood", "arithmetic/ood-steps",
   * "arithmetic/ood-operands", "textbook/direct", "textbook/two-hop", ... (eval/breakdown.ts). Absent in
   * points recorded before it existed.
   */
  probeBreakdown?: Record<string, number>;
  /** Minimal-pair accuracy (0..1), or null when the corpus has none. */
  pairs: number | null;
  /**
   * Share (0..1) of free samples from held-out story openings that parse under the story grammar
   * (eval/story-parse.ts). Present when the experiment has a stories held-out set.
   */
  storyParse?: number;
  /**
   * Share (0..1) of the complete sentences of those samples (after the prompt) that are grammatical under
   * the story grammar as lone sentences, whatever the story state (eval/story-grade.ts); 0 when they
   * complete no sentence. Present when the experiment has a stories held-out set.
   */
  storyGrammatical?: number;
  /**
   * Of those grammatical sentences, the share (0..1) also consistent with the story so far (characters
   * introduced, pronouns and "girl"/"boy" agreeing, objects held, plot order). Absent when no sentence is
   * grammatical. storyGrammatical × storyConsistent is the share of all sentences that are both.
   */
  storyConsistent?: number;
}

export interface RunNote {
  step: number;
  message: string;
}

export interface RunCurve {
  runId: string;
  name: string;
  seed: number;
  /** Share of synthetic text in this run's training stream (1 = synthetic only, 0 = web only). */
  share: number;
  points: EvalPoint[];
  notes: RunNote[];
  /** Sampled continuations of the fixed prompts at the latest eval point. */
  samples: string[];
  status: 'pending' | 'running' | 'paused' | 'done' | 'failed' | 'stopped';
}

export interface ExperimentResults {
  runs: RunCurve[];
}

/** Groups of per-key metrics in an EvalPoint; a column is "group.key". */
export const KEYED_METRICS = ['bpb', 'probeRank', 'probeExact', 'probeBreakdown'] as const;
export type KeyedMetric = (typeof KEYED_METRICS)[number];

/** Optional single-number metrics of a point; each is its own column, named as the field. */
export const STORY_METRICS = ['storyParse', 'storyGrammatical', 'storyConsistent'] as const;
export type StoryMetric = (typeof STORY_METRICS)[number];

/** Every metric column of a point, flattened, in a stable order (for CSV and compact links). */
export function metricColumns(runs: readonly RunCurve[]): string[] {
  const cols = new Set<string>();
  const story = new Set<StoryMetric>();
  for (const r of runs) {
    for (const p of r.points) {
      for (const g of KEYED_METRICS) for (const k of Object.keys(p[g] ?? {})) cols.add(`${g}.${k}`);
      for (const m of STORY_METRICS) if (p[m] !== undefined) story.add(m);
    }
  }
  return [...[...cols].sort(), ...STORY_METRICS.filter((m) => story.has(m))];
}

/** A point's value in a column of metricColumns (or "trainLoss", "pairs"), or null when absent or not finite. */
export function metricValue(p: EvalPoint, column: string): number | null {
  let v: number | null | undefined;
  if ((STORY_METRICS as readonly string[]).includes(column)) v = p[column as StoryMetric];
  else if (column === 'trainLoss') v = p.trainLoss;
  else if (column === 'pairs') v = p.pairs;
  else {
    const dot = column.indexOf('.');
    const group = column.slice(0, dot) as KeyedMetric;
    v = (KEYED_METRICS as readonly string[]).includes(group) ? p[group]?.[column.slice(dot + 1)] : undefined;
  }
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
