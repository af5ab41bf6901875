// From loaded web documents to the train / held-out split every run and every evaluation uses.
// The page, the worker and the CLI all go through this, so the same text splits the same way, and
// text that is not the text the experiment names is refused here, in one place.
import { splitDocuments, type LoadedBaseline } from '../baseline/index.ts';
import { dilutesWithWeb } from '../corpus/index.ts';
import { webShare, type BaselineRef, type ExperimentConfig } from './config.ts';
import type { WebText } from './prepare.ts';

/** Share of web documents held out for the web bits-per-byte yardstick. */
export const WEB_HELDOUT_FRACTION = 0.1;

/** The fingerprint the experiment expects its web text to have, if it names one. */
export function expectedWebFingerprint(baseline: BaselineRef): string | null {
  if (baseline.kind === 'local') return baseline.fingerprint;
  if (baseline.kind === 'hub') return baseline.fingerprint ?? null;
  return null;
}

/** Throws a message naming both fingerprints when the loaded text is not the one the experiment names. */
export function checkWebFingerprint(loaded: Pick<LoadedBaseline, 'fingerprint' | 'source'>, baseline: BaselineRef): void {
  const expected = expectedWebFingerprint(baseline);
  if (expected === null || expected === loaded.fingerprint) return;
  throw new Error(
    `The web text loaded from ${loaded.source} has fingerprint ${loaded.fingerprint}, but this experiment was set up with web text of fingerprint ${expected}. ` +
      'Its results would not be comparable: load the same text (same dataset revision, file and rows), or remove the fingerprint from the config to accept this text.',
  );
}

export function webTextFrom(loaded: Pick<LoadedBaseline, 'docs' | 'fingerprint' | 'source'>, config: Pick<ExperimentConfig, 'seed' | 'baseline'>): WebText {
  checkWebFingerprint(loaded, config.baseline);
  const { train, heldout } = splitDocuments(loaded.docs, config.seed, WEB_HELDOUT_FRACTION);
  return { train, heldout, fingerprint: loaded.fingerprint, source: loaded.source };
}

/** True when some run reads web text or some recipe dilutes with it. */
export function needsWebText(config: ExperimentConfig): boolean {
  const recipes = [config.corpus, ...config.runs.map((r) => r.recipe).filter((r) => r !== undefined)];
  return config.runs.some((r) => webShare(r) > 1e-9) || recipes.some(dilutesWithWeb);
}
