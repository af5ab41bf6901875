// The contract between corpus generators and everything that consumes them (training, eval, UI, CLI).
import type { Bits } from '../units.ts';

export type FamilyName = 'stories' | 'biographies' | 'arithmetic' | 'textbook';

/** One generated training document. `text` never contains the document separator. */
export interface Doc {
  family: FamilyName;
  text: string;
  /** Exact information content of the random choices that produced `text` (sum of -log2 p). */
  bits: Bits;
  /** True when `text` may not determine its choices uniquely, so `bits` is an upper bound. */
  bitsIsUpperBound: boolean;
  /**
   * Added by the corpus layer: 'web' marks a real web document mixed in for dilution (biographies at 1:r).
   * Web docs have `bits` = NaN (their information content is unknown) and are excluded from the entropy
   * floor. Absent means 'synthetic'.
   */
  source?: 'synthetic' | 'web';
}

/**
 * A held-out question whose answer the corpus teaches but whose wording never appears in training text.
 * Scoring: greedy exact match of `answer` after `prompt`; when `candidates` is present (it includes
 * `answer`), also by ranking the candidates by model likelihood (chance = 1 / candidates.length).
 * `answer` and every candidate are continuations appended directly to `prompt` (they carry their own
 * leading space if one is needed).
 */
export interface Probe {
  id: string;
  family: FamilyName;
  /** e.g. 'cloze', 'attribute', 'final-answer', 'two-hop', 'definition'. */
  kind: string;
  prompt: string;
  answer: string;
  candidates?: string[];
  /** Free-form facets for breakdowns, e.g. { steps: 3, split: 'ood' }. */
  meta?: Record<string, string | number | boolean>;
}

/** Grammatical vs. broken sentence; a model that learned the grammar gives `good` higher likelihood. */
export interface MinimalPair {
  id: string;
  family: FamilyName;
  good: string;
  bad: string;
  /** Added by the corpus layer: what the pair tests, e.g. 'agreement-singular', 'pronoun'. */
  kind?: string;
}
