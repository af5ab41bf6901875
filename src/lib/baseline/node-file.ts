// Node only (CLI, tests, benchmarks): reads a manifest-listed file from disk and loads it verified.
// Kept out of index.ts so the browser bundle never imports node:fs.
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { BaselineError, messageOf } from './errors.ts';
import type { LoadedBaseline } from './load.ts';
import type { ManifestEntry } from './manifest.ts';
import { loadVerifiedBytes, type VerifiedLoadOptions } from './verified.ts';

/**
 * Loads `entry` from `path` (default: the entry's source, relative to `root`, the project root). Throws
 * BaselineError: 'file' when the file cannot be read, 'checksum' when it is not the pinned file.
 */
export async function loadManifestFile(entry: ManifestEntry, opts: VerifiedLoadOptions & { path?: string; root?: string } = {}): Promise<LoadedBaseline> {
  if (opts.path === undefined && /^[a-z]+:\/\//i.test(entry.source)) {
    throw new BaselineError(`${entry.id} is a remote file (${entry.source}); give a local path to read it from disk.`, 'format');
  }
  const path = opts.path ?? (isAbsolute(entry.source) ? entry.source : resolve(opts.root ?? process.cwd(), entry.source));
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    throw new BaselineError(`${entry.id}: cannot read ${path} (${messageOf(e)}).`, 'file');
  }
  return loadVerifiedBytes(entry, bytes, opts);
}
