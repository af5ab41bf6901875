// Text formats that need no library: JSON Lines and plain text.
import { BaselineError } from './errors.ts';
import { cleanDocuments, documentsFromText } from './documents.ts';

export type BaselineFormat = 'parquet' | 'jsonl' | 'txt';

/** The format a file name implies, or null for an extension the lab does not read. */
export function formatFromName(name: string): BaselineFormat | null {
  const m = /\.([A-Za-z0-9]+)$/.exec(name.trim());
  const ext = m ? m[1].toLowerCase() : '';
  if (ext === 'parquet') return 'parquet';
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  if (ext === 'txt' || ext === 'text' || ext === 'md') return 'txt';
  return null;
}

/**
 * JSON Lines → documents: one JSON object a line, its `field` (default "text") a string. Blank lines are
 * skipped; a malformed line is an error with its line number, because a silently shortened baseline
 * would change an experiment without anyone noticing.
 */
export function documentsFromJsonl(text: string, field = 'text'): string[] {
  const raws: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line.length === 0) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new BaselineError(`JSON Lines, line ${i + 1}: not valid JSON.`, 'format');
    }
    const t = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[field] : undefined;
    if (typeof t !== 'string') throw new BaselineError(`JSON Lines, line ${i + 1}: expected an object with a string "${field}" field.`, 'format');
    raws.push(t);
  }
  return cleanDocuments(raws);
}

export { documentsFromText };
