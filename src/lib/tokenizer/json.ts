// Checks a saved tokenizer before it is rebuilt. Saved experiments and imported result files are
// user-supplied, so a malformed one must fail with a message, never build a tokenizer that encodes
// differently from the one that was saved (string ids, fractions, or ids past the pair-key range would).
import type { TokenizerJSON } from './types.ts';

/** Largest BPE vocabulary the lab trains or restores; ids must stay below the 2^14 pair-key base. */
export const MAX_BPE_VOCAB = 8192;

const isId = (v: unknown, below: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < below && v !== 256;

/** The problem with `x` as a saved tokenizer, or null when it is well formed. */
export function tokenizerJSONProblem(x: unknown): string | null {
  if (x === null || typeof x !== 'object') return 'saved tokenizer: not an object';
  const j = x as Record<string, unknown>;
  if (j.version !== 1) return `saved tokenizer: unsupported version ${JSON.stringify(j.version)} (expected 1)`;
  if (j.kind === 'byte') return null;
  if (j.kind !== 'bpe') return `saved tokenizer: unknown kind ${JSON.stringify(j.kind)}`;
  if (typeof j.seed !== 'number' || !Number.isFinite(j.seed)) return 'saved BPE tokenizer: seed is not a number';
  if (!Array.isArray(j.merges)) return 'saved BPE tokenizer: merges is not a list';
  const vocab = 257 + j.merges.length;
  if (vocab > MAX_BPE_VOCAB) return `saved BPE tokenizer: ${vocab} ids exceeds the maximum vocabulary ${MAX_BPE_VOCAB}`;
  for (let i = 0; i < j.merges.length; i++) {
    const m: unknown = j.merges[i];
    const id = 257 + i;
    // Each merge may only join ids that exist before it: bytes, or earlier merges (never the separator).
    if (!Array.isArray(m) || m.length !== 2 || !isId(m[0], id) || !isId(m[1], id)) {
      return `saved BPE tokenizer: merge ${i} ${JSON.stringify(m)} refers to an id that does not exist yet (it must join two integer ids below ${id}, not the separator 256)`;
    }
  }
  if (j.vocabSize !== vocab) return `saved BPE tokenizer says vocabulary ${String(j.vocabSize)} but its merges make ${vocab} ids`;
  return null;
}

/** Narrows `x` to TokenizerJSON or throws an Error naming the problem. */
export function assertTokenizerJSON(x: unknown): asserts x is TokenizerJSON {
  const p = tokenizerJSONProblem(x);
  if (p !== null) throw new Error(p);
}
