// Node only (tests, benchmarks): the real text kept outside the project in ../shared/datasets, read
// verified. Every file is checked against its datasets/manifest.json entry (size and SHA-256) and against
// the folder's own SHA256SUMS before anyone uses it, so a truncated or swapped file fails loudly instead
// of quietly changing what a test or benchmark measures.
//
// SYNTHLAB_SHARED_DATASETS overrides the folder (relative paths resolve from the working directory, which
// is the project root for npm scripts); point it at an empty folder to see which tests skip without data.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import manifestJson from '../../../datasets/manifest.json';
import { BaselineError, messageOf } from './errors.ts';
import { verifyAgainstManifest, type Manifest, type ManifestEntry } from './manifest.ts';

export const SHARED_DATASETS_ENV = 'SYNTHLAB_SHARED_DATASETS';
/** Where manifest entries of shared files say they live (relative to the project root). */
const MANIFEST_PREFIX = '../shared/datasets/';

/** The shared files, by their path inside the folder. */
export type SharedFile = 'c4/train.jsonl' | 'c4/heldout.jsonl' | 'wikitext-2/valid.txt' | 'wikitext-2/test.txt';

export function sharedDatasetsDir(): string {
  return resolve(process.env[SHARED_DATASETS_ENV] || MANIFEST_PREFIX);
}

export const sharedPath = (file: SharedFile): string => join(sharedDatasetsDir(), file);

/** True when every listed file is present (a test guards on exactly the files it reads). */
export const hasShared = (...files: SharedFile[]): boolean => files.every((f) => existsSync(sharedPath(f)));

/** The manifest entry of a shared file. */
export function sharedEntry(file: SharedFile): ManifestEntry {
  const entry = (manifestJson as Manifest).datasets.find((d) => d.source === MANIFEST_PREFIX + file);
  if (!entry) throw new BaselineError(`datasets/manifest.json lists no entry for ${MANIFEST_PREFIX}${file}`, 'checksum');
  return entry;
}

/** SHA-256 per file from the folder's SHA256SUMS (`<hex>  <path>` lines); empty when the folder has none. */
export function sharedChecksums(): Map<string, string> {
  const path = join(sharedDatasetsDir(), 'SHA256SUMS');
  const sums = new Map<string, string>();
  if (!existsSync(path)) return sums;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line.trim());
    if (m) sums.set(m[2], m[1]);
  }
  return sums;
}

/**
 * The bytes of a shared file, verified. Throws BaselineError: 'file' when it cannot be read, 'checksum'
 * when its size or SHA-256 differs from the manifest, or when the manifest and SHA256SUMS disagree.
 */
export function readSharedBytes(file: SharedFile): Uint8Array {
  const entry = sharedEntry(file);
  if (entry.sha256 === null) throw new BaselineError(`${entry.id}: the manifest pins no SHA-256 for this file, so it cannot be verified.`, 'checksum');
  const listed = sharedChecksums().get(file);
  if (listed !== undefined && listed !== entry.sha256) {
    throw new BaselineError(`${entry.id}: datasets/manifest.json pins SHA-256 ${entry.sha256} but ${join(sharedDatasetsDir(), 'SHA256SUMS')} lists ${listed}`, 'checksum');
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(sharedPath(file)));
  } catch (e) {
    throw new BaselineError(`${entry.id}: cannot read ${sharedPath(file)} (${messageOf(e)}).`, 'file');
  }
  const check = verifyAgainstManifest(entry, bytes);
  if (!check.ok) throw new BaselineError(check.error, 'checksum');
  return bytes;
}

/** A shared file as UTF-8 text, verified (see readSharedBytes). */
export const readSharedText = (file: SharedFile): string => new TextDecoder('utf-8', { fatal: true }).decode(readSharedBytes(file));

/** Test-name suffix saying which shared files a test reads, e.g. "(needs ../shared/datasets/c4/train.jsonl)". */
export const needsShared = (...files: SharedFile[]): string => `(needs ${files.map((f) => MANIFEST_PREFIX + f).join(', ')})`;
