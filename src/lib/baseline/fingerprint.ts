// One fingerprint for a list of documents, whatever file format they came from, so an experiment
// records "which web text" independently of how it was loaded.
import { Sha256, utf8Length } from '../corpus/index.ts';

/**
 * SHA-256 (hex) over each document as a netstring `<utf8 length>:<text>,`. The length prefix makes the
 * encoding unambiguous: documents may contain blank lines or any character, and two different lists
 * can never hash the same input.
 */
export function fingerprintDocuments(docs: readonly string[]): string {
  const h = new Sha256();
  for (const d of docs) h.updateText(`${utf8Length(d)}:`).updateText(d).updateText(',');
  return h.digestHex();
}

/** Total UTF-8 bytes of the documents' text (separators not counted). */
export function documentBytes(docs: readonly string[]): number {
  let n = 0;
  for (const d of docs) n += utf8Length(d);
  return n;
}
