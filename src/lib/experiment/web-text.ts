// From loaded web documents to the train / held-out split every run and every evaluation uses.
// The page, the worker and the CLI all go through this, so the same text splits the same way.
import { splitDocuments, type LoadedBaseline } from '../baseline/index.ts';
import type { ExperimentConfig } from './config.ts';
import type { WebText } from './prepare.ts';

/** Share of web documents held out for the web bits-per-byte yardstick. */
export const WEB_HELDOUT_FRACTION = 0.1;

export function webTextFrom(loaded: Pick<LoadedBaseline, 'docs' | 'fingerprint' | 'source'>, config: Pick<ExperimentConfig, 'seed'>): WebText {
  const { train, heldout } = splitDocuments(loaded.docs, config.seed, WEB_HELDOUT_FRACTION);
  return { train, heldout, fingerprint: loaded.fingerprint, source: loaded.source };
}

/** True when some run reads web text or some recipe dilutes with it. */
export function needsWebText(config: ExperimentConfig): boolean {
  const recipes = [config.corpus, ...config.runs.map((r) => r.recipe).filter((r) => r !== undefined)];
  return config.runs.some((r) => r.share < 1) || recipes.some((r) => r.weights.biographies > 0 && r.biographies.dilution > 0);
}
