// Turning raw text into documents: normalization, blank-line splitting, a length cap.

/**
 * Longest document kept, in UTF-16 code units. A few web pages are megabytes of tables or logs; cutting
 * them keeps one page from dominating a small baseline sample and bounds per-document memory.
 */
export const MAX_DOC_CHARS = 100_000;

/** CRLF and lone CR become LF, so line-based splitting and fingerprints do not depend on the OS that wrote the file. */
export function normalizeNewlines(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}

/**
 * Cuts a document to at most `max` code units, at the last whitespace in the final tenth when there is
 * one (no half words), and never between the two halves of a surrogate pair.
 */
export function capDocument(doc: string, max = MAX_DOC_CHARS): string {
  if (doc.length <= max) return doc;
  let end = max;
  const ws = doc.slice(Math.floor(max * 0.9), max).search(/\s\S*$/);
  if (ws >= 0) end = Math.floor(max * 0.9) + ws;
  const c = doc.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end -= 1;
  return doc.slice(0, end).trimEnd();
}

/** One document as loaded from any source: newlines normalized, ends trimmed, length capped; '' means drop it. */
export function cleanDocument(raw: string, max = MAX_DOC_CHARS): string {
  return capDocument(normalizeNewlines(raw).trim(), max);
}

/** Cleans a list of raw documents and drops the ones that end up empty. */
export function cleanDocuments(raws: readonly string[], max = MAX_DOC_CHARS): string[] {
  const out: string[] = [];
  for (const r of raws) {
    const d = cleanDocument(r, max);
    if (d.length > 0) out.push(d);
  }
  return out;
}

/** Plain text → documents: one or more blank lines (whitespace-only lines count as blank) separate documents. */
export function documentsFromText(text: string, max = MAX_DOC_CHARS): string[] {
  return cleanDocuments(normalizeNewlines(text).split(/\n[ \t\f\v]*\n\s*/), max);
}
