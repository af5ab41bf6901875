// A tokenizer's identity as one hex string. The experiment runner records it in every checkpoint
// (origin.tokenizer), and export-weights refuses a tokenizer file whose digest differs, so exported
// weights always travel with the tokenizer they were trained with: a BPE of the same vocabulary size but
// other merges would load without error and silently scramble every id.
import { sha256Hex } from '../corpus/index.ts';
import { canonicalJson } from '../experiment/fingerprint.ts';
import type { Tokenizer } from '../tokenizer/index.ts';
import { exportTokenizer } from './tokenizer-json.ts';

/**
 * SHA-256 (hex) of the canonical JSON (keys sorted, no spaces) of the export's `synthlab` field: the form
 * that rebuilds the tokenizer exactly. The rest of the export (byte table, merges) is derived from it and
 * checked against it by importTokenizer, and its prose (the pre-tokenizer description) may be reworded
 * without changing the tokenizer, so it is left out. Python gets the same digest from a tokenizer.json with
 * hashlib.sha256(json.dumps(t["synthlab"], sort_keys=True, separators=(",", ":")).encode()).hexdigest().
 */
export function tokenizerDigest(tok: Tokenizer): string {
  return sha256Hex(canonicalJson(exportTokenizer(tok).synthlab));
}
