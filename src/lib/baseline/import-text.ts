// "Bring your own text": checks a file the user dropped in and turns it into documents. Its input is
// anything a user can pick, so it never throws and every refusal names the file and says why.
import { documentBytes, fingerprintDocuments } from './fingerprint.ts';
import { documentsFromText, normalizeNewlines } from './documents.ts';

export interface ImportLimits {
  /** Largest file accepted, in bytes (default 50 MB): the text is held in memory several times over. */
  maxBytes?: number;
}

export type ImportResult =
  | {
      ok: true;
      /** The file's text: BOM removed, line ends normalized to LF. */
      text: string;
      /** fingerprintDocuments(documents). */
      fingerprint: string;
      /** UTF-8 bytes of the documents' text. */
      bytes: number;
      documents: string[];
    }
  | { ok: false; error: string };

export const DEFAULT_MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/** Bytes inspected by the binary-content heuristic; the beginning of a file says what kind of file it is. */
const SAMPLE_BYTES = 64 * 1024;
/** Share of control bytes above which a file is taken for binary; real text has almost none. */
const MAX_CONTROL_SHARE = 0.05;

/** The file name as it may appear in a message: control characters gone, length bounded. */
export function displayName(name: unknown): string {
  const s = typeof name === 'string' ? name.replace(/[\u0000-\u001f\u007f]/g, '').trim() : '';
  if (s.length === 0) return 'the file';
  return `"${s.length > 80 ? `${s.slice(0, 77)}...` : s}"`;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

/** Why these bytes are not text, or null when they may be. */
function binaryReason(bytes: Uint8Array): string | null {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return 'is encoded as UTF-16; save it as UTF-8 and try again';
  }
  if (bytes.indexOf(0) >= 0) return 'contains NUL bytes, so it looks like a binary file (an image, archive or document), not plain text';
  const n = Math.min(bytes.length, SAMPLE_BYTES);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    // Tab, LF, FF and CR are ordinary in text; other C0 controls and DEL are not.
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) || b === 0x7f) control++;
  }
  if (control > Math.max(2, n * MAX_CONTROL_SHARE)) {
    return `has too many control characters (${control} in its first ${formatBytes(n)}), so it looks like a binary file, not plain text`;
  }
  return null;
}

/** The size limit in force, or an error message when the caller's limit is not a positive number. */
export function sizeLimit(name: unknown, limits: ImportLimits | undefined): number | { error: string } {
  const max = limits?.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES;
  if (!(typeof max === 'number' && max > 0)) return { error: `Could not read ${displayName(name)}: the size limit ${String(max)} is not a positive number.` };
  return max;
}

export const tooLarge = (name: unknown, size: number, max: number): string =>
  `${displayName(name)} is too large (${formatBytes(size)}); the limit is ${formatBytes(max)}. Use a smaller excerpt.`;

/**
 * The checks every text-based file passes (size, binary content, UTF-16, UTF-8), then its text with a
 * BOM removed and line ends normalized to LF. Shared by plain text and JSON Lines.
 */
export function decodeUserText(bytes: Uint8Array, name: string, limits: ImportLimits | undefined): { ok: true; text: string } | { ok: false; error: string } {
  const file = displayName(name);
  if (!(bytes instanceof Uint8Array)) return { ok: false, error: `Could not read ${file}: no file contents were given.` };
  const max = sizeLimit(name, limits);
  if (typeof max !== 'number') return { ok: false, error: max.error };
  if (bytes.length === 0) return { ok: false, error: `${file} is empty.` };
  if (bytes.length > max) return { ok: false, error: tooLarge(name, bytes.length, max) };
  const binary = binaryReason(bytes);
  if (binary) return { ok: false, error: `${file} ${binary}.` };
  let text: string;
  try {
    // ignoreBOM: true keeps a BOM in the output so we strip it ourselves, exactly once.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { ok: false, error: `${file} is not valid UTF-8 text. Re-save it with UTF-8 encoding (most editors offer this under "Save as").` };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text: normalizeNewlines(text) };
}

function importUnsafe(bytes: Uint8Array, name: string, limits: ImportLimits | undefined): ImportResult {
  const file = displayName(name);
  const decoded = decodeUserText(bytes, name, limits);
  if (!decoded.ok) return decoded;
  const text = decoded.text;
  const documents = documentsFromText(text);
  if (documents.length === 0) return { ok: false, error: `${file} contains only whitespace; there is no text to train on.` };
  return { ok: true, text, fingerprint: fingerprintDocuments(documents), bytes: documentBytes(documents), documents };
}

/** Checks and decodes a user's text file. Never throws, whatever the input. */
export function importTextFile(bytes: Uint8Array, name: string, limits?: ImportLimits): ImportResult {
  try {
    return importUnsafe(bytes, name, limits);
  } catch (e) {
    // Only an exhausted engine (out of memory on a huge file) gets here; say so rather than crash the page.
    return { ok: false, error: `Could not read ${displayName(name)}: ${e instanceof Error ? e.message : String(e)}.` };
  }
}
