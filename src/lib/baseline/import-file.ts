// "Bring your own text" from a file the user picked or dropped: the format comes from the file name
// (.txt/.md/.text plain text, .jsonl/.ndjson JSON Lines with a "text" field, .parquet a "text" column), and
// the size is checked against the limit BEFORE a single byte is read, so a multi-gigabyte file is refused
// without ever being loaded into the tab. Takes anything shaped like a browser File (a Blob with a name);
// never throws or rejects: every refusal names the file and says why.
import { BaselineError, messageOf } from './errors.ts';
import { documentBytes, fingerprintDocuments } from './fingerprint.ts';
import { documentsFromJsonl, formatFromName, type BaselineFormat } from './formats.ts';
import { decodeUserText, displayName, formatBytes, importTextFile, sizeLimit, tooLarge, type ImportLimits } from './import-text.ts';
import { loadBaselineFromBytes } from './load.ts';

/** What importFile needs of a file: a browser File (or a Blob given a name) is one. */
export interface FileLike {
  readonly name: string;
  /** Bytes, known without reading the contents. */
  readonly size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type ImportedFile =
  | {
      ok: true;
      format: BaselineFormat;
      documents: string[];
      /** fingerprintDocuments(documents): the same text gives the same fingerprint whatever its format. */
      fingerprint: string;
      /** UTF-8 bytes of the documents' text. */
      bytes: number;
    }
  | { ok: false; error: string };

const SUPPORTED = 'a .txt or .md file (plain text, documents separated by blank lines), .jsonl (one {"text": ...} object a line) or .parquet (a "text" column)';

function documentsResult(format: BaselineFormat, documents: string[], name: unknown, max: number): ImportedFile {
  if (documents.length === 0) return { ok: false, error: `${displayName(name)} holds no text to train on (every document is empty).` };
  const bytes = documentBytes(documents);
  // Parquet is compressed: its text can be several times the file's size, and it is the text that is held.
  if (bytes > max) return { ok: false, error: `${displayName(name)} holds ${formatBytes(bytes)} of text; the limit is ${formatBytes(max)}. Use a smaller excerpt.` };
  return { ok: true, format, documents, fingerprint: fingerprintDocuments(documents), bytes };
}

async function importUnsafe(file: FileLike, limits: ImportLimits | undefined): Promise<ImportedFile> {
  if (file === null || typeof file !== 'object') return { ok: false, error: 'Could not read the file: no file was given.' };
  const rawName: unknown = file.name;
  const name = typeof rawName === 'string' ? rawName : '';
  const shown = displayName(rawName);
  const max = sizeLimit(rawName, limits);
  if (typeof max !== 'number') return { ok: false, error: max.error };
  const format = formatFromName(name);
  if (!format) return { ok: false, error: `${shown} is not a kind of file the lab reads; use ${SUPPORTED}.` };
  const size: unknown = file.size;
  if (!(typeof size === 'number' && Number.isSafeInteger(size) && size >= 0)) return { ok: false, error: `Could not read ${shown}: its size is unknown.` };
  if (size === 0) return { ok: false, error: `${shown} is empty.` };
  if (size > max) return { ok: false, error: tooLarge(rawName, size, max) };
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (e) {
    return { ok: false, error: `${shown} could not be read: ${messageOf(e)}.` };
  }
  if (format === 'txt') {
    const r = importTextFile(bytes, name, { maxBytes: max });
    return r.ok ? documentsResult('txt', r.documents, rawName, max) : r;
  }
  if (format === 'jsonl') {
    const decoded = decodeUserText(bytes, name, { maxBytes: max });
    if (!decoded.ok) return decoded;
    try {
      return documentsResult('jsonl', documentsFromJsonl(decoded.text, 'text'), rawName, max);
    } catch (e) {
      if (e instanceof BaselineError) return { ok: false, error: `${shown}: ${e.message}` };
      throw e;
    }
  }
  if (bytes.length > max) return { ok: false, error: tooLarge(rawName, bytes.length, max) };
  try {
    const loaded = await loadBaselineFromBytes(bytes, 'parquet', { column: 'text' }, shown);
    return documentsResult('parquet', loaded.docs, rawName, max);
  } catch (e) {
    if (e instanceof BaselineError) return { ok: false, error: `${shown} could not be read as parquet: ${e.message}` };
    throw e;
  }
}

/** Imports a user's file as documents, dispatching on its format. Never throws or rejects. */
export async function importFile(file: FileLike, limits?: ImportLimits): Promise<ImportedFile> {
  try {
    return await importUnsafe(file, limits);
  } catch (e) {
    // Only an exhausted engine or a broken File object gets here; say so rather than crash the page.
    return { ok: false, error: `Could not read ${displayName((file as { name?: unknown } | null)?.name)}: ${messageOf(e)}.` };
  }
}
