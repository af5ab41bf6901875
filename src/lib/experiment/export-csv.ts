// Runs as CSV: one row per (run, eval point), one column per metric. Missing values are empty cells.
import { metricColumns, metricValue, type RunCurve } from './results.ts';

function cell(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  // Quote text that could break the row, and neutralise leading characters spreadsheets execute.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function runsToCsv(runs: readonly RunCurve[]): string {
  const cols = metricColumns(runs);
  const header = ['run', 'name', 'seed', 'share', 'step', 'tokens', 'elapsed_ms', 'train_loss', ...cols, 'pairs'];
  const rows = [header.join(',')];
  for (const r of runs) {
    for (const p of r.points) {
      rows.push(
        [r.runId, r.name, r.seed, r.share, p.step, p.tokens, Math.round(p.elapsedMs), p.trainLoss, ...cols.map((c) => metricValue(p, c)), p.pairs]
          .map(cell)
          .join(','),
      );
    }
  }
  return rows.join('\n') + '\n';
}
