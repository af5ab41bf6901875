// Page side of the web baseline: the Hub download (with its IndexedDB cache, progress and cancel), or
// the user's own file, turned into the train / held-out split the worker receives.
import { importFile, loadBaseline, MemoryBaselineCache, type BaselineCache, type LoadedBaseline, type LoadProgress } from '../lib/baseline/index.ts';
import { openIndexedDbBaselineCache } from '../lib/baseline/indexeddb-cache.ts';
import type { ExperimentConfig } from '../lib/experiment/config.ts';
import type { WebTextPayload } from '../lib/experiment/protocol.ts';
import { webTextFrom } from '../lib/experiment/web-text.ts';
import { BaselineError, messageOf } from '../lib/baseline/errors.ts';
import { loadSample, type SampleRef } from '../lib/baseline/sample.ts';
// Vite copies the shipped sample into the build and gives its address (under the site's base path).
import offlineSampleUrl from '../../datasets/c4-en-sample.jsonl?url';

let cache: Promise<BaselineCache> | null = null;
function baselineCache(): Promise<BaselineCache> {
  cache ??= openIndexedDbBaselineCache().catch(() => new MemoryBaselineCache());
  return cache;
}

/** A text file the user dropped in, kept for this page's lifetime (it cannot travel in a link). */
export interface LocalText {
  name: string;
  docs: string[];
  fingerprint: string;
  bytes: number;
}

export type ImportOutcome = { ok: true; local: LocalText } | { ok: false; error: string };

/** Size checked before a byte is read (a multi-GB file would not fit in the tab), then format and text. */
export async function importLocalFile(file: File): Promise<ImportOutcome> {
  const r = await importFile(file);
  if (!r.ok) return { ok: false, error: r.error };
  return { ok: true, local: { name: file.name, docs: r.documents, fingerprint: r.fingerprint, bytes: r.bytes } };
}

/** The baseline's documents: the user's file, or the Hub rows (from this browser's cache when present). */
export async function loadWebDocuments(config: ExperimentConfig, local: LocalText | null, onProgress: (p: LoadProgress) => void, signal: AbortSignal): Promise<Pick<LoadedBaseline, 'docs' | 'fingerprint' | 'source'>> {
  const b = config.baseline;
  if (b.kind === 'local') {
    if (!local || local.fingerprint !== b.fingerprint) {
      throw new Error(`This experiment's web text was a local file ("${b.name}"), which cannot travel in a link. Drop that file (or any text file) on the lab and choose "Use as web baseline".`);
    }
    return { docs: local.docs, fingerprint: local.fingerprint, source: `local file ${local.name}` };
  }
  if (b.kind === 'none') throw new Error('This experiment has no web text (baseline "none"), but one of its runs needs it.');
  if (b.kind === 'sample') return loadShippedSample(b, signal);
  return loadBaseline(b, { cache: await baselineCache(), onProgress, signal });
}

export async function acquireWebText(config: ExperimentConfig, local: LocalText | null, onProgress: (p: LoadProgress) => void, signal: AbortSignal): Promise<WebTextPayload> {
  return webTextFrom(await loadWebDocuments(config, local, onProgress, signal), config);
}

/** The web-text sample shipped with the lab, fetched from this site (the service worker keeps it offline). */
export async function loadShippedSample(ref: SampleRef, signal?: AbortSignal): Promise<LoadedBaseline> {
  let bytes: Uint8Array;
  try {
    const res = await fetch(offlineSampleUrl, { signal });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    if (signal?.aborted) throw new BaselineError('Loading the shipped web-text sample was cancelled.', 'aborted');
    throw new BaselineError(`Could not read the web-text sample shipped with the lab (${messageOf(e)}).`, 'network');
  }
  return loadSample(ref, bytes);
}
