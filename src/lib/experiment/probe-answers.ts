// The probe-answers view's data: each probe as a question (prompt, true answer, family, rung), and each
// run's answer to it at every evaluation (its top choice, whether that is right by the family's headline
// rule, the probability it gives the true answer), so a student sees which questions flipped and when.
// Pure: the worker builds answers from an evaluation's results, the page keeps their history.
import type { Probe } from '../corpus/types.ts';
import { probeCorrect } from '../eval/breakdown.ts';
import type { ProbeResult } from '../eval/probes.ts';

export interface ProbeQuestion {
  id: string;
  family: string;
  prompt: string;
  answer: string;
  /** The difficulty rung, where the family has a ladder (arithmetic). */
  rung: string | null;
  /** Number of candidates the answer is ranked among (null: judged by exact match). */
  candidates: number | null;
}

export interface ProbeAnswer {
  id: string;
  /** False when the probe does not fit the run's context: it is not scored. */
  scored: boolean;
  /** The candidate the model ranks first, or (without candidates) what greedy decoding wrote. */
  choice: string;
  correct: boolean;
  /** Probability of the true answer among the candidates; null without candidates or when not scored. */
  pTrue: number | null;
}

/** One evaluation's answers of one run. */
export interface AnswerSnapshot {
  step: number;
  answers: ProbeAnswer[];
}

export function probeQuestions(probes: readonly Probe[]): ProbeQuestion[] {
  return probes.map((p) => ({
    id: p.id,
    family: p.family,
    prompt: p.prompt,
    answer: p.answer,
    rung: typeof p.meta?.rung === 'string' ? p.meta.rung : null,
    candidates: p.candidates?.length ? p.candidates.length : null,
  }));
}

/** `results[i]` answers `probes[i]` (as evalProbes returns them). */
export function probeAnswers(probes: readonly Probe[], results: readonly ProbeResult[]): ProbeAnswer[] {
  return probes.map((p, i) => {
    const r = results[i];
    const choice = r.top !== undefined && p.candidates ? p.candidates[r.top] : r.generated.trim();
    return { id: p.id, scored: r.inContext, choice: r.inContext ? choice : '', correct: r.inContext && probeCorrect(r), pTrue: r.inContext && r.pTrue !== undefined ? r.pTrue : null };
  });
}

/**
 * The step from which the probe has been answered correctly at every evaluation up to the latest, or
 * null when the latest answer is wrong (or it was never asked).
 */
export function correctSince(history: readonly AnswerSnapshot[], id: string): number | null {
  let since: number | null = null;
  for (const snap of history) {
    const a = snap.answers.find((x) => x.id === id);
    if (a?.correct) since ??= snap.step;
    else since = null;
  }
  return since;
}

/**
 * Accuracy over the scored probes of `ids` by the headline rule, which is the evaluation's probe
 * accuracy (EvalPoint.probeRank) for a family whose probes have candidates. NaN when none is scored.
 */
export function accuracyOf(answers: readonly ProbeAnswer[], ids: ReadonlySet<string>): number {
  const scored = answers.filter((a) => ids.has(a.id) && a.scored);
  return scored.length ? scored.filter((a) => a.correct).length / scored.length : Number.NaN;
}

/** Every evaluation keeps its record; a rerun of the same step (after a rollback) replaces it and drops later ones. */
export function addSnapshot<S extends { step: number }>(history: readonly S[], snap: S): S[] {
  return [...history.filter((s) => s.step < snap.step), snap];
}
