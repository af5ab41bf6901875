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
