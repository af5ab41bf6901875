// Probes the model's context cannot hold are never scored (eval/fit.ts); the page says so beside the
// probe chart, so a family's missing or low accuracy is not mistaken for a model that failed them.
import type { ProbeFit } from '../experiment/prepare.ts';

/**
 * One plain sentence per family with probes that do not fit, e.g. "arithmetic: 34 of 48 probes are
 * longer than the context of 256 tokens and are not scored"; none when every probe fits.
 */
export function probeFitNotes(fit: readonly ProbeFit[], contextLength: number): string[] {
  return fit
    .filter((f) => f.outOfContext > 0)
    .map((f) => {
      const all = f.outOfContext === f.total;
      const one = f.outOfContext === 1;
      const which = all ? (one ? 'its only probe is' : `all ${f.total} probes are`) : `${f.outOfContext} of ${f.total} probes ${one ? 'is' : 'are'}`;
      return `${f.family}: ${which} longer than the context of ${contextLength} tokens and ${all ? 'none is scored' : one ? 'is not scored' : 'are not scored'}`;
    });
}
