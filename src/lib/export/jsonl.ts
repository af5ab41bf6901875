// JSON Lines text export: one {"text": ...} object per document per line, the shape Hugging Face
// `datasets.load_dataset("json", ...)` and most pretraining scripts read. Built per chunk so a corpus
// streams through without being held.

/**
 * One document as one line. U+2028/U+2029 are escaped too: JSON allows them raw, but line readers that
 * split on Unicode line breaks (Python's str.splitlines) would cut the record in two.
 */
export function jsonlLine(text: string): string {
  return JSON.stringify({ text }).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029') + '\n';
}

/** Several documents as consecutive lines. */
export function jsonlChunk(docs: Iterable<{ text: string }>): string {
  let out = '';
  for (const d of docs) out += jsonlLine(d.text);
  return out;
}

/** Reads JSONL back into texts, checking every line is {"text": string}; for tests and validation. */
export function parseJsonl(data: string): string[] {
  const texts: string[] = [];
  const lines = data.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, i) => {
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new Error(`JSONL line ${i + 1} is not valid JSON`);
    }
    if (typeof v !== 'object' || v === null || typeof (v as { text?: unknown }).text !== 'string') throw new Error(`JSONL line ${i + 1} is not an object with a string "text"`);
    texts.push((v as { text: string }).text);
  });
  return texts;
}
