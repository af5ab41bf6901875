// Pure scoring rules, separate from the model so they can be tested on given numbers.

/**
 * 1-based rank of candidate `correct` when candidates are ordered by log-likelihood (higher = better).
 * Ties count against the correct answer (rank = 1 + number of others scoring ≥ it), so a model that
 * assigns every candidate the same likelihood never gets credit.
 */
export function rankOfCorrect(logLikelihoods: readonly number[], correct: number): number {
  const target = logLikelihoods[correct];
  let rank = 1;
  logLikelihoods.forEach((ll, i) => {
    if (i !== correct && !(ll < target)) rank++; // !(ll < target) also ranks NaN scores above
  });
  return rank;
}

/** Greedy exact match: the generated text starts with the answer (extra text after it is allowed). */
export function exactMatch(generated: string, answer: string): boolean {
  return generated.startsWith(answer);
}

/** Minimal pair: correct only when the grammatical sentence is strictly more likely. */
export function pairCorrect(goodLogLikelihood: number, badLogLikelihood: number): boolean {
  return goodLogLikelihood > badLogLikelihood;
}

/**
 * Probability of each candidate when the model must pick one of them: a softmax over their total
 * log-likelihoods (natural log), computed stably. What the probe-answers view shows as "p(true)".
 */
export function candidateProbabilities(logLikelihoods: readonly number[]): number[] {
  const max = Math.max(...logLikelihoods);
  if (!Number.isFinite(max)) return logLikelihoods.map(() => 1 / logLikelihoods.length);
  const e = logLikelihoods.map((ll) => Math.exp(ll - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}

/** Index of the most likely candidate; ties go to the first (the view says which one the model "picks"). */
export function topCandidate(logLikelihoods: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < logLikelihoods.length; i++) if (logLikelihoods[i] > logLikelihoods[best]) best = i;
  return best;
}
