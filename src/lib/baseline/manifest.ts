// The datasets the lab knows (datasets/manifest.json) and the check that a file is the one listed.
import { Sha256 } from '../corpus/index.ts';

export type DatasetFormat = 'parquet' | 'jsonl' | 'txt';

export interface ManifestEntry {
  id: string;
  title: string;
  /** Where the file comes from: a URL, or a path relative to the project root for files kept outside it. */
  source: string;
  /** Branch or commit of the source; null where the source has no revisions. */
  revision: string | null;
  license: string;
  attribution: string;
  format: DatasetFormat;
  /** Text column (parquet) or field (jsonl); null for plain text. */
  column: string | null;
  /** File size in bytes; null where not pinned. */
  bytes: number | null;
  /** SHA-256 (hex) of the file's bytes; null where not pinned (then the experiment's fingerprint records it). */
  sha256: string | null;
}

export interface Manifest {
  version: 1;
  datasets: ManifestEntry[];
}

export type VerifyResult = { ok: true } | { ok: false; error: string };

function sha256Bytes(bytes: Uint8Array): string {
  return new Sha256().update(bytes).digestHex();
}

/**
 * Checks a file's bytes against its manifest entry: size first (cheap, and the likeliest sign of a truncated
 * download), then SHA-256. An entry with nothing pinned accepts any bytes, and says nothing was checked only
 * by returning ok; callers that require a pin check `entry.sha256` themselves.
 */
export function verifyAgainstManifest(entry: ManifestEntry, bytes: Uint8Array): VerifyResult {
  if (entry.bytes !== null && bytes.length !== entry.bytes) {
    return { ok: false, error: `${entry.id}: expected ${entry.bytes} bytes but the file has ${bytes.length}; it is truncated or a different file.` };
  }
  if (entry.sha256 !== null) {
    const got = sha256Bytes(bytes);
    if (got !== entry.sha256.toLowerCase()) {
      return { ok: false, error: `${entry.id}: SHA-256 mismatch (expected ${entry.sha256}, got ${got}); the file is corrupted or not the listed version.` };
    }
  }
  return { ok: true };
}

const FORMATS: readonly string[] = ['parquet', 'jsonl', 'txt'];
const isStrOrNull = (v: unknown) => v === null || typeof v === 'string';

/** Validates a parsed manifest.json; returns the problems found, none when it is well formed. */
export function manifestProblems(m: unknown): string[] {
  if (m === null || typeof m !== 'object') return ['manifest: not an object'];
  const { version, datasets } = m as { version?: unknown; datasets?: unknown };
  const problems: string[] = [];
  if (version !== 1) problems.push(`manifest.version: expected 1, got ${JSON.stringify(version)}`);
  if (!Array.isArray(datasets)) return [...problems, 'manifest.datasets: not an array'];
  const ids = new Set<string>();
  datasets.forEach((d: Record<string, unknown>, i) => {
    const at = `datasets[${i}]`;
    if (typeof d?.id !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(d.id)) problems.push(`${at}.id: lowercase letters, digits and hyphens`);
    else if (ids.has(d.id)) problems.push(`${at}.id: "${d.id}" is listed twice`);
    else ids.add(d.id);
    for (const k of ['title', 'source', 'license', 'attribution'] as const) if (typeof d?.[k] !== 'string' || d[k] === '') problems.push(`${at}.${k}: required text`);
    if (!FORMATS.includes(d?.format as string)) problems.push(`${at}.format: one of ${FORMATS.join(', ')}`);
    if (!isStrOrNull(d?.revision)) problems.push(`${at}.revision: text or null`);
    if (!isStrOrNull(d?.column)) problems.push(`${at}.column: text or null`);
    if (!(d?.bytes === null || (Number.isSafeInteger(d?.bytes) && (d.bytes as number) > 0))) problems.push(`${at}.bytes: a positive integer or null`);
    if (!(d?.sha256 === null || (typeof d?.sha256 === 'string' && /^[0-9a-f]{64}$/.test(d.sha256)))) problems.push(`${at}.sha256: 64 lowercase hex digits or null`);
  });
  return problems;
}
