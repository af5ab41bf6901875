// Minimal-pair accuracy (contract: MinimalPair in corpus/types.ts): whole-sentence log-likelihood of
// the good vs the bad sentence, each scored after the document separator.
import type { MinimalPair } from '../corpus/types.ts';
import type { Model } from '../model/model.ts';
import type { Tokenizer } from '../tokenizer/types.ts';
import { pairCorrect } from './rank.ts';
import type { ForwardMeter } from './meter.ts';
import { scoreItems, type ScoreItem } from './score.ts';

export interface PairResult {
  id: string;
  family: MinimalPair['family'];
  /** Log-likelihoods in nats (sums over the sentence's tokens). */
  good: number;
  bad: number;
  correct: boolean;
}

/** The scored items: good then bad sentence of each pair, each after the separator. */
export function minimalPairItems(tokenizer: Tokenizer, pairs: readonly MinimalPair[]): ScoreItem[] {
  const context = [tokenizer.separatorId];
  return pairs.flatMap((p) => [
    { context, continuation: tokenizer.encode(p.good) },
    { context, continuation: tokenizer.encode(p.bad) },
  ]);
}

export async function evalMinimalPairs(model: Model, tokenizer: Tokenizer, pairs: readonly MinimalPair[], opts: { batchSize: number; meter?: ForwardMeter }): Promise<{ accuracy: number; results: PairResult[] }> {
  const nats = await scoreItems(model, minimalPairItems(tokenizer, pairs), opts);
  const results = pairs.map((p, i): PairResult => {
    const good = -nats[2 * i];
    const bad = -nats[2 * i + 1];
    return { id: p.id, family: p.family, good, bad, correct: pairCorrect(good, bad) };
  });
  return { accuracy: results.length ? results.filter((r) => r.correct).length / results.length : Number.NaN, results };
}
