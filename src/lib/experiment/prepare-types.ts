// What the page shows about the corpora an experiment trains on.
import type { CorpusStats } from '../corpus/index.ts';

export interface CorpusSummary {
  /** SHA-256 of the synthetic corpus bytes (the same for the same recipe and seed, anywhere). */
  fingerprint: string;
  stats: CorpusStats;
  web: { fingerprint: string; source: string; bytes: number; documents: number } | null;
  /** The extra corpus's training text (config.extra), when the experiment has one. */
  extra?: { fingerprint: string; source: string; bytes: number; documents: number };
}
