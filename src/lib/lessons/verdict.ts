// A lesson's verdict over several seeds. Each seed's results get the preset's headline readout (the same
// one the lab shows); a check is shown over the seeds when the mean of its effect clears the check's
// margin AND every seed points the expected way (its effect beyond the neutral value). One lucky seed
// cannot carry a lesson, and neither can a mean pulled up by one seed while another points backwards.
import type { CheckId, HeadlineReadout, Verdict } from '../experiment/headline.ts';

/** One seed's number for one check. */
export interface SeedValue {
  seed: number;
  /** The effect (a difference, or a token ratio); null when that seed's results could not measure it. */
  value: number | null;
  /** The value is only a lower bound (a run never reached the level within the budget). */
  lowerBound: boolean;
  /** That seed's own headline verdict for the check. */
  verdict: Verdict;
}

export interface LessonCheck {
  id: CheckId;
  claim: string;
  /** Primary checks decide the headline; the others are reported beside it. Every check counts here. */
  primary: boolean;
  margin: number | null;
  neutral: number | null;
  seeds: SeedValue[];
  /** Mean of the seeds' values (null when a seed has none). */
  mean: number | null;
  /** The mean clears the margin and every seed points the expected way. */
  shown: boolean;
}

export interface SeedReadout {
  seed: number;
  readout: HeadlineReadout;
}

/** Every check that any seed's readout makes, in the order the first readout lists them. */
function checkIds(readouts: readonly SeedReadout[]): CheckId[] {
  const ids: CheckId[] = [];
  for (const r of readouts) for (const c of r.readout.checks) if (!ids.includes(c.id)) ids.push(c.id);
  return ids;
}

export function combineSeeds(readouts: readonly SeedReadout[]): LessonCheck[] {
  return checkIds(readouts).map((id) => {
    const found = readouts.map((r) => ({ seed: r.seed, check: r.readout.checks.find((c) => c.id === id) }));
    const first = found.find((f) => f.check)!.check!;
    const effect = found.find((f) => f.check?.effect)?.check?.effect;
    const seeds: SeedValue[] = found.map(({ seed, check }) => ({
      seed,
      value: check?.effect?.value ?? null,
      lowerBound: check?.effect?.lowerBound ?? false,
      verdict: check?.verdict ?? 'not measured',
    }));
    const values = seeds.map((s) => s.value);
    const complete = values.every((v): v is number => v !== null) && values.length > 0;
    const mean = complete ? (values as number[]).reduce((a, b) => a + b, 0) / values.length : null;
    const shown = effect !== undefined && mean !== null && mean >= effect.margin && (values as number[]).every((v) => v > effect.neutral);
    return { id, claim: first.claim, primary: first.primary, margin: effect?.margin ?? null, neutral: effect?.neutral ?? null, seeds, mean, shown };
  });
}

/** How a check's effect reads: a ratio as "1.6×" (">" for a lower bound), a difference signed. */
export function formatEffect(value: number | null, neutral: number | null, lowerBound = false): string {
  if (value === null) return '—';
  if (neutral === 1) return `${lowerBound ? '>' : ''}${value.toFixed(value >= 10 ? 0 : 2)}×`;
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(3)}`;
}
