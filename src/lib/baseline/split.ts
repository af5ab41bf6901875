// Train / held-out split of a document list, reproducible from the experiment's seed.
import { Rng } from '../corpus/index.ts';

export interface DocumentSplit {
  train: string[];
  heldout: string[];
}

/**
 * Splits by document, deterministically from `seed`. Identical texts always land on the same side, so the
 * held-out set never contains a document the model trained on (web crawls have exact duplicates). Each side
 * keeps the documents' original order. With at least two distinct texts and 0 < fraction < 1, both sides
 * get at least one document.
 */
export function splitDocuments(docs: readonly string[], seed: number, heldoutFraction: number): DocumentSplit {
  if (!(heldoutFraction >= 0 && heldoutFraction <= 1)) throw new RangeError(`splitDocuments: heldoutFraction must be in [0, 1], got ${heldoutFraction}`);
  const distinct = [...new Set(docs)];
  const order = distinct.map((_, i) => i);
  const rng = new Rng(seed, 'baseline-split');
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor((rng.nextU32() / 2 ** 32) * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  let k = Math.round(distinct.length * heldoutFraction);
  if (distinct.length >= 2 && heldoutFraction > 0 && heldoutFraction < 1) k = Math.min(distinct.length - 1, Math.max(1, k));
  const held = new Set<string>();
  for (let i = 0; i < k; i++) held.add(distinct[order[i]]);
  const train: string[] = [];
  const heldout: string[] = [];
  for (const d of docs) (held.has(d) ? heldout : train).push(d);
  return { train, heldout };
}
