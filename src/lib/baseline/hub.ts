// Addresses on the Hugging Face Hub, and the lab's default web-text sample.
import type { HubRef } from './cache.ts';

/**
 * FineWeb-Edu (ODC-By 1.0), first shard of its 10-billion-token sample, first 2,000 rows of the "text"
 * column. Revision "main" until a commit is pinned in datasets/manifest.json; the fingerprint recorded
 * with each experiment is what identifies the exact text.
 */
export const DEFAULT_HUB_BASELINE: HubRef = {
  kind: 'hub',
  dataset: 'HuggingFaceFW/fineweb-edu',
  revision: 'main',
  file: 'sample/10BT/000_00000.parquet',
  column: 'text',
  rowStart: 0,
  rowEnd: 2000,
};

/** `https://huggingface.co/datasets/<dataset>/resolve/<revision>/<file>`, each path segment URL-encoded. */
export function hubFileUrl(ref: Pick<HubRef, 'dataset' | 'revision' | 'file'>, host = 'https://huggingface.co'): string {
  const enc = (p: string) => p.split('/').map(encodeURIComponent).join('/');
  return `${host}/datasets/${enc(ref.dataset)}/resolve/${encodeURIComponent(ref.revision)}/${enc(ref.file)}`;
}

/** A short human description of the source, shown in the UI and stored with results. */
export function describeHubRef(ref: HubRef): string {
  return `${ref.dataset}@${ref.revision}/${ref.file} column "${ref.column}" rows ${ref.rowStart}–${ref.rowEnd}`;
}
