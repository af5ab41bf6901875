// Loading a dataset file that datasets/manifest.json lists: its bytes are checked against the pinned size
// and SHA-256 first, so an experiment never silently trains or evaluates on a different file.
import { BaselineError } from './errors.ts';
import { loadBaselineFromBytes, type LoadedBaseline, type RowRange } from './load.ts';
import { verifyAgainstManifest, type ManifestEntry } from './manifest.ts';

export interface VerifiedLoadOptions {
  /** Refuse entries with no pinned SHA-256 instead of loading them unchecked (default false). */
  requirePin?: boolean;
  /** Rows (documents) to keep; the column defaults to the entry's. */
  range?: Omit<RowRange, 'column'>;
}

/**
 * Verifies `bytes` against `entry`, then reads them in the entry's format. Throws BaselineError with kind
 * 'checksum' on a mismatch (the message names the entry, expected and actual values), or on an unpinned
 * entry when `requirePin` is set.
 */
export async function loadVerifiedBytes(entry: ManifestEntry, bytes: Uint8Array, opts: VerifiedLoadOptions = {}): Promise<LoadedBaseline> {
  if (opts.requirePin && entry.sha256 === null) {
    throw new BaselineError(`${entry.id}: the manifest pins no SHA-256 for this file, so it cannot be verified.`, 'checksum');
  }
  const check = verifyAgainstManifest(entry, bytes);
  if (!check.ok) throw new BaselineError(check.error, 'checksum');
  return loadBaselineFromBytes(bytes, entry.format, { ...opts.range, column: entry.column ?? undefined }, entry.id);
}
