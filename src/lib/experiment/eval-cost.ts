// The worst-case cost of one evaluation of one run, in forward passes: what evaluateModel would do if
// no decoded row ever stopped early. Lets tests bound the cost and tools print it before training.
import { documentItems, minimalPairItems, probeDecodeCap, probeFits, rankingItems, scorePasses, worstCaseDecodePasses } from '../eval/index.ts';
import type { ExperimentConfig } from './config.ts';
import { byFamily, evalBatchSize, SAMPLE_TOKENS, surprisePassages } from './evaluate.ts';
import type { PreparedExperiment } from './prepare.ts';

export interface EvalCost {
  bpb: number;
  ranking: number;
  exact: number;
  pairs: number;
  samples: number;
  /** Two single-row passes per held-out set: the Surprise view's and the Attention view's. */
  surprise: number;
  total: number;
}

export function evalCost(prepared: PreparedExperiment, config: ExperimentConfig): EvalCost {
  const T = config.model.contextLength;
  const B = evalBatchSize(config);
  const tok = prepared.tokenizer;
  const bpb = prepared.heldout.reduce((n, h) => n + scorePasses(documentItems(tok, h.docs, config.eval.tokens).items, T, B), 0);
  let ranking = 0;
  let exact = 0;
  for (const probes of byFamily(prepared.probes).values()) {
    ranking += scorePasses(rankingItems(tok, probes, T), T, B);
    const caps = probes.filter((p) => probeFits(tok, p, T)).map((p) => probeDecodeCap(tok, p, T));
    exact += worstCaseDecodePasses(caps.sort((a, b) => b - a), B);
  }
  const pairs = prepared.minimalPairs.length ? scorePasses(minimalPairItems(tok, prepared.minimalPairs), T, B) : 0;
  const sampled = prepared.storyPrompts.length + (config.eval.samples ? prepared.prompts.length : 0);
  const samples = worstCaseDecodePasses(new Array<number>(sampled).fill(SAMPLE_TOKENS), B);
  const surprise = surprisePassages(prepared).length; // one pass reads both surprise and attention
  return { bpb, ranking, exact, pairs, samples, surprise, total: bpb + ranking + exact + pairs + samples + surprise };
}
