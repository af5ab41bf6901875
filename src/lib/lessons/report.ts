// The lessons report (schema "synthlab-lessons/1"): every preset's checks over several seeds, with the
// machine, backend and commit that measured them. `npm run lessons` writes it (docs/lessons-report.json
// is the committed one); docs/presets.md and the README's preset table are generated from it (docs.ts).
import { formatEffect, type LessonCheck } from './verdict.ts';

export const LESSONS_SCHEMA = 'synthlab-lessons/1';

export type LessonBudget = 'full' | 'test';

export interface LessonRun {
  seed: number;
  /** Wall time of the whole run pair/set (preparation, training, evaluation), on the machine below. */
  wallSeconds: number;
  /** The results document, relative to the report's run folder. */
  results: string;
  backend: string;
}

export interface LessonEntry {
  id: string;
  title: string;
  expected: string;
  budget: LessonBudget;
  /** Seeds the preset ran with, in order. */
  seeds: number[];
  runs: LessonRun[];
  checks: LessonCheck[];
  /** Every check, primary or not, shown over the seeds. */
  shown: boolean;
  /** Training tokens per run at this budget. */
  tokensPerRun: number;
  /** The budget in words (presets.ts budgetText, for the preset's own seed): steps, batch, model, evaluation. */
  budgetText: string;
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
}

export interface LessonsReport {
  schema: typeof LESSONS_SCHEMA;
  createdAt: string;
  /** `git describe --always --dirty` of the code that ran. */
  commit: string;
  backend: string;
  machine: Machine;
  budget: LessonBudget;
  presets: LessonEntry[];
}

/**
 * The presets of a new report: those just measured, then the previous report's others (same budget and
 * backend only), in `order`. A preset measured now with no finished run (its runs are not in this
 * checkout's run folder, as after a fresh clone with --report-only) keeps its previous entry.
 */
export function mergeEntries(previous: LessonsReport | null, fresh: readonly LessonEntry[], budget: LessonBudget, backend: string, order: readonly string[]): LessonEntry[] {
  const comparable = previous && previous.budget === budget && previous.backend === backend ? previous.presets : [];
  const measured = fresh.filter((e) => e.seeds.length > 0 || !comparable.some((p) => p.id === e.id));
  const kept = comparable.filter((e) => !measured.some((f) => f.id === e.id));
  return [...kept, ...measured].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
}

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - s.length));
const verdictWord = (shown: boolean) => (shown ? 'shown' : 'NOT SHOWN');

/** Margins read as their checks do: "≥ 0.05", "≥ 1.2×". */
export function formatMargin(c: Pick<LessonCheck, 'margin' | 'neutral'>): string {
  if (c.margin === null) return '—';
  return c.neutral === 1 ? `≥ ${c.margin}×` : `≥ ${c.margin}`;
}

/** The table `npm run lessons` prints: preset × check → per-seed values, mean, margin, verdict; wall time per run. */
export function lessonsTable(report: LessonsReport): string {
  const lines: string[] = [];
  for (const p of report.presets) {
    if (p.runs.length === 0) {
      lines.push(`${p.title} [${p.id}] — not measured: no seed finished (${p.budget} budget)`, '');
      continue;
    }
    const walls = p.runs.map((r) => `${Math.round(r.wallSeconds)} s`).join(', ');
    lines.push(`${p.title} [${p.id}] — ${verdictWord(p.shown)} on seeds ${p.seeds.join(', ')} (${p.budget} budget; wall per seed: ${walls})`);
    const rows = p.checks.map((c) => [
      `  ${c.primary ? '' : '(also) '}${c.id}`,
      ...c.seeds.map((s) => formatEffect(s.value, c.neutral, s.lowerBound)),
      formatEffect(c.mean, c.neutral, c.seeds.some((s) => s.lowerBound)),
      formatMargin(c),
      verdictWord(c.shown),
    ]);
    const header = ['  check', ...p.seeds.map((s) => `seed ${s}`), 'mean', 'margin', 'verdict'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    lines.push(header.map((h, i) => pad(h, widths[i])).join('  '));
    for (const r of rows) lines.push(r.map((cell, i) => pad(cell, widths[i])).join('  ').trimEnd());
    lines.push('');
  }
  const all = report.presets.flatMap((p) => p.checks);
  lines.push(`${all.filter((c) => c.shown).length} of ${all.length} checks shown in ${report.presets.filter((p) => p.shown).length} of ${report.presets.length} presets; backend ${report.backend}, commit ${report.commit}.`);
  return lines.join('\n');
}
