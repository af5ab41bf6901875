// The user's own text as an extra corpus (config.extra): the loaded documents become a train / held-out
// split like web text, after checking they are the documents the experiment names.
import { splitDocuments, type LoadedBaseline } from '../baseline/index.ts';
import type { ExperimentConfig } from './config.ts';
import type { WebText } from './prepare.ts';
import { WEB_HELDOUT_FRACTION } from './web-text.ts';

/** Same shape as web text: training documents, held-out documents, fingerprint, where it came from. */
export type ExtraText = WebText;

export function extraTextFrom(loaded: Pick<LoadedBaseline, 'docs' | 'fingerprint' | 'source'>, config: Pick<ExperimentConfig, 'seed' | 'extra'>): ExtraText {
  const ref = config.extra;
  if (!ref) throw new Error('This experiment has no extra corpus ("extra" in its config), so there is nowhere to use this text.');
  if (ref.fingerprint !== loaded.fingerprint) {
    throw new Error(
      `The text loaded from ${loaded.source} has fingerprint ${loaded.fingerprint}, but this experiment's extra corpus ("${ref.name}") has fingerprint ${ref.fingerprint}. Load the same file.`,
    );
  }
  // The same held-out fraction as web text, so both yardsticks are built the same way.
  const { train, heldout } = splitDocuments(loaded.docs, config.seed, WEB_HELDOUT_FRACTION);
  if (train.length === 0 || heldout.length === 0) throw new Error(`The extra corpus "${ref.name}" has too few documents (${loaded.docs.length}) to keep some for a held-out set.`);
  return { train, heldout, fingerprint: loaded.fingerprint, source: loaded.source };
}

/** True when the experiment has an extra corpus, whose text must then be supplied. */
export const needsExtraText = (config: Pick<ExperimentConfig, 'extra'>): boolean => config.extra !== undefined;
