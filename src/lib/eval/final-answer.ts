// Scoring a word problem by its final answer, not by its worked solution: the model may write any
// solution it likes; what counts is the number on its answer line. The corpus's arithmetic family ends
// every problem with "Answer: N." (after the worked solution, or right after the problem when traces
// are off), and its probes record N as meta.finalAnswer.

/** The answer line's opening words, as the arithmetic family writes them. */
export const ANSWER_MARKER = 'Answer:';

export type AnswerVerdict = 'pending' | 'correct' | 'wrong';

/**
 * Reads the answer line out of a continuation as it grows. `text` is what the model produced after
 * the prompt; `promptOpensAnswer` says the prompt itself ended with the marker (traces off). Verdicts:
 * correct — "Answer: N" followed by a non-digit, N equal to `expected`;
 * wrong   — the answer line can no longer give `expected` (other digits, no number after the marker);
 * pending — no answer line yet, or its number is still a prefix of `expected`.
 */
export function judgeFinalAnswer(text: string, expected: string, promptOpensAnswer: boolean): AnswerVerdict {
  const full = promptOpensAnswer ? ANSWER_MARKER + text : text;
  const at = full.indexOf(ANSWER_MARKER);
  if (at < 0) return 'pending';
  let rest = full.slice(at + ANSWER_MARKER.length);
  if (rest.length === 0) return 'pending';
  if (rest[0] === ' ') rest = rest.slice(1);
  const digits = /^\d*/.exec(rest)![0];
  if (digits.length === rest.length) return expected.startsWith(digits) ? 'pending' : 'wrong';
  // A non-digit follows: the number is complete (or absent).
  return digits.length > 0 && digits === expected ? 'correct' : 'wrong';
}

/** True when the probe is scored by its final answer (it records one). */
export function hasFinalAnswer(meta: Readonly<Record<string, string | number | boolean>> | undefined): meta is Record<string, string | number | boolean> & { finalAnswer: string } {
  return typeof meta?.finalAnswer === 'string' && /^\d+$/.test(meta.finalAnswer);
}
