// Mean and spread over seeds, so a difference between runs can be told from noise.
export interface Spread {
  mean: number;
  /** Sample standard deviation (n − 1); 0 for a single value. */
  std: number;
  min: number;
  max: number;
  n: number;
}

export function spread(values: readonly number[]): Spread | null {
  const xs = values.filter((v) => Number.isFinite(v));
  if (xs.length === 0) return null;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.length > 1 ? xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1) : 0;
  return { mean, std: Math.sqrt(variance), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

/** "1.234 ± 0.021 (n=3)" or "1.234" for one seed; without the count when `withN` is false (tables say it once). */
export function formatSpread(s: Spread | null, digits = 3, withN = true): string {
  if (!s) return '—';
  if (s.n <= 1) return s.mean.toFixed(digits);
  return `${s.mean.toFixed(digits)} ± ${s.std.toFixed(digits)}${withN ? ` (n=${s.n})` : ''}`;
}
