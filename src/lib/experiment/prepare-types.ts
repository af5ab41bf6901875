// What the page shows about the corpora an experiment trains on, and preparation's constants that light
// modules (the headline readouts) quote without loading preparation itself.
import type { CorpusStats } from '../corpus/index.ts';

/** Probes are ranked among the answer and at most this many − 1 distractors (chance = 1 / that). */
export const MAX_CANDIDATES = 8;

export interface CorpusSummary {
  /** SHA-256 of the synthetic corpus bytes (the same for the same recipe and seed, anywhere). */
  fingerprint: string;
  stats: CorpusStats;
  web: { fingerprint: string; source: string; bytes: number; documents: number } | null;
  /** The extra corpus's training text (config.extra), when the experiment has one. */
  extra?: { fingerprint: string; source: string; bytes: number; documents: number };
}
