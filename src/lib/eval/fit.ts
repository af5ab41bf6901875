// Which probes a context window can hold. Pure (no tfjs), so preparation can report them up front.
import type { Probe } from '../corpus/types.ts';
import type { Tokenizer } from '../tokenizer/types.ts';

/**
 * Whether a probe can be scored in a context of T tokens: separator + prompt + its longest continuation
 * (answer or candidate) must fit T + 1 tokens, the inputs of one window plus its last target. A probe
 * that does not fit is never scored: truncating its prompt would quietly change the question.
 */
export function probeFits(tokenizer: Tokenizer, probe: Probe, T: number, promptLength = 1 + tokenizer.encode(probe.prompt).length): boolean {
  const longest = Math.max(...[probe.answer, ...(probe.candidates ?? [])].map((c) => tokenizer.encode(c).length));
  return promptLength + longest <= T + 1;
}
