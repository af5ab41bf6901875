// The web text shipped with the lab: a small licensed sample in datasets/, so an experiment that needs web
// text still runs where the Hub cannot be reached (a classroom network, a plane). The link records it as
// its own baseline ({kind: 'sample'}), never as the Hub's, so results stay comparable with each other.
import type { BaselineRef } from '../experiment/config.ts';
import manifest from '../../../datasets/manifest.json';
import { BaselineError } from './errors.ts';
import type { LoadedBaseline } from './load.ts';
import type { Manifest, ManifestEntry } from './manifest.ts';
import { loadVerifiedBytes } from './verified.ts';

export type SampleRef = Extract<BaselineRef, { kind: 'sample' }>;

/** The one shipped sample: 1,000 C4 (en) documents, ODC-By 1.0 (datasets/README.md). */
export const OFFLINE_SAMPLE: SampleRef = { kind: 'sample', id: 'c4-en-offline-sample' };

/** Ids a link may name; each is a datasets/manifest.json entry whose file lies in datasets/. */
export const SAMPLE_IDS = [OFFLINE_SAMPLE.id] as const;

/** The manifest entry of a shipped sample (its source is the path from the project root). */
export function sampleEntry(ref: SampleRef): ManifestEntry {
  const entry = (manifest as Manifest).datasets.find((d) => d.id === ref.id);
  if (!entry || !entry.source.startsWith('datasets/')) throw new BaselineError(`"${ref.id}" is not a web-text sample shipped with the lab.`, 'file');
  return entry;
}

/** "C4 (en), 1,000 documents shipped with the lab (the offline web baseline)" */
export function describeSample(ref: SampleRef): string {
  return sampleEntry(ref).title;
}

/**
 * Reads a shipped sample from its bytes (fetched by the page, read from disk by the CLI), refusing bytes
 * that are not the pinned file: a sample that changed would silently change every result made on it.
 */
export async function loadSample(ref: SampleRef, bytes: Uint8Array): Promise<LoadedBaseline> {
  const entry = sampleEntry(ref);
  const loaded = await loadVerifiedBytes(entry, bytes, { requirePin: true });
  return { ...loaded, source: `the shipped sample ${entry.id} (${entry.title.split(' (')[0]}, ${entry.license})` };
}

/**
 * The experiment to run instead when its Hub download failed for want of a network: the same experiment
 * racing the shipped sample, or null when falling back would be wrong (another baseline, a cancelled
 * download, a file that is not what it should be, or a run being resumed, whose curves so far were made
 * on the Hub's text and must not continue on other text).
 */
export function offlineFallback<C extends { baseline: BaselineRef }>(config: C, error: unknown, resuming: boolean): C | null {
  if (resuming || config.baseline.kind !== 'hub') return null;
  if (!(error instanceof BaselineError) || error.kind !== 'network') return null;
  return { ...config, baseline: { ...OFFLINE_SAMPLE } };
}

/** What the page says when it falls back: why, what it uses instead, and that the link now says so. */
export function fallbackMessage(error: unknown): string {
  const why = error instanceof Error ? error.message : String(error);
  const entry = sampleEntry(OFFLINE_SAMPLE);
  return (
    `The Hub could not be reached (${why}). This experiment now races the web text shipped with the lab instead: ${entry.title}, ${entry.license}. ` +
    'Its link records this baseline, so its results compare with other runs on the shipped sample, not with runs on FineWeb-Edu.'
  );
}
